import { dockerfileOf, type Analysis } from '../analysis';
import { baseName, dirName } from '../workspace';
import { toolAvailability } from '../dockerfile/image';
import { effectiveInstruction, findStage, stageLineage, type DockerfileModel, type Stage } from '../dockerfile/model';
import { BUSYBOX_TOOLS, COREUTILS_TOOLS, infraImage, isProdProfile } from './knowledge';
import type { ComposeModel, ComposeService } from './model';
import { isEnabled, profileNames } from './profiles';
import type { ComposeProject, ProjectService } from './project';
import type { Fix } from '../types';

/** Project-level questions the compose rules share. */

/** Prod-like profiles used in the project; none means the file describes a single (production) deployment. */
const profileCache = new WeakMap<ComposeProject, { all: string[]; prod: string[] }>();

function profilesOf(project: ComposeProject): { all: string[]; prod: string[] } {
  let hit = profileCache.get(project);
  if (!hit) {
    const all = profileNames(project.services);
    hit = { all, prod: all.filter(isProdProfile) };
    profileCache.set(project, hit);
  }
  return hit;
}

export function prodProfiles(project: ComposeProject): string[] {
  return profilesOf(project).prod;
}

/**
 * Whether the service runs in production, decided per service: enabled under a prod-like profile when the project has
 * one; otherwise enabled with no profile active (`docker compose up`, what gets deployed) — so a service without
 * `profiles:` counts even when some unrelated service has a `dev`/`debug` profile, and a service only in non-prod
 * profiles does not.
 */
export function isProdEnabled(project: ComposeProject, name: string): boolean {
  const service = project.services.get(name);
  if (!service) return false;
  const prod = prodProfiles(project);
  if (prod.length === 0) return isEnabled(service, new Set());
  return prod.some((p) => isEnabled(service, new Set([p])));
}

/**
 * A test of a path, memoised by the path (it depends on nothing else): the rules ask it once per service and rule, with
 * the same few file names. At most MAX_REMEMBERED_PATHS are kept.
 */
export function memoisedPathTest(test: (path: string) => boolean): (path: string) => boolean {
  const results = new Map<string, boolean>();
  return (path) => {
    let result = results.get(path);
    if (result === undefined) {
      if (results.size >= MAX_REMEMBERED_PATHS) results.clear();
      results.set(path, (result = test(path)));
    }
    return result;
  };
}

const MAX_REMEMBERED_PATHS = 1000;

/** A compose file named for production: `docker-compose.prod.yml`, `compose.production.yaml`, `prod/compose.yaml`. */
export const isProdFileName = memoisedPathTest((path) => {
  const name = baseName(path).replace(/\.ya?ml$/i, '');
  return /(^|[._-])(prod|production)([._-]|$)/i.test(name) || /(^|\/)(prod|production)\//i.test(dirName(path) + '/');
});

/** A compose file that by its path is a test or CI stack: `tests/…/compose.yaml`, `.ci/compose.cypress.yaml`, `docker-compose.test.yml`. */
export const isTestOrCiFilePath = memoisedPathTest((path) => {
  const name = baseName(path).replace(/\.ya?ml$/i, '');
  if (/(^|[._-])(test|tests|testing|ci|e2e|cypress)([._-]|$)/i.test(name)) return true;
  return dirName(path)
    .split('/')
    .some((segment) => /^(\.?tests?|e2e|integration|integration-tests?|\.ci|ci|testdata|fixtures?)$/i.test(segment));
});

/**
 * A compose file that by its path is a test, CI or development stack, not what gets deployed: the test/CI stacks
 * above, `.devcontainer/docker-compose.yml`, `develop/…`, `docker-compose.dev.yml`, `docker-compose.local.yml`.
 */
export const isNonProdFilePath = memoisedPathTest((path) => {
  if (isTestOrCiFilePath(path)) return true;
  const name = baseName(path).replace(/\.ya?ml$/i, '');
  if (/(^|[._-])(dev|develop|development|devel|local|debug)([._-]|$)/i.test(name)) return true;
  return dirName(path)
    .split('/')
    .some((segment) => /^(\.devcontainer|\.worktree-container|develop|dev|devenv)$/i.test(segment));
});

/** How Dockwright knows that a service runs in production: `known` (a prod profile, a prod file) or only `assumed`. */
export interface ProdEvidence {
  known: boolean;
  /** For messages: `in profile prod`, `in production (docker-compose.prod.yml)`, `in production (assumed: …)`. */
  where: string;
}

/**
 * Whether and how a service runs in production. Known: it is enabled in a prod-like profile, or the file (or a `-f`
 * set the repository combines it in) is a prod file by name. Otherwise production is only assumed (the project has
 * no prod profile and `docker compose up` starts the service), except in a file whose path says it is a test, CI or
 * development stack: there it is not assumed at all (undefined, as for a service that does not run in production).
 */
export function prodEvidence(analysis: Analysis, project: ComposeProject, file: string, name: string): ProdEvidence | undefined {
  if (!isProdEnabled(project, name)) return undefined;
  const prod = prodProfiles(project);
  if (prod.length) return { known: true, where: `in profile ${prod.join('/')}` };
  const prodFile = [file, ...project.files].find(isProdFileName) ?? analysis.composeFileSets().find((set) => set.files.includes(file))?.files.find(isProdFileName);
  if (prodFile !== undefined) return { known: true, where: `in production (${prodFile === file ? 'the file is named for it' : `combined with ${prodFile}`})` };
  if (isNonProdFilePath(file)) return undefined;
  const why = profilesOf(project).all.length ? 'it has no profile, so `docker compose up` starts it, and the project has no prod profile' : 'the project has no profiles and no file named for production';
  return { known: false, where: `in production, if this file is deployed (assumed: ${why})` };
}

/** The server command of Wire Compose Profiles (server/src/lsp/compose.ts registers it under the same id). */
export const WIRE_PROFILES_COMMAND = 'dockwright.wireProfiles';

/**
 * For a finding whose "production" is only assumed in a project without profiles: Wire Compose Profiles, which
 * separates a `dev` profile (infrastructure with host ports) from `prod`, so production becomes known.
 */
export function wireProfilesFix(project: ComposeProject, file: string): Fix[] {
  if (profilesOf(project).all.length) return [];
  return [{ title: 'Wire Compose Profiles (dev/prod)', edits: [], command: { id: WIRE_PROFILES_COMMAND, arguments: [{ workspacePath: file }] } }];
}

export interface ServiceDefinition {
  file: string;
  model: ComposeModel;
  service: ComposeService;
}

/** The file of the project that defines a service (the last one that mentions it, i.e. the override wins). */
export function findDefinition(analysis: Analysis, project: ComposeProject, name: string): ServiceDefinition | undefined {
  for (const file of [...project.files].reverse()) {
    const model = analysis.compose(file);
    const service = model?.services.find((s) => s.name === name);
    if (model && service) return { file, model, service };
  }
  return undefined;
}

export interface ServiceImage {
  dockerfilePath: string;
  dockerfile: DockerfileModel;
  /** The stage that runs: `build.target` or the final stage. */
  stage: Stage;
}

/** The Dockerfile (and stage) a service builds, using the merged view for build settings. */
export function serviceDockerfile(analysis: Analysis, project: ComposeProject, file: string, name: string): ServiceImage | undefined {
  const merged = project.services.get(name);
  if (!merged?.build) return undefined;
  const dockerfilePath = dockerfileOf(file, { context: merged.build.context, dockerfile: merged.build.dockerfile ? { value: merged.build.dockerfile } : undefined, dockerfileInline: typeof merged.data.build === 'object' && !!(merged.data.build as Record<string, unknown>).dockerfile_inline });
  if (!dockerfilePath) return undefined;
  const dockerfile = analysis.dockerfile(dockerfilePath);
  if (!dockerfile?.finalStage) return undefined;
  const stage = merged.build.target ? findStage(dockerfile, merged.build.target) : dockerfile.finalStage;
  if (!stage) return undefined;
  return { dockerfilePath, dockerfile, stage };
}

/** Whether the image has its own HEALTHCHECK (not NONE). */
export function imageHasHealthcheck(image: ServiceImage | undefined): boolean {
  const hc = image && effectiveInstruction(image.stage, 'HEALTHCHECK');
  return !!hc && !/^\s*NONE\s*$/i.test(hc.argsText);
}

/** Packages installed in a stage and its parents. */
export function installedPackages(stage: Stage): Set<string> {
  const out = new Set<string>();
  for (const s of stageLineage(stage)) for (const i of s.installs) for (const p of i.packages) out.add(p.value.split(/[=<>~]/)[0]);
  return out;
}

/**
 * Whether a program is available in the image a stage produces: true, false, or undefined when we cannot tell
 * (unknown base image, a program copied in under another name…).
 */
export function stageHasTool(stage: Stage, tool: string): boolean | undefined {
  const known = toolAvailability(stage, tool);
  if (known !== 'unknown') return known === 'present';
  // What the Dockerfile model cannot know: the tools that well-known service images ship.
  const name = tool.split('/').pop()!;
  const base = stageLineage(stage).pop()!;
  if (base.image.dynamic) return undefined;
  const imageName = base.image.name.toLowerCase();
  const infra = infraImage(base.image.raw);
  if (infra) return infra.tools.includes(name) || BUSYBOX_TOOLS.has(name) ? true : undefined;
  if (/(^|\/)(nginx|angie|httpd|caddy|traefik)$/.test(imageName) && (name === 'curl' || name === 'wget')) return name === 'curl' || base.distro === 'alpine';
  if (base.distro === 'debian' && COREUTILS_TOOLS.has(name)) return true;
  return undefined;
}

/** Ports the stage EXPOSEs (numbers as strings, protocol stripped). */
export function exposedPorts(stage: Stage): string[] {
  const out: string[] = [];
  for (const s of stageLineage(stage)) for (const i of s.instructions) if (i.keyword === 'EXPOSE') for (const p of i.argsText.split(/\s+/).filter(Boolean)) out.push(p.split('/')[0]);
  return out;
}

/** A healthcheck for a service: the image's own probe for known infra, else an HTTP probe with a tool the image has. */
export function suggestHealthcheck(project: ComposeProject, service: ProjectService, image: ServiceImage | undefined): string[] | undefined {
  const infra = infraImage(service.image);
  if (infra?.healthcheck) {
    const env: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(service.environment)) env[k] = v === null || v === undefined ? undefined : String(v);
    return infra.healthcheck(env);
  }
  if (!image) return undefined;
  const port = exposedPorts(image.stage)[0] ?? containerPorts(service)[0];
  if (!port) return undefined;
  const url = `http://127.0.0.1:${port}${healthPath(project)}`;
  if (stageHasTool(image.stage, 'wget') === true && image.stage.distro === 'alpine') return ['CMD', 'wget', '-qO-', url];
  if (stageHasTool(image.stage, 'curl') === true) return ['CMD', 'curl', '-fsS', url];
  if (stageHasTool(image.stage, 'wget') === true) return ['CMD', 'wget', '-qO-', url];
  return undefined;
}

export function containerPorts(service: ProjectService): string[] {
  return service.ports.map((p) => (typeof p === 'object' && p ? String((p as Record<string, unknown>).target ?? '') : String(p).split('/')[0].split(':').pop()!)).filter(Boolean);
}

/** The HTTP path other healthchecks of the project probe (e.g. `/health`), or `/`. */
export function healthPath(project: ComposeProject): string {
  for (const s of project.services.values()) {
    const text = JSON.stringify(s.healthcheck?.test ?? '');
    const m = /https?:\/\/[^/"\s]+(\/[^"\s]*)/.exec(text);
    if (m) return m[1];
  }
  return '/';
}

/** `["CMD", "redis-cli", "ping"]` as a YAML flow sequence. */
export function flowList(items: string[]): string {
  return `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;
}

export function healthcheckLines(test: string[], step: number): string[] {
  const pad = ' '.repeat(step);
  return ['healthcheck:', `${pad}test: ${flowList(test)}`, `${pad}interval: 10s`, `${pad}timeout: 3s`, `${pad}retries: 5`, `${pad}start_period: 10s`];
}
