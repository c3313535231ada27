import type { DockwrightConfig } from '../config';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';
import type { EditPlan, FileEdit } from '../types';
import { baseName, dirName, joinPath, type Workspace } from '../workspace';
import { rewireCompose, type ServiceRewire } from './composeRewire';
import { emitProgramDockerfile } from './emitDockerfile';
import { discoverPrograms, type Discovery, type Program } from './programs';
import { findReferences, relativePath } from './references';
import { composeFilesOf, servicesBuilding, type ComposeService } from './services';
import { emitTargets } from './targets';
import { verifySplitFile } from './verify';

export type SplitLayout = 'files' | 'targets';

export interface SplitOptions {
  /** `files` (default): one Dockerfile per program next to the original; `targets`: one build target per program in the original. */
  layout?: SplitLayout;
  /** For `files`: `Dockerfile.<name>` (default) or `<name>.Dockerfile`. */
  naming?: 'suffix' | 'prefix';
  config?: DockwrightConfig;
}

export interface SplitProgram {
  name: string;
  services: string[];
  /** The generated Dockerfile (or, for `targets`, the original with the target). */
  dockerfile: string;
  cgo: boolean;
  reasons: string[];
}

export interface SplitResult {
  plan: EditPlan;
  programs: SplitProgram[];
  /** Set when the Dockerfile is not a monolith (nothing to split); the plan is then empty. */
  notMonolithReason?: string;
}

const EMPTY: EditPlan = { creates: [], edits: [], deletes: [], notes: [] };

const CLI_SUFFIX = /(?:-?cli|-?ctl|ctl)$/;

/** A daemon shipped with its own command-line client (lnd + lncli, bitcoind + bitcoin-cli, containerd + ctr...). */
function isDaemonWithCli(run: Program, others: Program[]): boolean {
  const stem = run.name.replace(/d$/, '');
  return others.every((p) => CLI_SUFFIX.test(p.name) && (p.name.startsWith(stem) || stem.startsWith(p.name.replace(CLI_SUFFIX, '')) || p.name.replace(CLI_SUFFIX, '') === ''));
}

/** Why a Dockerfile with these programs and services is not a monolith, or undefined when it is one. */
export function notMonolith(discovery: Discovery, services: ComposeService[]): string | undefined {
  if (discovery.notMonolithReason) return discovery.notMonolithReason;
  const programs = discovery.programs;
  if (programs.length < 2) return programs.length ? `it builds one program (${programs[0].name})` : 'it builds no program Dockwright recognises (go build, go install, cargo build, make)';
  const run = programs.filter((p) => p.services.length);
  const runners = run.length ? run : discovery.defaultProgram ? [discovery.defaultProgram] : [];
  if (runners.length === 1 && isDaemonWithCli(runners[0], programs.filter((p) => p !== runners[0]))) {
    return `${runners[0].name} is a daemon shipped with its own CLI (${programs
      .filter((p) => p !== runners[0])
      .map((p) => p.name)
      .join(', ')}); ${services.length ? 'the services run only the daemon' : 'the image runs only the daemon'}`;
  }
  return undefined;
}

function newDockerfilePath(original: string, name: string, naming: 'suffix' | 'prefix'): string {
  const dir = dirName(original);
  const base = baseName(original);
  let file: string;
  if (naming === 'prefix') file = `${name}.Dockerfile`;
  else if (/\.(?:Dockerfile|Containerfile)$/i.test(base)) file = base.replace(/\.(Dockerfile|Containerfile)$/i, `.${name}.$1`);
  else file = `${base}.${name}`;
  return dir ? `${dir}/${file}` : file;
}

const LISTENER_CALL = /\b(?:ListenAndServe(?:TLS)?|ListenTCP|ListenUDP|ListenPacket|Listen|Serve(?:TLS)?|ListenConfig)\s*\(|\bhttp\.Server\s*\{|\bgrpc\.NewServer\s*\(|\.(?:Start|Run)\s*\(\s*["'`]?:/;

/** Whether any Go file a program reaches opens a network listener (net/http, net, gRPC, echo/fiber-style Start(":port")). */
function listens(program: Program, goSources: Map<string, string>): boolean {
  return program.go?.files.some((f) => LISTENER_CALL.test(goSources.get(f) ?? '')) ?? false;
}

/** The programs that claim each EXPOSEd port, per goSources map (one per plan): the same for every program's portsFor. */
const portOwnersCache = new WeakMap<Map<string, string>, Map<string, Program[]>>();

function portsFor(discovery: Discovery, program: Program, goSources: Map<string, string>): { ports?: string[]; why: string } {
  const final = discovery.model.finalStage;
  const original = (final?.instructions ?? []).filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.argsText.split(/\s+/).filter(Boolean));
  const fromServices = new Set(program.services.flatMap((s) => s.ports));
  const claimedBy = (port: string, p: Program) => {
    const bare = port.split('/')[0];
    if (p.services.some((s) => s.ports.includes(bare) || s.ports.includes(port))) return true;
    // A port literal in shared code (a config package) counts only for programs whose code opens a listener.
    if (!p.go || !listens(p, goSources)) return false;
    return p.go.files.some((f) => (goSources.get(f) ?? '').match(new RegExp(`["'\`]:?${bare}["'\`]`)));
  };
  let ownersByPort = portOwnersCache.get(goSources);
  if (!ownersByPort) portOwnersCache.set(goSources, (ownersByPort = new Map()));
  const result = new Set<string>();
  for (const port of original) {
    let owners = ownersByPort.get(port);
    if (!owners) ownersByPort.set(port, (owners = discovery.programs.filter((p) => claimedBy(port, p))));
    if (owners.includes(program)) result.add(port);
    else if (!owners.length && program === discovery.defaultProgram) result.add(port);
  }
  for (const port of fromServices) if (![...result].some((r) => r.split('/')[0] === port.split('/')[0])) result.add(port);
  const ports = [...result].sort((a, b) => parseInt(a) - parseInt(b));
  const why = ports.length ? `EXPOSE ${ports.join(' ')}` : 'no EXPOSE (it listens on no port its services publish or its code names)';
  return { ports, why };
}

/**
 * Plans the split of a Dockerfile that builds several programs into one Dockerfile (or build target) per program,
 * rewires the compose services that build it, and deletes the original when nothing else refers to it.
 * Pure: reads only through `workspace`, returns the edit plan and the reasons for each decision.
 */
export function planSplit(workspace: Workspace, dockerfilePath: string, options: SplitOptions = {}): SplitResult {
  const layout = options.layout ?? 'files';
  const text = workspace.readText(dockerfilePath);
  if (text === undefined) return { plan: { ...EMPTY, notes: [`${dockerfilePath} cannot be read`] }, programs: [], notMonolithReason: `${dockerfilePath} cannot be read` };
  const model = parseDockerfile(text);
  const composeFiles = composeFilesOf(workspace);
  const { services, problems } = servicesBuilding(workspace, composeFiles, dockerfilePath);
  const discovery = discoverPrograms(workspace, dockerfilePath, model, services, options.config);
  const reason = notMonolith(discovery, services);
  const notes: string[] = [...problems];
  if (reason) return { plan: { ...EMPTY, notes: [...notes, `Not split: ${reason}.`] }, programs: [], notMonolithReason: reason };

  const goSources = new Map<string, string>();
  for (const p of discovery.programs) for (const f of p.go?.files ?? []) if (!goSources.has(f)) goSources.set(f, workspace.readText(f) ?? '');

  const plan: EditPlan = { creates: [], edits: [], deletes: [], notes };
  const programs: SplitProgram[] = [];
  const variants = new Map<Program, string>();
  const variantModels = new Map<Program, DockerfileModel>();
  const newPaths = new Map<Program, string>();
  const failed: string[] = [];
  notes.push(`${dockerfilePath} builds ${discovery.programs.length} programs: ${discovery.programs.map((p) => p.name).join(', ')}.`);
  for (const program of discovery.programs) {
    const { ports, why } = portsFor(discovery, program, goSources);
    const dataDirs = program.services.length ? [...new Set(program.services.flatMap((s) => s.paths))] : undefined;
    const emitted = emitProgramDockerfile(discovery, program, { ports, dataDirs });
    variants.set(program, emitted.text);
    variantModels.set(program, emitted.model);
    const reasons = [...program.reasons, why, ...emitted.notes];
    if (!program.services.length) reasons.push(services.length ? 'no compose service runs it; it gets its own Dockerfile anyway' : 'no compose file builds this Dockerfile');
    if (!dataDirs) reasons.push('data folders kept as in the original (no compose service tells which it mounts)');
    const path = layout === 'files' ? newDockerfilePath(dockerfilePath, program.name, options.naming ?? 'suffix') : dockerfilePath;
    const problems = verifySplitFile(emitted.text, {
      program: program.name,
      programs: discovery.programs.map((p) => p.name),
      originalStages: model.stages.map((s) => s.name).filter((n): n is string => !!n),
      command: program.language === 'other' && program.command ? program.command : undefined,
      readMakefile: (name) => workspace.readText(joinPath(services[0]?.contextDir ?? dirName(dockerfilePath), name) ?? name),
    });
    if (problems.length) {
      failed.push(`${program.name} is not split out: its file would not run (${problems.join('; ')})`);
      continue;
    }
    newPaths.set(program, path);
    programs.push({ name: program.name, services: program.services.map((s) => s.name), dockerfile: path, cgo: program.cgo ?? program.go?.cgo !== 'no', reasons });
  }

  notes.push(...failed);
  if (failed.length && (layout === 'targets' || newPaths.size === 0)) {
    const reason = `no verified split: ${failed.join('; ')}`;
    return { plan: { ...EMPTY, notes: [...notes, `Not split: ${reason}.`] }, programs: [], notMonolithReason: reason };
  }
  if (layout === 'files') {
    for (const program of discovery.programs) {
      const path = newPaths.get(program);
      if (!path) continue;
      if (workspace.exists(path)) {
        notes.push(`${path} already exists; it is not overwritten and ${program.name} is not split out`);
        newPaths.delete(program);
        continue;
      }
      plan.creates.push({ path, content: variants.get(program)! });
    }
  } else {
    const merged = emitTargets(discovery, variants, variantModels);
    const lines = text.split('\n');
    plan.edits.push({ path: dockerfilePath, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, newText: merged }] });
  }

  // Compose rewiring.
  const byFile = new Map<string, ServiceRewire[]>();
  const entrypointRemoved = new Set<string>();
  for (const program of discovery.programs) {
    const path = newPaths.get(program);
    if (!path) continue;
    const newCmd = cmdOf(variantModels.get(program)!);
    const newEntrypoint = cmdOf(variantModels.get(program)!, 'ENTRYPOINT');
    for (const service of program.services) {
      for (const entry of service.entries) {
        const rewire: ServiceRewire = { service: service.name, removeCommand: false };
        if (entry.buildsIt) {
          if (layout === 'files') rewire.dockerfile = relativePath(service.contextDir, path);
          else rewire.target = program.name;
        }
        if (entry.command && newCmd && !service.entrypoint && sameArgv(entry.command, newCmd)) rewire.removeCommand = true;
        // `entrypoint:` equal to the new ENTRYPOINT is redundant when compose also sets `command:` (or the image has no CMD to replace).
        if (entry.entrypoint && newEntrypoint && sameArgv(entry.entrypoint, newEntrypoint) && (service.command || !newCmd)) rewire.removeEntrypoint = true;
        if (rewire.removeEntrypoint) entrypointRemoved.add(service.name);
        if (rewire.dockerfile || rewire.target || rewire.removeCommand || rewire.removeEntrypoint) (byFile.get(entry.file) ?? byFile.set(entry.file, []).get(entry.file)!).push(rewire);
      }
      notes.push(
        `service ${service.name} → ${layout === 'files' ? path : `target ${program.name}`}${entrypointRemoved.has(service.name) ? ' (entrypoint: removed, it equals the new ENTRYPOINT)' : ''}${service.entries.some((e) => e.command) ? (service.entries.some((e) => e.command && newCmd && sameArgv(e.command, newCmd)) ? ' (command: removed, the image CMD runs it)' : ' (command: kept, it differs from the CMD)') : ''}`,
      );
    }
  }
  const stillOnOriginal: string[] = [];
  for (const [file, rewires] of byFile) {
    const fileText = workspace.readText(file);
    if (fileText === undefined) continue;
    const { edit, problems: p, unhandled } = rewireCompose(file, fileText, rewires);
    notes.push(...p);
    stillOnOriginal.push(...unhandled.map((s) => `${file} (service ${s})`));
    if (edit) plan.edits.push(edit);
  }

  // The original: delete only when nothing else refers to it.
  if (layout === 'files' && newPaths.size === discovery.programs.length) {
    const unhandled = services.filter((s) => !discovery.programs.some((p) => p.services.includes(s)));
    const refs = findReferences(workspace, dockerfilePath, new Set(services.flatMap((s) => s.entries.map((e) => e.file))));
    if (unhandled.length) notes.push(`${dockerfilePath} is kept: service ${unhandled.map((s) => s.name).join(', ')} still builds it`);
    else if (stillOnOriginal.length) notes.push(`${dockerfilePath} is kept: ${stillOnOriginal.join(', ')} still builds it`);
    else if (refs.length) {
      const where = [...new Set(refs.map((r) => `${r.file}:${r.line}`))].slice(0, 5).join(', ');
      notes.push(`${dockerfilePath} is kept: still referred to by ${where}`);
    } else {
      plan.deletes.push({ path: dockerfilePath });
      notes.push(`${dockerfilePath} is deleted: nothing else refers to it`);
    }
  } else if (layout === 'files') notes.push(`${dockerfilePath} is kept: not every program got its own file`);

  for (const p of programs) notes.push(`${p.name} (${p.dockerfile}${p.services.length ? `; services ${p.services.join(', ')}` : ''}): ${p.reasons.join('; ')}`);
  return { plan, programs };
}

function cmdOf(model: DockerfileModel, keyword: 'CMD' | 'ENTRYPOINT' = 'CMD'): string[] | undefined {
  const stage = model.finalStage;
  const cmd = stage && [...stage.instructions].reverse().find((i) => i.keyword === keyword);
  if (!cmd) return undefined;
  try {
    const v = JSON.parse(cmd.argsText.trim());
    return Array.isArray(v) ? v.map(String) : undefined;
  } catch {
    return cmd.argsText.trim().split(/\s+/);
  }
}

function sameArgv(a: string[], b: string[]): boolean {
  const norm = (w: string) => w.replace(/^\.\//, '');
  return a.length === b.length && a.every((w, i) => norm(w) === norm(b[i]));
}

export type { FileEdit };
export { joinPath };
