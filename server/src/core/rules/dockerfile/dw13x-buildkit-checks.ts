import { BatchWorkspace } from '../../batchWorkspace';
import { buildkitChecksEnabled } from '../../config';
import { buildkitFileFindings, buildkitStageFindings, STAGE_LOCAL_CHECKS, type BuildkitCheckName, type BuildkitFinding } from '../../dockerfile/buildkit';
import type { DockerfileModel } from '../../dockerfile/model';
import { stageRule, type DockerfileContext, type DockerfileRule, type Report, type StageContext } from '../../rule';
import type { Severity } from '../../types';
import { dirName, joinPath } from '../../workspace';

/**
 * BuildKit's build checks that have no older Dockwright rule, one DW code each (DW007 keeps its code and now follows
 * BuildKit instead of dockerfile-utils). The checks themselves live in core/dockerfile/buildkit.ts and run once per
 * parsed model; each rule picks its own. DuplicateStageName/StageNameCasing (DW115), SecretsUsedInArgOrEnv (DW116),
 * JSONArgsRecommended (DW117), UndefinedVar/UndefinedArgInFrom (DW118) are reported by those rules.
 */

/** The `.dockerignore` BuildKit uses for a Dockerfile whose context is its folder: `<Dockerfile>.dockerignore` first. */
export function dockerignoreFor(ctx: DockerfileContext): string | undefined {
  const ws = ctx.analysis.workspace;
  // exists() first: answered from one folder listing per batch, cheaper than a failing read on every keystroke.
  const own = `${ctx.file}.dockerignore`;
  if (ws.exists(own)) {
    const text = ws.readText(own);
    if (text !== undefined) return text;
  }
  const path = joinPath(dirName(ctx.file), '.dockerignore');
  return path === undefined || !ws.exists(path) ? undefined : ws.readText(path);
}

export function buildkitFindingsOf(ctx: DockerfileContext): BuildkitFinding[] {
  return buildkitFileFindings({ file: ctx.file, model: ctx.model, dockerignore: dockerignoreFor(ctx) });
}

interface GroupedReports {
  file: string;
  workspace: BatchWorkspace;
  byName: Map<BuildkitCheckName, Report[]>;
}

/** Per model: its BuildKit reports by check name, for the path and batch (its workspace) they were made in. */
const grouped = new WeakMap<DockerfileModel, GroupedReports>();

function groupReports(findings: BuildkitFinding[]): Map<BuildkitCheckName, Report[]> {
  const byName = new Map<BuildkitCheckName, Report[]>();
  for (const f of findings) {
    const report: Report = { range: f.range, message: `${f.name}: ${f.message}`, fixes: f.fixes ?? [], buildkit: f.name };
    const list = byName.get(f.name);
    if (list) list.push(report);
    else byName.set(f.name, [report]);
  }
  return byName;
}

/**
 * One rule's share of the model's BuildKit findings. Within a batch the workspace does not change, so the
 * `.dockerignore` lookup and the grouping by check name happen once per model and batch, not once per BuildKit rule.
 */
export function buildkitReports(ctx: DockerfileContext, name: BuildkitCheckName): Report[] {
  const { analysis, model } = ctx;
  if (!buildkitChecksEnabled(analysis.config)) return [];
  const workspace = analysis.workspace;
  if (!(workspace instanceof BatchWorkspace)) return groupReports(buildkitFindingsOf(ctx)).get(name) ?? [];
  let memo = grouped.get(model);
  if (memo?.workspace !== workspace || memo.file !== ctx.file) {
    memo = { file: ctx.file, workspace, byName: groupReports(buildkitFindingsOf(ctx)) };
    grouped.set(model, memo);
  }
  return memo.byName.get(name)?.slice() ?? [];
}

/** A stage-local check's reports in one stage (no `.dockerignore` read: none of those checks uses it). */
function buildkitStageReports(ctx: StageContext, name: BuildkitCheckName): Report[] {
  if (!buildkitChecksEnabled(ctx.analysis.config)) return [];
  return asReports(buildkitStageFindings({ file: ctx.file, model: ctx.model }, ctx.stage), name);
}

function asReports(findings: BuildkitFinding[], name: BuildkitCheckName): Report[] {
  return findings.filter((f) => f.name === name).map((f) => ({ range: f.range, message: `${name}: ${f.message}`, fixes: f.fixes ?? [], buildkit: name }));
}

interface Spec {
  code: string;
  name: BuildkitCheckName;
  title: string;
  description: string;
  fixTitles?: string[];
  severity?: Severity;
}

const SPECS: Spec[] = [
  {
    code: 'DW007',
    name: 'MultipleInstructionsDisallowed',
    title: 'Instruction repeated in a stage',
    description: 'A stage has more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK`; only the last one takes effect, the earlier ones are dead code that misleads readers (BuildKit check MultipleInstructionsDisallowed).',
  },
  {
    code: 'DW130',
    name: 'FromAsCasing',
    title: "'AS' not in the case of 'FROM'",
    description: "`FROM image as name` next to an upper-case `FROM` (or `AS` with `from`): the keywords of one instruction should share their casing (BuildKit check FromAsCasing).",
    fixTitles: ["Write 'AS'/'as' to match 'FROM'"],
  },
  {
    code: 'DW131',
    name: 'NoEmptyContinuation',
    title: 'Empty continuation line',
    description: 'An empty line inside an instruction continued with `\\`. Docker skips it today, and says it will become an error in a future release (BuildKit check NoEmptyContinuation).',
  },
  {
    code: 'DW132',
    name: 'ConsistentInstructionCasing',
    title: 'Instruction casing differs from the rest of the file',
    description: 'Instruction keywords are case-insensitive, but a file should use one casing: an instruction written in mixed case (`From`) or against the majority of the file (`copy` among `COPY`) is reported (BuildKit check ConsistentInstructionCasing). All upper case and all lower case are both fine.',
    fixTitles: ["Write the keyword in the file's majority casing"],
  },
  {
    code: 'DW133',
    name: 'ReservedStageName',
    title: 'Reserved stage name',
    description: '`scratch` and `context` are reserved names: a stage called that makes `FROM scratch` or named contexts ambiguous (BuildKit check ReservedStageName).',
  },
  {
    code: 'DW134',
    name: 'MaintainerDeprecated',
    title: 'MAINTAINER is deprecated',
    description: '`MAINTAINER` is deprecated; set the author with `LABEL org.opencontainers.image.authors="…"` (BuildKit check MaintainerDeprecated).',
    fixTitles: ['Replace MAINTAINER with LABEL org.opencontainers.image.authors'],
  },
  {
    code: 'DW135',
    name: 'WorkdirRelativePath',
    title: 'Relative WORKDIR without an absolute one before it',
    description: 'A relative `WORKDIR` is resolved against the base image\'s working directory, which can change with the base image. Reported for the first `WORKDIR` of a stage when no `WORKDIR` was set in it or in the stages it is built from (BuildKit check WorkdirRelativePath).',
  },
  {
    code: 'DW136',
    name: 'LegacyKeyValueFormat',
    title: 'Legacy `ENV key value` / `LABEL key value` format',
    description: '`ENV key value` (whitespace instead of `=`) is the legacy form: it sets one variable to the whole rest of the line and is easy to misread. Use `ENV key=value` (BuildKit check LegacyKeyValueFormat).',
    fixTitles: ['Write key=value'],
  },
  {
    code: 'DW137',
    name: 'InvalidDefaultArgInFrom',
    title: 'Default ARG value gives an invalid base image',
    description: 'With the default values of the global `ARG`s (no `--build-arg`), the `FROM` image name is empty or not a valid reference (e.g. `ARG VERSION` without default and `FROM alpine:$VERSION`): the build fails unless every user passes the argument (BuildKit check InvalidDefaultArgInFrom).',
  },
  {
    code: 'DW138',
    name: 'FromPlatformFlagConstDisallowed',
    title: 'FROM --platform with a constant value',
    description: '`FROM --platform=linux/amd64` pins a stage to one platform, which breaks multi-platform builds and emulates on other hosts. Use `$BUILDPLATFORM`/`$TARGETPLATFORM`; a stage whose name mentions the OS or architecture (`AS build-amd64`) is taken as deliberate (BuildKit check FromPlatformFlagConstDisallowed).',
  },
  {
    code: 'DW139',
    name: 'CopyIgnoredFile',
    title: 'COPY/ADD of a file excluded by .dockerignore',
    description: 'A source of `COPY`/`ADD` is excluded by the build context\'s `.dockerignore` (or `<Dockerfile>.dockerignore` next to the Dockerfile), so the build fails with "not found" or copies less than intended. Like BuildKit, the check is skipped when the ignore file has `!` exceptions (BuildKit check CopyIgnoredFile). The context is taken to be the Dockerfile\'s folder.',
  },
  {
    code: 'DW140',
    name: 'InvalidDefinitionDescription',
    title: 'Comment above ARG/stage is not a description',
    description: 'Experimental in BuildKit (only with `# check=experimental=InvalidDefinitionDescription` or `experimental=all`): a comment right above `ARG name` or `FROM … AS name` should start with that name (`# name what it is`), since tools show it as the description (BuildKit check InvalidDefinitionDescription).',
  },
  {
    code: 'DW141',
    name: 'RedundantTargetPlatform',
    title: 'FROM --platform=$TARGETPLATFORM is redundant',
    description: '`FROM --platform=$TARGETPLATFORM` is what every `FROM` does already (BuildKit check RedundantTargetPlatform).',
    fixTitles: ['Remove the redundant --platform flag'],
  },
  {
    code: 'DW142',
    name: 'ExposeProtoCasing',
    title: 'EXPOSE protocol not lower case',
    description: '`EXPOSE 80/TCP`: the protocol should be written in lower case (`80/tcp`) (BuildKit check ExposeProtoCasing).',
  },
  {
    code: 'DW143',
    name: 'ExposeInvalidFormat',
    title: 'EXPOSE with an IP address or host port',
    description: '`EXPOSE 127.0.0.1:80:80` or `EXPOSE 8080:80`: an image can only declare container ports; publishing to a host port or address is for `docker run -p` / compose `ports:`. Docker ignores that part today and says it will become an error (BuildKit check ExposeInvalidFormat).',
  },
  {
    code: 'DW144',
    name: 'InvalidBaseImagePlatform',
    title: 'Base image built for another platform',
    description: 'The base image is published for another platform than the stage is built for. BuildKit checks the pulled image\'s platform, which needs a registry; Dockwright reports the cases known statically: a constant `FROM --platform=…` with a per-architecture image (`arm64v8/alpine`, `amd64/…`, Windows images) (BuildKit check InvalidBaseImagePlatform).',
  },
];

function buildkitRule(spec: Spec): DockerfileRule {
  const meta = {
    code: spec.code,
    target: 'dockerfile' as const,
    title: spec.title,
    defaultSeverity: spec.severity ?? 'warning',
    description: `${spec.description} Off when \`dockwright.dockerfile.buildkitChecks\` is \`off\`, or \`auto\` with Docker DX installed (it reports BuildKit's checks itself); \`# check=skip=${spec.name}\` skips it, \`# check=error=true\` makes it an error.`,
    fixTitles: spec.fixTitles ?? [],
  };
  if (STAGE_LOCAL_CHECKS.has(spec.name)) return stageRule({ ...meta, checkStage: (ctx) => buildkitStageReports(ctx, spec.name) });
  return { ...meta, check: (ctx) => buildkitReports(ctx, spec.name) };
}

export const buildkitRules: DockerfileRule[] = SPECS.map(buildkitRule);
