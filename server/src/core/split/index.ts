import type { DockwrightConfig } from '../config';
import { artifactCopies, workdirBefore } from '../dockerfile/buildCommands';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';
import type { EditPlan, FileEdit } from '../types';
import { baseName, dirName, joinPath, type Workspace } from '../workspace';
import { rewireCompose, type ServiceRewire } from './composeRewire';
import { emitProgramDockerfile } from './emitDockerfile';
import { discoverPrograms, type Discovery, type Program } from './programs';
import { contextFromReferences, findReferences, relativePath } from './references';
import { composeFilesOf, servicesBuilding, type ComposeService } from './services';
import { interpretedCheck, interpretedReasons, planInterpreted } from './interpreted';
import { ciBuilds } from './ciBuilds';
import { commonTarget } from './shipped';
import { extractTarget, mergeTargets, type TargetChain } from './targets';
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
/** Names of admin tools and helpers that ship next to a daemon (create-account, generate-keys, rqbench, lncli…). */
const TOOL_NAME = /(?:^|[-_])(?:cli|ctl|admin|tool|tools|bench|create|generate|gen|keygen|init|setup|migrate|convert|upgrade|check|debug|dump|import|export|resolve|furl)(?:$|[-_])|(?:cli|ctl|bench)$/i;

/** A daemon shipped with its own command-line client (lnd + lncli, bitcoind + bitcoin-cli, containerd + ctr...). */
function isDaemonWithCli(run: string, others: string[]): boolean {
  const stem = run.replace(/d$/, '');
  return others.every((p) => CLI_SUFFIX.test(p) && (p.startsWith(stem) || stem.startsWith(p.replace(CLI_SUFFIX, '')) || p.replace(CLI_SUFFIX, '') === ''));
}

/** Whether `name` looks like a tool of `daemon` rather than another service: a CLI/admin/bench name, or the daemon's name without its `d`. */
function isToolOf(name: string, daemon: string): boolean {
  return TOOL_NAME.test(name) || daemon === `${name}d` || isDaemonWithCli(daemon, [name]);
}

export interface MonolithEvidence {
  /** Programs that docs, scripts or CI run from this image (`docker run IMAGE prog`), with where. */
  runs: { program: string; where: string }[];
}

const RUN_LINE = /\b(?:docker|podman)\s+(?:container\s+)?run\b/;

/** Programs of this image that docs, scripts or CI workflows start with `docker run … <program>` (comments ignored). */
export function runEvidence(workspace: Workspace, names: string[]): MonolithEvidence {
  const runs: { program: string; where: string }[] = [];
  if (!names.length) return { runs };
  const files = workspace.listFiles().filter((f) => /\.(?:md|sh|ya?ml)$|(?:^|\/)Makefile$/i.test(f) && !/(?:^|\/)(?:node_modules|vendor)\//.test(f)).slice(0, 400);
  for (const file of files) {
    const text = workspace.readText(file);
    if (!text || text.length > 500_000 || !RUN_LINE.test(text)) continue;
    text.split(/\r?\n/).forEach((line, i) => {
      if (!RUN_LINE.test(line) || /^\s*#(?!!)/.test(line)) return;
      const words = line.slice(line.search(RUN_LINE)).split(/\s+/);
      for (const w of words.slice(2)) {
        const b = (w.replace(/["'`;]/g, '').split('/').pop() ?? '').trim();
        const hit = names.find((n) => n === b || w === `--entrypoint=${n}` || w.endsWith(`/${n}`));
        if (hit && !runs.some((r) => r.program === hit)) runs.push({ program: hit, where: `${file}:${i + 1}` });
      }
    });
  }
  return { runs };
}

const INTERPRETED_BASE = /^(?:python|node|ruby|php|perl|bun|deno|denoland\/deno|oven\/bun)(?::|$)|\b(?:python|node|ruby|php)\b/i;

function interpretedLanguage(model: DockerfileModel): string | undefined {
  for (const st of [...model.stages].reverse()) {
    const image = st.image.name.toLowerCase();
    const m = /(python|node|ruby|php|perl|bun|deno)/.exec(image.split('/').pop() ?? '');
    if (m) return m[1];
  }
  if (/\bpip3?\s+install\b|\bpoetry\s+install\b|\buv\s+(?:pip|sync)\b/.test(model.text)) return 'python';
  if (/\b(?:npm|yarn|pnpm)\s+(?:ci|install)\b/.test(model.text)) return 'node';
  if (/\bbundle\s+install\b/.test(model.text)) return 'ruby';
  return INTERPRETED_BASE.test(model.finalStage?.image.name ?? '') ? 'interpreted' : undefined;
}

/** The program (by name) a script entrypoint (`docker-entrypoint.sh`) ends up running, read from the workspace. */
function scriptRuns(workspace: Workspace | undefined, script: string, names: string[]): string | undefined {
  if (!workspace || !names.length) return undefined;
  const b = script.split('/').pop()!;
  const file = workspace.listFiles().find((f) => f === b || f.endsWith(`/${b}`));
  const text = file ? workspace.readText(file) : undefined;
  if (!text) return undefined;
  const code = text.split(/\r?\n/).filter((l) => !/^\s*#/.test(l)).join('\n');
  let best: { name: string; n: number } | undefined;
  for (const name of names) {
    const n = (code.match(new RegExp(`(?:^|[\\s/"'=])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s"';])`, 'gm')) ?? []).length;
    if (n && (!best || n > best.n)) best = { name, n };
  }
  return best?.name;
}

function finalArgv(model: DockerfileModel): string[] {
  const stage = model.finalStage;
  if (!stage) return [];
  const out: string[] = [];
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    const instr = [...stage.instructions].reverse().find((i) => i.keyword === keyword);
    if (!instr) continue;
    const text = instr.argsText.trim();
    try {
      const v = JSON.parse(text);
      if (Array.isArray(v)) {
        out.push(...v.map(String));
        continue;
      }
    } catch {
      /* shell form */
    }
    out.push(...text.split(/\s+/).filter(Boolean));
  }
  return out;
}

/** Binaries the final stage copies out of a build stage into a bin folder (for builds Dockwright cannot read, such as a cloned tree). */
function shippedBinaries(model: DockerfileModel): string[] {
  const names: string[] = [];
  for (const copy of artifactCopies(model)) {
    if (copy.stage !== model.finalStage || !copy.from) continue;
    if (!/(?:^|\/)s?bin\/?$/.test(copy.dest) && !/\/bin\/[^/]+$/.test(copy.dest)) continue;
    for (const src of copy.sources) {
      const b = src.replace(/\/+$/, '').split('/').pop() ?? '';
      if (b && !b.includes('*') && !/\.(?:sh|py|js|json|ya?ml|toml|conf|txt)$/.test(b)) names.push(b);
    }
  }
  return [...new Set(names)];
}

/** Why a Dockerfile with these programs and services is not a monolith, or undefined when it is one. */
export function notMonolith(discovery: Discovery, services: ComposeService[], workspace?: Workspace): string | undefined {
  if (discovery.notMonolithReason) return discovery.notMonolithReason;
  const model = discovery.model;
  const programs = discovery.programs;

  // A development image: compose mounts the source over the code, which then comes from the host at run time.
  const workdir = model.finalStage ? workdirBefore(model.finalStage) : '/';
  for (const service of services) {
    for (const bind of service.binds) {
      if (!/^\.{1,2}(?:\/|$)|^\$\{?PWD/.test(bind.source)) continue;
      const wd = service.workingDir ?? workdir;
      const covers = (a: string, b: string) => a === b || b.startsWith(a.replace(/\/?$/, '/'));
      // A mount over or inside the working folder replaces code only when the image put code from the build context
      // there, or runs code it did not copy from a build stage. A config folder mounted over the WORKDIR of an image
      // whose programs come from a build stage (dendrite's ./config over /etc/dendrite, neon's pageserver_config) is not.
      const contextCopies = model.finalStage?.copies.filter((c) => c.instr.keyword === 'COPY' && !c.instr.flags.some((f) => f.name === 'from')) ?? [];
      const codeInWd = contextCopies.some((c) => covers(wd, containerPathOf(c.instr, workdir)) || covers(containerPathOf(c.instr, workdir), wd));
      const builtElsewhere = model.finalStage?.copies.some((c) => c.instr.flags.some((f) => f.name === 'from')) ?? false;
      if ((wd !== '/' && (covers(bind.target, wd) || covers(wd, bind.target)) && (codeInWd || !builtElsewhere)) || contextCopies.some((c) => covers(bind.target, containerPathOf(c.instr, workdir)))) {
        return `it is a development image: compose service ${service.name} bind-mounts ${bind.source} over ${bind.target}, so the code it runs comes from the host at run time, not from the image`;
      }
    }
  }

  // Already one build target per service.
  const targets = [...new Set(services.map((s) => s.target).filter((t): t is string => !!t))];
  if (services.length >= 2 && services.every((s) => s.target) && targets.length >= 2) {
    return `each compose service already builds its own build target of this Dockerfile (${targets.join(', ')})`;
  }

  // Test harness: coverage-instrumented or test binaries.
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      for (const c of run.commands) {
        const w = c.words.map((x) => x.value);
        const go = w.findIndex((x) => x === 'go' || x.endsWith('/go'));
        if (go < 0) continue;
        if ((w[go + 1] === 'test' && w.includes('-c')) || (w[go + 1] === 'build' && w.some((x) => x === '-cover' || x.startsWith('-covermode') || x.startsWith('-coverpkg')))) {
          return `it is a test harness: it builds test or coverage-instrumented binaries (\`${w.slice(go, go + 3).join(' ')} …\`) to run integration tests, not services`;
        }
      }
    }
  }

  // A toolbox: every build installs a pinned tool from another module (code generators, linters).
  const goBuilds = discovery.builds.filter((b) => b.tool === 'go');
  if (goBuilds.length && goBuilds.every((b) => b.verb === 'install' && b.packages.length && b.packages.every((p) => /@/.test(p.value) && !p.value.startsWith('.')))) {
    const tools = goBuilds.flatMap((b) => b.packages.map((p) => p.value.replace(/@.*$/, '').split('/').pop()));
    const run = finalArgv(model);
    return `it is a toolbox image: it installs pinned tools (${[...new Set(tools)].join(', ')}) with go install …@version${run.length ? ` and runs \`${run.join(' ')}\`` : ''}; a version is not a program selector`;
  }

  const cloned = /\bgit\s+clone\b/.test(model.text) ? 'its sources are cloned at build time (git clone), so Dockwright cannot see them; ' : '';

  // One interpreted application whose processes share every package.
  const compiled = programs.filter((p) => p.language !== 'other');
  const lang = interpretedLanguage(model);
  const commands = [...new Set(services.map((s) => [...(s.entrypoint ?? []), ...(s.command ?? [])].join(' ')).filter(Boolean))];
  if (!compiled.length && lang && (programs.length >= 2 || commands.length >= 2)) {
    const all = programs.length >= 2 ? programs.map((p) => p.command?.join(' ') ?? p.name) : commands;
    const short = [...new Set(all.map((c) => c.split(/\s+/).filter((w) => !w.startsWith('-')).slice(0, 4).join(' ')))];
    const what = short.slice(0, 4).map((c) => `\`${c}\``).join(', ') + (short.length > 4 ? ` and ${short.length - 4} more` : '');
    const base = `it is one interpreted application (${lang}): its services run ${what} from the same code and installed packages`;
    // Split only when the import graphs prove the programs need different system packages (split/interpreted.ts).
    const plan = workspace && programs.length >= 2 ? planInterpreted(workspace, discovery, services, discovery.contextDir ?? services[0]?.contextDir ?? '') : undefined;
    if (!plan) return `${base}; Dockwright splits an interpreted application only when it proves the programs need different native packages or system tools`;
    if (plan.refusal) return `${base}; ${plan.refusal}`;
    for (const p of programs) {
      p.dropPackages = plan.drops.get(p);
      p.interpreted = interpretedCheck(plan, p, model);
      p.reasons.push(...interpretedReasons(plan, p));
    }
    discovery.interpretedNotes = plan.kept.map((k) => `kept in every file: ${k}`).filter((k) => !/: needed by /.test(k));
  }

  const argv = finalArgv(model);
  if (programs.length < 2) {
    const bins = shippedBinaries(model);
    if (bins.length >= 2) {
      const runs = bins.find((b) => argv.some((w) => w.split('/').pop() === b));
      if (runs) return `${cloned}${runs} is the one program the image runs (ENTRYPOINT/CMD); ${bins.filter((b) => b !== runs).join(', ')} ship${bins.length === 2 ? 's' : ''} with it as its tool${bins.length === 2 ? '' : 's'} or CLI`;
    }
    if (cloned) return `${cloned.replace(/; $/, '')}`;
    if (!programs.length && model.finalStage?.copies.some((c) => !c.instr.flags.some((f) => f.name === 'from')) && /^scratch$|busybox|alpine|distroless/.test(model.finalStage.image.name) && services.length === 0) {
      return 'it builds no program: it copies prebuilt binaries from the build context (built outside Docker), and carries nothing one of them needs and another does not';
    }
    return programs.length ? `it builds one program (${programs[0].name})` : 'it builds no program Dockwright recognises (go build, go install, cargo build, make)';
  }

  // Evidence that different services run different programs: compose services, or docs/CI/scripts running the image.
  const shipped = programs.filter((p) => p.copies.some((c) => c.stage === model.finalStage) || p.builds.some((b) => b.build.stage === model.finalStage));
  const shippedNames = new Set((shipped.length ? shipped : programs).map((p) => p.name));
  let byDefault = discovery.defaultProgram;
  if (!byDefault && argv.length) {
    const name = scriptRuns(workspace, argv.find((w) => /\.sh$|entrypoint/i.test(w)) ?? '', programs.map((p) => p.name));
    byDefault = programs.find((p) => p.name === name);
  }
  const runners = new Map<string, string>();
  for (const p of programs) if (p.services.length) runners.set(p.name, `compose service${p.services.length > 1 ? 's' : ''} ${p.services.map((s) => s.name).join(', ')}`);
  if (byDefault && !runners.has(byDefault.name) && !services.length) runners.set(byDefault.name, 'the image (ENTRYPOINT/CMD)');
  if (workspace && runners.size < 2) for (const r of runEvidence(workspace, programs.map((p) => p.name)).runs) if (!runners.has(r.program)) runners.set(r.program, r.where);
  const tools = [...shippedNames].filter((n) => !runners.has(n));
  if (runners.size < 2) {
    const daemon = [...runners.keys()][0] ?? byDefault?.name;
    if (daemon) {
      const others = tools.filter((n) => n !== daemon);
      const kind = others.every((n) => isToolOf(n, daemon)) ? 'its admin tools or CLI' : 'tools';
      return `${cloned}${daemon} is the one program ${runners.get(daemon) === 'the image (ENTRYPOINT/CMD)' || !runners.size ? 'the image runs (ENTRYPOINT/CMD)' : `${runners.get(daemon)} run${runners.get(daemon)!.includes(',') ? '' : 's'}`}; ${others.join(', ')} ship${others.length === 1 ? 's' : ''} with it as ${kind}, and no compose service, CI job or doc runs ${others.length === 1 ? 'it' : 'them'} as a separate service`;
    }
    return `${cloned}nothing (no compose service, CI job, script or doc) runs different programs of this image: it ships ${[...shippedNames].join(', ')} side by side as a toolbox, so there is no evidence they are separate services`;
  }
  if (runners.size === 2) {
    const [a, b] = [...runners.keys()];
    if (isDaemonWithCli(a, [b]) || isDaemonWithCli(b, [a])) return `${isDaemonWithCli(a, [b]) ? a : b} is a daemon shipped with its own CLI (${isDaemonWithCli(a, [b]) ? b : a})`;
  }
  return undefined;
}

function containerPathOf(instr: { argsText: string }, workdir: string): string {
  const args = instr.argsText.replace(/--\S+\s+/g, '').trim().split(/\s+/);
  const dest = args[args.length - 1] ?? '.';
  return dest.startsWith('/') ? dest : `${workdir.replace(/\/$/, '')}/${dest}`.replace(/\/\.?$/, '') || '/';
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

function portsFor(discovery: Discovery, program: Program, goSources: Map<string, string>, shippedStage?: string): { ports?: string[]; why: string } {
  const final = (shippedStage && discovery.model.stages.find((s) => s.name?.toLowerCase() === shippedStage.toLowerCase())) || discovery.model.finalStage;
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
  const reason = notMonolith(discovery, services, workspace);
  const notes: string[] = [...problems];
  if (!reason && discovery.interpretedNotes) notes.push(...discovery.interpretedNotes);
  if (reason) return { plan: { ...EMPTY, notes: [...notes, `Not split: ${reason}.`] }, programs: [], notMonolithReason: reason };

  const goSources = new Map<string, string>();
  for (const p of discovery.programs) for (const f of p.go?.files ?? []) if (!goSources.has(f)) goSources.set(f, workspace.readText(f) ?? '');

  const plan: EditPlan = { creates: [], edits: [], deletes: [], notes };
  const programs: SplitProgram[] = [];
  const variants = new Map<Program, string>();
  const variantModels = new Map<Program, DockerfileModel>();
  const newPaths = new Map<Program, string>();
  const failed: string[] = [];
  const readMakefile = (name: string) => workspace.readText(joinPath(services[0]?.contextDir ?? contextFromReferences(workspace, dockerfilePath) ?? dirName(dockerfilePath), name) ?? name);
  notes.push(`${dockerfilePath} builds ${discovery.programs.length} programs: ${discovery.programs.map((p) => p.name).join(', ')}.`);
  const shippedStages = new Map<Program, string | undefined>();
  for (const program of discovery.programs) {
    // The stage the original shipped for this program's services: their build.target, or the last stage.
    // A program no service runs ships what the other services ship (the runtime target, not a `tests` stage that is last).
    const shippedTargets = program.services.length ? [...new Set(program.services.map((s) => s.target ?? ''))] : [commonTarget(services)];
    const shippedStage = shippedTargets.length === 1 && shippedTargets[0] ? shippedTargets[0] : undefined;
    shippedStages.set(program, shippedStage);
    const { ports, why } = portsFor(discovery, program, goSources, shippedStage);
    const dataDirs = program.services.length ? [...new Set(program.services.flatMap((s) => s.paths))] : undefined;
    const emitted = emitProgramDockerfile(discovery, program, { ports, dataDirs, shippedStage });
    variants.set(program, emitted.text);
    variantModels.set(program, emitted.model);
    const reasons = [...program.reasons, why, ...emitted.notes];
    if (!program.services.length) reasons.push(services.length ? 'no compose service runs it; it gets its own Dockerfile anyway' : 'no compose file builds this Dockerfile');
    if (!dataDirs) reasons.push('data folders kept as in the original (no compose service tells which it mounts)');
    const path = layout === 'files' ? newDockerfilePath(dockerfilePath, program.name, options.naming ?? 'suffix') : dockerfilePath;
    const problems = shippedTargets.length > 1 ? [`its services ship different stages (${shippedTargets.map((t) => t || 'the last stage').join(', ')})`] : verifySplitFile(emitted.text, {
      program: program.name,
      shippedStage,
      programs: discovery.programs.map((p) => p.name),
      originalStages: model.stages.map((s) => s.name).filter((n): n is string => !!n),
      command: program.language === 'other' && program.command ? program.command : undefined,
      interpreted: program.interpreted,
      readMakefile,
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
      const content = tidyProgramFile(variants.get(program)!, discovery.programs.map((p) => p.name));
      plan.creates.push({ path, content });
      // Reasons match the output: never claim an EXPOSE the file does not get.
      const entry = programs.find((p) => p.name === program.name);
      const exposed = new Set([...content.matchAll(/^EXPOSE\s+(.*)$/gim)].flatMap((m) => m[1].split(/\s+/)));
      if (entry) entry.reasons = entry.reasons.map((r) => (/^EXPOSE /.test(r) && !r.slice(7).split(' ').every((x) => exposed.has(x)) ? `EXPOSE kept as in the original (${[...exposed].join(' ') || 'none'})` : r));
    }
  } else {
    const merged = mergeProgramTargets(workspace, dockerfilePath, discovery, services, variantModels, shippedStages, readMakefile);
    notes.push(...merged.notes);
    if (!merged.text) {
      const reason = `no verified targets layout: ${merged.problem}`;
      return { plan: { ...EMPTY, notes: [...notes, `Not split: ${reason}.`] }, programs: [], notMonolithReason: reason };
    }
    const lines = text.split('\n');
    plan.edits.push({ path: dockerfilePath, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, newText: merged.text }] });
    for (const entry of programs) {
      const own = extractTarget(merged.text, entry.name) ?? '';
      const exposed = new Set([...own.split(/\nFROM /).pop()!.matchAll(/^EXPOSE\s+(.*)$/gim)].flatMap((m) => m[1].split(/\s+/)));
      entry.reasons = entry.reasons.map((r) => (/^EXPOSE /.test(r) && !r.slice(7).split(' ').every((x) => exposed.has(x)) ? `EXPOSE kept as in the original (${[...exposed].join(' ') || 'none'})` : r));
    }
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
      if (service.viaImage) {
        notes.push(`service ${service.name} runs the published image ${service.viaImage}${service.publishedBy ? ` (the build ${service.publishedBy} tags)` : ''}, not a build: it keeps running it (and every binary in it) until it moves to the image built from ${layout === 'files' ? path : `target ${program.name}`}`);
        continue;
      }
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
    const viaImage = services.filter((s) => s.viaImage);
    const images = [...new Set(viaImage.map((s) => s.viaImage!))];
    if (viaImage.length) notes.push(`${dockerfilePath} is kept: service${viaImage.length > 1 ? 's' : ''} ${viaImage.map((s) => s.name).join(', ')} run${viaImage.length > 1 ? '' : 's'} the image it publishes (${images.join(', ')}) and still need${viaImage.length > 1 ? '' : 's'} every binary until ${viaImage.length > 1 ? 'they move' : 'it moves'} to the new images`);
    else if (unhandled.length) notes.push(`${dockerfilePath} is kept: service ${unhandled.map((s) => s.name).join(', ')} still builds it`);
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

/**
 * The targets layout: the per-program variants merged into one Dockerfile that shares their common stages, keeps
 * every target CI builds (`--target tests`) and what a build with no target produced; each program's target is
 * verified on its own (the stages it needs, taken out of the merged file) before it is offered.
 */
function mergeProgramTargets(
  workspace: Workspace,
  dockerfilePath: string,
  discovery: Discovery,
  services: ComposeService[],
  variantModels: Map<Program, DockerfileModel>,
  shippedStages: Map<Program, string | undefined>,
  readMakefile: (name: string) => string | undefined,
): { text?: string; problem?: string; notes: string[] } {
  const model = discovery.model;
  const notes: string[] = [];
  const composeFiles = new Set(services.flatMap((s) => s.entries.map((e) => e.file)));
  const builds = ciBuilds(workspace, dockerfilePath, composeFiles);
  const templated = builds.filter((b) => b.templated);
  if (templated.length) return { problem: `${templated.map((b) => b.where).join(', ')} build${templated.length > 1 ? '' : 's'} a templated --target (${templated[0].target}); which stages it needs cannot be told`, notes };
  const ordered = [...discovery.programs].filter((p) => variantModels.has(p)).sort((a, b) => Number(a === discovery.defaultProgram) - Number(b === discovery.defaultProgram));
  const chains: TargetChain[] = ordered.map((p) => {
    const variant = variantModels.get(p)!;
    const stage = (shippedStages.get(p) && variant.stages.find((s) => s.name?.toLowerCase() === shippedStages.get(p)!.toLowerCase())) || variant.finalStage!;
    return { model: variant, stage, name: p.name, suffix: `-${p.name}` };
  });
  const shippedNames = new Set(ordered.map((p) => (shippedStages.get(p) ?? model.finalStage?.name ?? '').toLowerCase()));
  const keptTargets = new Map<string, string[]>();
  for (const b of builds) {
    if (!b.target) continue;
    const stage = model.stages.find((s) => s.name?.toLowerCase() === b.target!.toLowerCase());
    if (!stage) continue;
    keptTargets.set(stage.name!, [...(keptTargets.get(stage.name!) ?? []), b.where]);
  }
  for (const s of services) if (s.target && !discovery.programs.some((p) => p.services.includes(s))) keptTargets.set(s.target, [...(keptTargets.get(s.target) ?? []), `compose service ${s.name}`]);
  const last = model.finalStage!;
  const noTarget = [...builds.filter((b) => !b.target).map((b) => b.where), ...services.filter((s) => !s.target && !discovery.programs.some((p) => p.services.includes(s))).map((s) => `compose service ${s.name}`)];
  const lastShipped = shippedNames.has((last.name ?? '').toLowerCase());
  for (const [name, where] of keptTargets) {
    if (name.toLowerCase() === (last.name ?? '').toLowerCase() && (!lastShipped || noTarget.length)) continue; // kept below as the last stage
    const stage = model.stages.find((s) => s.name === name)!;
    if (ordered.some((p) => p.name.toLowerCase() === name.toLowerCase())) return { problem: `target ${name}, which ${where.join(', ')} build${where.length > 1 ? '' : 's'}, has the name of a program`, notes };
    chains.splice(chains.length - 1, 0, { model, stage, name, suffix: '' });
    notes.push(`target ${name} is kept as in the original: ${where.join(', ')} build${where.length > 1 ? '' : 's'} it`);
  }
  if (!lastShipped || noTarget.length) {
    if (last.name && ordered.some((p) => p.name.toLowerCase() === last.name!.toLowerCase())) return { problem: `the last stage ${last.name} has the name of a program`, notes };
    chains.push({ model, stage: last, name: last.name, suffix: '' });
    notes.push(
      noTarget.length
        ? `the last stage${last.name ? ` (${last.name})` : ''} stays what it was, every program in it: ${noTarget.join(', ')} build${noTarget.length > 1 ? '' : 's'} this Dockerfile with no target`
        : `the last stage ${last.name ?? ''} stays last, as in the original (a build with no target produces it)${keptTargets.has(last.name ?? '') ? `; ${keptTargets.get(last.name!)!.join(', ')} build${keptTargets.get(last.name!)!.length > 1 ? '' : 's'} it with --target` : ''}`,
    );
  } else if (discovery.defaultProgram) notes.push(`a build with no target produces the ${discovery.defaultProgram.name} image (the program the original CMD/ENTRYPOINT runs)`);
  const merged = mergeTargets(model, chains);
  if (!merged.text) return { problem: merged.problem, notes };
  const mergedModel = parseDockerfile(merged.text);
  const stageNames = [...model.stages, ...mergedModel.stages].map((s) => s.name).filter((n): n is string => !!n);
  for (const p of ordered) {
    const own = extractTarget(merged.text, p.name);
    const problems = own
      ? verifySplitFile(own, { program: p.name, programs: discovery.programs.map((x) => x.name), originalStages: stageNames, command: p.language === 'other' && p.command ? p.command : undefined, interpreted: p.interpreted, readMakefile })
      : [`target ${p.name} is missing`];
    if (problems.length) return { problem: `target ${p.name} would not run (${problems.join('; ')})`, notes };
  }
  for (const c of chains.slice(ordered.length)) if (c.name && !mergedModel.stages.some((s) => s.name === c.name)) return { problem: `target ${c.name} is missing`, notes };
  return { text: merged.text, notes };
}

/** Matches a header comment that describes the whole multi-program image ("Builds both programs…; compose picks one"). */
const WHOLE_IMAGE_COMMENT = /\b(?:both|all|every|several|each of the)\b[^\n]*\b(?:programs?|binaries|services)\b|\bone image\b|\bcompose picks\b|\bmonolith/i;

/**
 * A per-program file does not keep the original's header comment when it describes the whole image (it would say
 * "builds every program" above a file that builds one), and removed blocks leave no runs of blank lines.
 */
export function tidyProgramFile(text: string, programs: string[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  let start = 0;
  while (start < lines.length && /^#\s*(?:syntax|escape|check)\s*=/i.test(lines[start])) start++;
  let end = start;
  while (end < lines.length && /^\s*#/.test(lines[end])) end++;
  const header = lines.slice(start, end).join('\n');
  const namesSeveral = programs.filter((p) => new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(header)).length >= 2;
  if (end > start && (WHOLE_IMAGE_COMMENT.test(header) || namesSeveral)) lines.splice(start, end - start);
  const out: string[] = [];
  for (const l of lines) if (!(l.trim() === '' && out.length && out[out.length - 1].trim() === '' )) out.push(l);
  while (out.length > 1 && out[0].trim() === '') out.shift();
  return out.join(eol);
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
