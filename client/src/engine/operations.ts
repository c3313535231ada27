// What the Build, Health-Check, Start and Logs commands do, without any VS Code UI: engine tests call these.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseBuildFailure, servicesInBuildOutput, type BuildFailure } from './buildOutput';
import type { FailureLocation } from '../../../shared/protocol';
import type { ComposeService } from './composeFile';
import { defaultProjectName, Engine, EngineError, isDaemonDown, type ComposeProject } from './engine';
import { probePort, type ProbeResult } from './probe';
import { parseComposePs, parseDockerPs, parseImageSize, parseInspect, type ContainerInfo, type HealthState, type InspectedHealth } from './psOutput';
import { succeeded, type RunOptions, type RunResult } from './runner';
import { checkImageRef, checkPath, checkServiceName, checkStageName } from './validate';

export interface OperationOptions {
  signal?: AbortSignal;
  onOutput?: RunOptions['onOutput'];
  timeoutMs?: number;
}

/**
 * Maps a build failure to the Dockerfile instruction that failed. The extension asks the language server
 * (`dockwright/locateBuildFailure`, client/src/serverRequests.ts): the client holds no Dockerfile model.
 */
export type FailureLocator = (dockerfileText: string, failure: BuildFailure, service?: string) => Promise<FailureLocation | undefined>;

export interface BuildOptions extends OperationOptions {
  /** Without it a failed build is reported without a Dockerfile location. */
  locate?: FailureLocator;
}

export type BuildTarget =
  | { kind: 'compose'; project: ComposeProject; services: ComposeService[]; /** empty: build all */ only: string[] }
  | { kind: 'dockerfile'; dockerfile: string; context: string; tag?: string; /** `--target`: the stage to build */ target?: string };

export interface BuildOutcome {
  ok: boolean;
  cancelled: boolean;
  result: RunResult;
  failure?: BuildFailure;
  /** The service whose build failed, when known. */
  failedService?: string;
  /** Absolute path of the Dockerfile the failure belongs to. */
  dockerfile?: string;
  location?: FailureLocation;
  /** One line for notifications. */
  summary: string;
}

export async function build(engine: Engine, target: BuildTarget, options: BuildOptions = {}): Promise<BuildOutcome> {
  let result: RunResult;
  const runOptions: RunOptions = { signal: options.signal, onOutput: options.onOutput, timeoutMs: options.timeoutMs };
  if (target.kind === 'compose') {
    const names = target.only.map(checkServiceName);
    result = await engine.runCompose(target.project, ['build', ...names], runOptions);
  } else {
    const args = ['build', '-f', checkPath(target.dockerfile)];
    if (target.tag) args.push('-t', checkImageRef(target.tag));
    if (target.target) args.push('--target', checkStageName(target.target));
    args.push(checkPath(target.context));
    result = await engine.docker(args, { ...runOptions, cwd: path.dirname(target.context) });
  }
  if (succeeded(result)) return { ok: true, cancelled: false, result, summary: 'Build succeeded' };
  if (result.cancelled) return { ok: false, cancelled: true, result, summary: 'Build cancelled' };
  const failure = parseBuildFailure(result.output);
  // A RUN step may itself print "connection refused": only an unparsed failure can mean the daemon is down.
  if (result.spawnError || (!failure && isDaemonDown(result.output))) throw engine.errorFor(result);

  const outcome: BuildOutcome = { ok: false, cancelled: false, result, summary: 'Build failed' };
  outcome.failure = failure;
  let dockerfile: string | undefined;
  let service: string | undefined;
  if (target.kind === 'dockerfile') dockerfile = target.dockerfile;
  else {
    const known = target.services.map((s) => s.name);
    service =
      failure?.service ??
      (failure?.step?.prefix[0] && known.includes(failure.step.prefix[0]) ? failure.step.prefix[0] : undefined) ??
      (target.only.length === 1 ? target.only[0] : undefined) ??
      onlyOne(servicesInBuildOutput(result.output, known));
    const def = target.services.find((s) => s.name === service);
    if (def?.buildContext !== undefined) dockerfile = path.resolve(target.project.dir, def.buildContext, def.dockerfile ?? 'Dockerfile');
  }
  outcome.failedService = service;
  outcome.dockerfile = dockerfile;
  if (failure && dockerfile && options.locate) {
    try {
      outcome.location = await options.locate(await readFile(dockerfile, 'utf8'), failure, service);
    } catch {
      /* Dockerfile unreadable (remote context, deleted) or no language server: no location */
    }
  }
  const where = dockerfile ? ` at ${path.basename(dockerfile)}${outcome.location ? `:${outcome.location.line}` : ''}` : '';
  outcome.summary = `Build failed${service ? ` (${service})` : ''}${where}: ${failure?.message ?? lastLine(result.output)}`;
  return outcome;
}

export interface ServiceHealth {
  service: string;
  container?: string;
  state: 'running' | 'not running' | string;
  /** healthy/unhealthy/starting from the engine, or from the port probe when there is no healthcheck. */
  health: HealthState;
  source: 'healthcheck' | 'probe' | 'none';
  detail: string;
  probe?: ProbeResult;
}

/** Lists the project's containers: `compose ps --format json` (v2), or `docker ps` by project label (v1). */
export async function listContainers(engine: Engine, project: ComposeProject, options: OperationOptions = {}): Promise<ContainerInfo[]> {
  const cli = await engine.compose();
  if (cli.flavour === 'v1') {
    const name = project.projectName ?? defaultProjectName(project.dir, engine.env());
    const r = await engine.docker(['ps', '--all', '--no-trunc', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{json .}}'], { signal: options.signal, timeoutMs: 30_000 });
    if (!succeeded(r)) throw engine.errorFor(r);
    return parseDockerPs(r.stdout).filter((c) => c.project === name);
  }
  const r = await engine.runCompose(project, ['ps', '--all', '--format', 'json'], { signal: options.signal, timeoutMs: 30_000 });
  if (!succeeded(r)) throw engine.errorFor(r);
  return parseComposePs(r.stdout);
}

export interface HealthOptions extends OperationOptions {
  probeTimeoutMs?: number;
}

export async function healthCheck(engine: Engine, project: ComposeProject, services: ComposeService[], options: HealthOptions = {}): Promise<ServiceHealth[]> {
  const containers = await listContainers(engine, project, options);
  const ids = containers.map((c) => c.id).filter((id) => /^[0-9a-f]{12,64}$/.test(id));
  let inspected: InspectedHealth[] = [];
  if (ids.length) {
    const r = await engine.docker(['inspect', ...ids], { signal: options.signal, timeoutMs: 30_000 });
    if (succeeded(r)) inspected = parseInspect(r.stdout);
  }
  const local = await engine.engineIsLocal();
  const out: ServiceHealth[] = [];
  for (const svc of services) {
    const mine = containers.filter((c) => c.service === svc.name);
    const container = mine.find((c) => c.state === 'running') ?? mine[0];
    if (!container) {
      out.push({ service: svc.name, state: 'not running', health: 'none', source: 'none', detail: 'no container' });
      continue;
    }
    const details = inspected.find((i) => container.id && i.id.startsWith(container.id));
    const health = details?.health ?? container.health;
    const base = { service: svc.name, container: container.name, state: container.state };
    if (container.state !== 'running') {
      out.push({ ...base, health: 'unhealthy', source: 'none', detail: container.status || container.state });
    } else if (health !== 'none') {
      const last = details?.lastOutput ? `; last check: ${details.lastOutput}` : details?.lastExitCode !== undefined ? `; last check exit code ${details.lastExitCode}` : '';
      out.push({ ...base, health, source: 'healthcheck', detail: `${health} (healthcheck${details?.failingStreak ? `, failing streak ${details.failingStreak}` : ''})${last}` });
    } else {
      const ports = (details?.ports.length ? details.ports : container.ports).filter((p) => p.protocol === 'tcp');
      const port = ports.find((p) => isLoopbackOrAny(p.host));
      if (!local) out.push({ ...base, health: 'none', source: 'none', detail: 'no healthcheck; the engine is remote, so its ports are not probed' });
      else if (!port) out.push({ ...base, health: 'none', source: 'none', detail: ports.length ? `no healthcheck; port published on ${ports[0].host} only, not probed` : 'no healthcheck and no published port' });
      else {
        const probe = await probePort(port.published, svc.healthPath, options.probeTimeoutMs ?? 3000);
        const detail =
          probe.kind === 'http'
            ? `HTTP ${probe.status} on 127.0.0.1:${port.published}${svc.healthPath}`
            : probe.kind === 'tcp'
              ? `${probe.note} (127.0.0.1:${port.published})`
              : `probe failed: ${probe.reason}`;
        out.push({ ...base, health: probe.ok ? 'healthy' : 'unhealthy', source: 'probe', detail, probe });
      }
    }
  }
  return out;
}

export interface StartOutcome {
  ok: boolean;
  cancelled: boolean;
  result: RunResult;
  health: ServiceHealth[];
  summary: string;
}

/** `up -d --wait` (compose v2); compose v1 has no --wait, so poll health until nothing is `starting`. */
export async function startServices(engine: Engine, project: ComposeProject, services: ComposeService[], options: HealthOptions & { waitSeconds?: number } = {}): Promise<StartOutcome> {
  const cli = await engine.compose();
  const waitSeconds = options.waitSeconds ?? 60;
  const args = cli.flavour === 'v1' ? ['up', '-d'] : ['up', '-d', '--wait', '--wait-timeout', String(waitSeconds)];
  const result = await engine.runCompose(project, args, { signal: options.signal, onOutput: options.onOutput, timeoutMs: (waitSeconds + 120) * 1000 });
  if (result.cancelled) return { ok: false, cancelled: true, result, health: [], summary: 'Start cancelled' };
  if (result.spawnError || isDaemonDown(result.output)) throw engine.errorFor(result);
  let health = await healthCheck(engine, project, services, options);
  const deadline = Date.now() + waitSeconds * 1000;
  while (health.some((h) => h.health === 'starting') && Date.now() < deadline && !options.signal?.aborted) {
    await new Promise((r) => setTimeout(r, 1000));
    health = await healthCheck(engine, project, services, options);
  }
  const healthy = health.filter((h) => h.health === 'healthy').length;
  const upOk = succeeded(result) || upFailedOnlyForMissingHealthchecks(result.output);
  const ok = upOk && health.every((h) => h.health === 'healthy' || h.health === 'none');
  return { ok, cancelled: false, result, health, summary: `${upOk ? 'Started' : 'Start reported errors'}: ${healthy}/${health.length} healthy` };
}

/**
 * Some compose v2 releases make `up --wait` fail on a service that has no healthcheck ("container … has no
 * healthcheck configured") even though everything started: that alone is not a failed start.
 */
export function upFailedOnlyForMissingHealthchecks(output: string): boolean {
  const problems = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(Network|Container|Volume|Image)\s+\S+\s+(Creating|Created|Starting|Started|Waiting|Healthy|Running|Recreate|Recreated|Built|Pulled)$/.test(l));
  return problems.length > 0 && problems.every((l) => /has no healthcheck configured$/.test(l));
}

export async function logs(engine: Engine, project: ComposeProject, service: string | undefined, options: OperationOptions & { tail?: number } = {}): Promise<RunResult> {
  const args = ['logs', '--no-color', '--tail', String(options.tail ?? 200)];
  if (service) args.push(checkServiceName(service));
  const r = await engine.runCompose(project, args, { signal: options.signal, onOutput: options.onOutput, timeoutMs: options.timeoutMs ?? 60_000 });
  if (r.spawnError || (!succeeded(r) && isDaemonDown(r.output))) throw engine.errorFor(r);
  // Any other failure is one too (a vanished service, a bad compose file): never a silent empty output.
  if (!succeeded(r) && !r.cancelled) {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    throw new EngineError('failed', `Show Logs failed: ${r.command} ${r.args.join(' ')} ${r.timedOut ? 'timed out' : `exited with code ${r.code}`}${last ? `: ${last}` : ''}`, r);
  }
  return r;
}

export async function imageSize(engine: Engine, image: string, options: OperationOptions = {}): Promise<number | undefined> {
  const r = await engine.docker(['image', 'inspect', '--format', '{{json .Size}}', checkImageRef(image)], { signal: options.signal, timeoutMs: 20_000 });
  return succeeded(r) ? parseImageSize(r.stdout) : undefined;
}

/** The image compose builds for a service: its `image:`, else `<project>-<service>` (v2) / `<project>_<service>` (v1). */
export async function serviceImage(engine: Engine, project: ComposeProject, service: ComposeService): Promise<string> {
  if (service.image) return service.image;
  const cli = await engine.compose();
  const name = project.projectName ?? defaultProjectName(project.dir, engine.env());
  return `${name}${cli.flavour === 'v1' ? '_' : '-'}${service.name}`;
}

export function summariseHealth(health: ServiceHealth[]): { healthy: number; total: number; text: string } {
  const healthy = health.filter((h) => h.health === 'healthy').length;
  return { healthy, total: health.length, text: `${healthy}/${health.length} healthy` };
}

function isLoopbackOrAny(host: string): boolean {
  return host === '' || host === '0.0.0.0' || host === '127.0.0.1' || host === '::' || host === '::1';
}

function onlyOne<T>(list: T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

function lastLine(s: string): string {
  return s.trim().split(/\r?\n/).pop()?.slice(0, 300) ?? '';
}

export { EngineError };
