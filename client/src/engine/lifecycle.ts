// Stop, Down, Restart, Start one service and Follow logs, without any VS Code UI: the Services view, the palette,
// the `dockwright` tasks and the engine tests call these. Every command carries the active profiles
// (`--profile a --profile b`), so services that only exist in a profile are really stopped and removed.
import { isDaemonDown, type ComposeProject, type Engine } from './engine';
import { succeeded, type RunResult } from './runner';
import { checkServiceName } from './validate';
import type { OperationOptions } from './operations';

export type LifecycleAction = 'stop' | 'down' | 'restart' | 'start';

export interface LifecycleOutcome {
  ok: boolean;
  cancelled: boolean;
  result: RunResult;
  summary: string;
}

/** The compose arguments of an action (after the global `-f`/`-p`/`--profile` ones). */
export function lifecycleArgs(action: LifecycleAction, services: string[], flavour: 'v1' | 'v2', options: { timeoutSeconds?: number; waitSeconds?: number } = {}): string[] {
  const names = services.map(checkServiceName);
  const t = String(Math.max(0, Math.floor(options.timeoutSeconds ?? 10)));
  switch (action) {
    case 'stop':
      return ['stop', '-t', t, ...names];
    case 'restart':
      return ['restart', '-t', t, ...names];
    case 'down':
      // `down` takes no service names (compose v2.20+ does, v1 never): it removes the whole project of the active profiles.
      return ['down', '-t', t];
    case 'start':
      // `up` (not `start`): creates the container when there is none yet, and its dependencies.
      return flavour === 'v1' ? ['up', '-d', ...names] : ['up', '-d', '--wait', '--wait-timeout', String(options.waitSeconds ?? 60), ...names];
  }
}

const VERB: Record<LifecycleAction, [string, string]> = {
  stop: ['Stopped', 'Stop'],
  down: ['Removed', 'Down'],
  restart: ['Restarted', 'Restart'],
  start: ['Started', 'Start'],
};

export async function runLifecycle(
  engine: Engine,
  project: ComposeProject,
  action: LifecycleAction,
  services: string[] = [],
  options: OperationOptions & { waitSeconds?: number } = {},
): Promise<LifecycleOutcome> {
  const cli = await engine.compose();
  const args = lifecycleArgs(action, services, cli.flavour === 'v1' ? 'v1' : 'v2', { waitSeconds: options.waitSeconds });
  const result = await engine.runCompose(project, args, { signal: options.signal, onOutput: options.onOutput, timeoutMs: options.timeoutMs ?? ((options.waitSeconds ?? 60) + 120) * 1000 });
  const what = services.length ? services.join(', ') : 'all services';
  const [done, verb] = VERB[action];
  if (result.cancelled) return { ok: false, cancelled: true, result, summary: `${verb} cancelled` };
  if (result.spawnError || (!succeeded(result) && isDaemonDown(result.output))) throw engine.errorFor(result);
  if (succeeded(result)) return { ok: true, cancelled: false, result, summary: `${done} ${what}${project.profiles.length ? ` (profiles: ${project.profiles.join(', ')})` : ''}` };
  const last = result.output.trim().split(/\r?\n/).pop()?.slice(0, 300) ?? '';
  return { ok: false, cancelled: false, result, summary: `${verb} failed: ${last}` };
}

/**
 * `logs --follow`: streams through `onOutput` until the signal aborts it (or the containers exit). Resolves with
 * the run's result; a cancelled follow is the normal way it ends.
 */
export async function followLogs(engine: Engine, project: ComposeProject, service: string | undefined, options: OperationOptions & { tail?: number }): Promise<RunResult> {
  const args = ['logs', '--follow', '--no-color', '--tail', String(options.tail ?? 100)];
  if (service) args.push(checkServiceName(service));
  // No timeout: following ends when the user stops it.
  const r = await engine.runCompose(project, args, { signal: options.signal, onOutput: options.onOutput, timeoutMs: options.timeoutMs });
  if (r.spawnError || (!succeeded(r) && !r.cancelled && isDaemonDown(r.output))) throw engine.errorFor(r);
  return r;
}
