// The custom requests between the Dockwright client and its language server: method names and plain data
// types only (no code), imported by both sides so a request and its handler cannot drift apart.
// The client holds no analysis code: what needs the Dockerfile or compose model is asked of the server.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A custom request: its method name, with its parameter and result types attached for `sendRequest`/`onRequest`. */
export interface RequestSpec<Params, Result> {
  readonly method: string;
  /** Never set: carries the types. */
  readonly types?: { params: Params; result: Result };
}

// ---------- build failures (client/src/engine/buildOutput.ts parses them from the engine's output) ----------

export type BuildOutputFormat = 'buildkit' | 'classic';

export interface BuildStepRef {
  /** Words in front of `i/n` in a BuildKit vertex name: stage name and/or compose service name. */
  prefix: string[];
  index: number;
  total: number;
  /** Instruction as the engine printed it, e.g. `RUN echo hi`. */
  instruction: string;
}

export interface BuildFailure {
  format: BuildOutputFormat;
  /** Short reason, e.g. `process "/bin/sh -c exit 3" did not complete successfully: exit code: 3`. */
  message: string;
  /** From modern BuildKit: the file name and 1-based line it printed. */
  file?: string;
  line?: number;
  /** BuildKit step (`[stage 4/4] RUN …`), mapped to a line by the server (core/build/locateFailure.ts). */
  step?: BuildStepRef;
  /** Classic builder: `Step 5/6 : RUN …` (index counts every instruction of the file). */
  classicStep?: { index: number; total: number; instruction: string };
  /** BuildKit base-image resolution failure: the image reference of a FROM. */
  baseImage?: string;
  /** Compose: the service that failed, when the output names it. */
  service?: string;
}

export interface FailureLocation {
  /** 1-based line of the failing instruction. */
  line: number;
  /** Range of the whole instruction (0-based, LSP style). */
  range: Range;
  /** How the location was found. */
  via: 'line' | 'step' | 'classic-step' | 'base-image';
}

export interface LocateBuildFailureParams {
  /** Text of the Dockerfile that was built. */
  dockerfileText: string;
  failure: BuildFailure;
  /** Compose service being built, when known (BuildKit prefixes vertex names with it). */
  service?: string;
}

/** Maps a parsed build failure to the Dockerfile instruction that failed; null when it cannot be placed. */
export const LocateBuildFailureRequest: RequestSpec<LocateBuildFailureParams, FailureLocation | null> = { method: 'dockwright/locateBuildFailure' };

// ---------- compose services for the engine commands and the Services view ----------

export interface ComposeService {
  name: string;
  profiles: string[];
  /** Build context as written (relative to the compose file's folder), when the service builds locally. */
  buildContext?: string;
  /** Dockerfile as written (relative to the build context), default `Dockerfile`. */
  dockerfile?: string;
  image?: string;
  /** True when the compose file defines a healthcheck test (not disabled). */
  hasHealthcheck: boolean;
  healthcheckDisabled: boolean;
  /** Path to probe over HTTP: label `dockwright.health.path`, else a URL path in the healthcheck test, else `/health`. */
  healthPath: string;
  labels: Record<string, string>;
}

export interface ComposeFileModel {
  services: ComposeService[];
  /** Names that were skipped because they fail the strict name rules. */
  rejected: string[];
  error?: string;
}

export interface ComposeServicesParams {
  /** Text of one compose file. */
  text: string;
}

/** The services of one compose file as the engine commands need them (names checked, contexts local). */
export const ComposeServicesRequest: RequestSpec<ComposeServicesParams, ComposeFileModel> = { method: 'dockwright/composeServices' };
