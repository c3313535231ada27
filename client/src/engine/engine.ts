// The engine CLI: which binaries to run, with which environment, and what to say when they fail.
// Honours the user's environment (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, COMPOSE_PROFILES, COMPOSE_FILE,
// BUILDX_BUILDER); nothing here assumes a local daemon.
import * as path from 'node:path';
import { runProcess, succeeded, type RunOptions, type RunResult } from './runner';
import { checkBuilderName, checkPath, checkProfileName, checkProjectName } from './validate';

export type ComposeSetting = 'auto' | 'docker compose' | 'docker-compose' | 'podman compose';

export interface EngineSettings {
  /** `docker`, `podman`, or a path to either. */
  dockerPath: string;
  compose: ComposeSetting;
  /** The standalone compose binary (`docker-compose`), used for `docker-compose` and by `auto` as fallback. */
  composePath: string;
  /** buildx builder to use (sets BUILDX_BUILDER); empty: the selected one. */
  buildxBuilder: string;
  /** docker context to use (sets DOCKER_CONTEXT); empty: the user's current context. */
  context: string;
}

export const DEFAULT_SETTINGS: EngineSettings = { dockerPath: 'docker', compose: 'auto', composePath: 'docker-compose', buildxBuilder: '', context: '' };

export type ComposeFlavour = 'v2' | 'v1' | 'podman';

export interface ComposeCli {
  flavour: ComposeFlavour;
  command: string;
  /** Arguments before the compose subcommand (`compose` for the plugin form). */
  prefix: string[];
  version: string;
}

export interface ComposeProject {
  /** Working directory for compose (the compose file's folder). */
  dir: string;
  /** Absolute compose files; empty: compose finds them itself (COMPOSE_FILE, or the files in `dir`). */
  files: string[];
  projectName?: string;
  /** Profiles passed as `--profile`; empty: compose applies COMPOSE_PROFILES from the environment. */
  profiles: string[];
}

export type EngineErrorKind = 'cli-missing' | 'daemon-down' | 'compose-missing' | 'failed';

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
    readonly result?: RunResult,
  ) {
    super(message);
  }
  /** Where a user fixes this: the settings section to open. */
  get settingsQuery(): string {
    return 'dockwright.engine';
  }
}

const DAEMON_DOWN = [
  /Cannot connect to the Docker daemon/i,
  /Is the docker daemon running/i,
  /error during connect/i,
  /Cannot connect to Podman/i,
  /unable to connect to Podman/i,
  /connect: connection refused/i,
  /dial unix .*: connect: (?:no such file|permission denied)/i,
  /permission denied while trying to connect to the Docker daemon/i,
  /context ".*" (?:does not exist|not found)/i,
  /failed to connect to the docker API/i,
];

export function isDaemonDown(output: string): boolean {
  return DAEMON_DOWN.some((re) => re.test(output));
}

export type Runner = (command: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export class Engine {
  private composeCli?: Promise<ComposeCli>;

  constructor(
    readonly settings: EngineSettings = DEFAULT_SETTINGS,
    private readonly baseEnv: NodeJS.ProcessEnv = process.env,
    private readonly run: Runner = runProcess,
  ) {
    if (settings.buildxBuilder) checkBuilderName(settings.buildxBuilder);
    if (settings.context) checkBuilderName(settings.context);
  }

  get isPodman(): boolean {
    return /(^|[\\/])podman(\.exe)?$/i.test(this.settings.dockerPath);
  }

  /** The environment every engine command gets. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.baseEnv };
    // Plain progress is what the build parsers read; it is also what CI logs show.
    env.BUILDKIT_PROGRESS = 'plain';
    if (this.settings.buildxBuilder) env.BUILDX_BUILDER = this.settings.buildxBuilder;
    if (this.settings.context) env.DOCKER_CONTEXT = this.settings.context;
    return { ...env, ...extra };
  }

  docker(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return this.run(this.settings.dockerPath, args, { ...options, env: options.env ?? this.env() });
  }

  /** Detects `docker compose` (v2 plugin) vs `docker-compose` (v1, or a v2 standalone binary), once. */
  compose(): Promise<ComposeCli> {
    this.composeCli ??= this.detectCompose().catch((e) => {
      this.composeCli = undefined;
      throw e;
    });
    return this.composeCli;
  }

  private async detectCompose(): Promise<ComposeCli> {
    const choice = this.settings.compose;
    const tryPlugin = async (command: string, flavour: ComposeFlavour): Promise<ComposeCli | undefined> => {
      const r = await this.run(command, ['compose', 'version', '--short'], { env: this.env(), timeoutMs: 20_000 });
      if (succeeded(r)) return { flavour, command, prefix: ['compose'], version: firstLine(r.stdout) };
      return undefined;
    };
    const tryStandalone = async (): Promise<ComposeCli | undefined> => {
      const r = await this.run(this.settings.composePath, ['version', '--short'], { env: this.env(), timeoutMs: 20_000 });
      if (!succeeded(r)) return undefined;
      const version = firstLine(r.stdout).replace(/^v/, '');
      return { flavour: version.startsWith('1.') ? 'v1' : 'v2', command: this.settings.composePath, prefix: [], version };
    };
    let found: ComposeCli | undefined;
    if (choice === 'docker compose') found = await tryPlugin(this.settings.dockerPath, 'v2');
    else if (choice === 'podman compose') found = await tryPlugin(this.isPodman ? this.settings.dockerPath : 'podman', 'podman');
    else if (choice === 'docker-compose') found = await tryStandalone();
    else found = (await tryPlugin(this.settings.dockerPath, this.isPodman ? 'podman' : 'v2')) ?? (await tryStandalone());
    if (!found) {
      const tried = choice === 'auto' ? `\`${this.settings.dockerPath} compose\` and \`${this.settings.composePath}\`` : `\`${choice}\``;
      throw new EngineError('compose-missing', `Docker Compose not found: tried ${tried}. Install Compose or set dockwright.engine.compose / dockwright.engine.composePath.`);
    }
    return found;
  }

  /** Arguments that select files, project and profiles; validated. */
  composeGlobalArgs(project: ComposeProject): string[] {
    const args: string[] = [];
    for (const f of project.files) args.push('-f', checkPath(f));
    if (project.projectName) args.push('-p', checkProjectName(project.projectName));
    for (const p of project.profiles) args.push('--profile', checkProfileName(p));
    return args;
  }

  async runCompose(project: ComposeProject, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const cli = await this.compose();
    checkPath(path.resolve(project.dir));
    return this.run(cli.command, [...cli.prefix, ...this.composeGlobalArgs(project), ...args], {
      ...options,
      cwd: project.dir,
      env: options.env ?? this.env(cli.flavour === 'v1' ? { COMPOSE_INTERACTIVE_NO_CLI: '1' } : {}),
    });
  }

  /** Fails with a clear EngineError when the CLI is missing or the daemon does not answer. */
  async checkDaemon(options: RunOptions = {}): Promise<string> {
    const r = await this.docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 20_000, ...options });
    if (succeeded(r)) return firstLine(r.stdout);
    throw this.errorFor(r);
  }

  errorFor(r: RunResult): EngineError {
    if (r.spawnError?.code === 'ENOENT') {
      return new EngineError('cli-missing', `Docker is not running: the engine CLI \`${r.command}\` was not found. Install Docker (or Podman) or set dockwright.engine.dockerPath.`, r);
    }
    if (r.spawnError) return new EngineError('cli-missing', `Docker is not running: could not start \`${r.command}\`: ${r.spawnError.message}`, r);
    const text = (r.stderr || r.stdout).trim();
    if (r.timedOut) return new EngineError('daemon-down', `Docker is not running: \`${r.command} ${r.args.join(' ')}\` did not answer in time${hostNote(this.env())}.`, r);
    if (isDaemonDown(text)) return new EngineError('daemon-down', `Docker is not running: ${lastLines(text, 2)}${hostNote(this.env())}`, r);
    return new EngineError('failed', `\`${path.basename(r.command)} ${r.args.join(' ')}\` failed (exit ${r.code ?? 'signal'}): ${lastLines(text, 3)}`, r);
  }

  /**
   * Whether published ports can be probed on 127.0.0.1: true for local sockets/pipes and loopback TCP, false
   * for a remote DOCKER_HOST or a context whose endpoint is remote.
   */
  async engineIsLocal(): Promise<boolean> {
    const env = this.env();
    let host = env.DOCKER_HOST;
    if (!host && (env.DOCKER_CONTEXT || this.settings.context) && (env.DOCKER_CONTEXT ?? this.settings.context) !== 'default') {
      const r = await this.docker(['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], { timeoutMs: 10_000 });
      host = succeeded(r) ? firstLine(r.stdout) : undefined;
    }
    return isLocalHost(host);
  }
}

export function isLocalHost(dockerHost: string | undefined): boolean {
  if (!dockerHost) return true;
  if (/^(unix|npipe):\/\//.test(dockerHost)) return true;
  const m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+)/.exec(dockerHost);
  return !!m && ['127.0.0.1', 'localhost', '[::1]'].includes(m[1]);
}

/** Compose's default project name for a folder (both flavours lowercase and drop other characters). */
export function defaultProjectName(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.COMPOSE_PROJECT_NAME;
  if (fromEnv && /^[a-z0-9][a-z0-9_-]*$/.test(fromEnv)) return fromEnv;
  return path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '') || 'default';
}

/** Profiles active for the user: explicit ones, else COMPOSE_PROFILES. */
export function activeProfiles(explicit: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const list = explicit.length ? [...explicit] : (env.COMPOSE_PROFILES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return [...new Set(list)].filter((p) => /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(p));
}

function hostNote(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_HOST) return ` (DOCKER_HOST=${env.DOCKER_HOST})`;
  if (env.DOCKER_CONTEXT) return ` (DOCKER_CONTEXT=${env.DOCKER_CONTEXT})`;
  return '';
}

function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0]?.trim() ?? '';
}

function lastLines(s: string, n: number): string {
  return s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(-n).join(' ').slice(0, 500);
}
