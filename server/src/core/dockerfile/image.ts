/**
 * What a stage's image looks like at run time: WORKDIR, EXPOSE, HEALTHCHECK, CMD/ENTRYPOINT
 * and which tools it contains. Derived from the model; no I/O.
 */
import { effectiveInstruction, stageLineage, type Instr, type RunCommand, type Stage } from './model';
import { parseShell } from './shell';
import type { Range } from '../types';

export interface ExposedPort {
  port: number;
  protocol: string;
  instr: Instr;
}

export type CommandForm =
  | { form: 'exec'; argv: string[]; instr: Instr }
  | { form: 'shell'; script: string; argv: string[]; instr: Instr };

/** WORKDIR the stage ends with (relative WORKDIRs resolved against earlier ones), or undefined for the base image's. */
export function effectiveWorkdir(stage: Stage, before?: Instr): string | undefined {
  let dir: string | undefined;
  for (const s of stageLineage(stage).reverse()) {
    for (const instr of s.instructions) {
      if (before && instr === before) return dir;
      if (instr.keyword !== 'WORKDIR') continue;
      const value = instr.argsText.trim().replace(/^["']|["']$/g, '');
      if (!value) continue;
      dir = value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) ? value : `${(dir ?? '').replace(/\/$/, '')}/${value}`;
    }
  }
  return dir;
}

/** Ports the stage's image exposes, including those exposed by parent stages. */
export function exposedPorts(stage: Stage): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const s of stageLineage(stage).reverse()) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      for (const token of instr.argsText.split(/\s+/).filter(Boolean)) {
        const m = /^(\d+)(?:-\d+)?(?:\/(tcp|udp|sctp))?$/i.exec(token);
        if (m) out.push({ port: Number(m[1]), protocol: (m[2] ?? 'tcp').toLowerCase(), instr });
      }
    }
  }
  return out;
}

export function effectiveHealthcheck(stage: Stage): Instr | undefined {
  return effectiveInstruction(stage, 'HEALTHCHECK');
}

/** CMD/ENTRYPOINT arguments: JSON (exec) form or shell form (with the words of its first command). */
export function commandForm(instr: Instr, argsText = instr.argsText): CommandForm | undefined {
  const text = argsText.trim();
  if (!text) return undefined;
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text.replace(/\\\r?\n/g, ''));
      if (Array.isArray(parsed)) return { form: 'exec', argv: parsed.map(String), instr };
    } catch {
      // Docker treats an invalid JSON array as shell form.
    }
  }
  const script = text.replace(/\\\r?\n/g, ' ');
  const parsed = parseShell(script);
  return { form: 'shell', script, argv: parsed.commands[0]?.argv.map((w) => w.value) ?? script.split(/\s+/), instr };
}

/** `HEALTHCHECK [OPTIONS] CMD ...` → the command part (undefined for `HEALTHCHECK NONE`). */
export function healthcheckCommand(instr: Instr): { form: CommandForm; cmdRange?: Range } | undefined {
  const m = /^((?:\s*--[a-z-]+(?:=\S+)?)*)\s*CMD\b\s*/i.exec(instr.argsText);
  if (!m) return undefined;
  const rest = instr.argsText.slice(m[0].length);
  const form = commandForm(instr, rest);
  return form ? { form } : undefined;
}

export type ToolAvailability = 'present' | 'absent' | 'unknown';

const BUSYBOX_APPLETS = new Set(['wget', 'nc', 'sh', 'ash', 'ps', 'top', 'grep', 'sed', 'awk', 'ls', 'cat', 'test', 'true', 'false', 'echo', 'sleep', 'pgrep', 'pidof', 'netstat', 'timeout']);
/** buildpack-deps based images ship curl and wget; their slim variants do not. */
const BUILDPACK_IMAGES = /(^|\/)(golang|node|python|ruby|rust|buildpack-deps|perl|php|haskell|erlang|elixir|gcc)$/;
const PACKAGE_FOR_TOOL: Record<string, string[]> = {
  curl: ['curl'],
  wget: ['wget', 'busybox'],
  nc: ['netcat-openbsd', 'netcat-traditional', 'netcat', 'nmap-ncat', 'busybox'],
  'pg_isready': ['postgresql-client', 'postgresql16-client', 'postgresql15-client', 'postgresql'],
  'redis-cli': ['redis', 'redis-tools'],
};

/** Whether a stage's image has a program, from its base image family and what it installs or copies in. */
export function toolAvailability(stage: Stage, tool: string): ToolAvailability {
  const name = tool.split('/').pop()!;
  const lineage = stageLineage(stage);
  const packages = PACKAGE_FOR_TOOL[name] ?? [name];
  for (const s of lineage) {
    if (s.installs.some((i) => i.manager !== 'pip' && i.manager !== 'npm' && i.packages.some((p) => packages.includes(p.value.replace(/[=<>].*$/, ''))))) return 'present';
    if (s.copies.some((c) => c.destination && !c.destination.value.endsWith('/') && c.destination.value.split('/').pop() === name)) return 'present';
    if (s.copies.some((c) => c.sources.some((src) => src.value.split('/').pop() === name))) return 'present';
  }
  const root = lineage[lineage.length - 1];
  const image = root.image;
  const tag = (image.tag ?? '').toLowerCase();
  // A stage that runs an installer script of its own (`/root/app/scripts/setup/install`, `./install.sh`), or a RUN
  // Dockwright did not analyse (over the shell limit), may install anything: the base image alone no longer tells.
  const opaque = lineage.some((s) => s.runs.some((r) => r.parseLimit !== undefined || r.commands.some(runsInstallerScript)));
  switch (root.distro) {
    case 'scratch':
      return 'absent';
    case 'distroless':
      if (tag.includes('debug')) return BUSYBOX_APPLETS.has(name) ? 'present' : 'absent';
      return 'absent';
    case 'alpine':
      if (BUSYBOX_APPLETS.has(name)) return 'present';
      if (name === 'curl' && /(^|\/)nginx$/.test(image.name)) return 'present';
      // Plain alpine and the language images' alpine variants ship busybox only; other alpine-based images may add more.
      if (opaque) return 'unknown';
      if (/(^|\/)alpine$/.test(image.name) || BUILDPACK_IMAGES.test(image.name)) return 'absent';
      return 'unknown';
    case 'debian': {
      if (name === 'sh' || name === 'bash' || name === 'grep' || name === 'sed') return 'present';
      if (opaque) return 'unknown';
      if ((name === 'curl' || name === 'wget') && BUILDPACK_IMAGES.test(image.name)) return tag.includes('slim') ? 'absent' : 'present';
      if ((name === 'curl' || name === 'wget') && /(^|\/)(debian|ubuntu)$/.test(image.name)) return 'absent';
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

const INSTALLER = /(^|[-_.])(install|installer|setup|provision|bootstrap)([-_.]|$)|\.sh$/i;

/** `/opt/app/scripts/setup/install …`, `./install.sh`, `bash setup.sh`: a script of the project's own that may install packages. */
function runsInstallerScript(command: RunCommand): boolean {
  const words = command.words.map((w) => w.value);
  let program = words[0] ?? '';
  if ((program === 'sh' || program === 'bash') && words[1] && !words[1].startsWith('-')) program = words[1];
  if (!program.includes('/') && !program.endsWith('.sh')) return false;
  return INSTALLER.test(program.split('/').pop()!);
}

/** Windows base images: servercore/windows run as ContainerAdministrator by default, nanoserver as ContainerUser. */
export function windowsBase(stage: Stage): 'admin' | 'user' | undefined {
  const root = stageLineage(stage).pop()!;
  const ref = `${root.image.name}:${root.image.tag ?? ''}`.toLowerCase();
  if (/nanoserver/.test(ref)) return 'user';
  if (/^mcr\.microsoft\.com\/(windows|dotnet-framework|dotnet\/framework|powershell)|windowsservercore|(^|\/)windows\/(servercore|server)\b/.test(ref)) return 'admin';
  return undefined;
}

/** True when the image certainly contains the program (`imageHasTool(stage, 'curl')`). */
export function imageHasTool(stage: Stage, tool: string): boolean {
  return toolAvailability(stage, tool) === 'present';
}

/** A WebAssembly platform (`wasi/wasm`, `wasip1/wasm`, `wasm32/wasi`…). */
export function isWasmPlatform(platform: string | undefined): boolean {
  return !!platform && /(^|\/)wasi|wasm/i.test(platform);
}

/**
 * Whether the stage is a WebAssembly (WASI) image rather than a Linux one: built `FROM scratch` and running a `.wasm`
 * module, or built for a wasm platform (`FROM --platform=wasi/wasm`, or a compose service's `platform: wasi/wasm`,
 * passed in `composePlatforms`). Such images have no users, no PATH and no shell: the runtime loads the module file.
 */
export function isWasmImage(stage: Stage, composePlatforms: string[] = []): boolean {
  if (isWasmPlatform(stage.platform) || composePlatforms.some(isWasmPlatform)) return true;
  const root = stageLineage(stage).pop()!;
  if (root.distro !== 'scratch') return false;
  const instr = effectiveInstruction(stage, 'ENTRYPOINT') ?? effectiveInstruction(stage, 'CMD');
  const form = instr && commandForm(instr);
  return !!form && /\.wasm$/i.test(form.argv[0] ?? '');
}
