import type { DockwrightConfig } from '../config';
import { artifactCopies, buildCommands, containerPath, type ArtifactCopy, type BuildCommand, type BuildWord } from '../dockerfile/buildCommands';
import { stageLineage, type DockerfileModel, type Instr, type Stage } from '../dockerfile/model';
import { cgoTable, type CgoTable } from '../golang/cgoTable';
import { analyzeGoProgram, GoFileIndex, mainPackagesUnder, type GoProgramAnalysis } from '../golang/goProgram';
import { baseName, dirName, joinPath, type Workspace } from '../workspace';
import { contextFromReferences } from './references';
import { followRelocations, type Relocation } from './relocations';
import { analyzeRustProgram, cargoProgramNames, cargoProjectAt } from './rust';
import type { InterpretedCheck } from './interpreted';
import type { ComposeService } from './services';
import { shippedStageOf } from './shipped';

/** One build of one program: the command, and (for wildcard builds) the package word to narrow it to. */
export interface ProgramBuild {
  build: BuildCommand;
  /** The package word to rewrite for this program (wildcard builds), and its new value. */
  narrow?: { word: BuildWord; value: string };
  /** cargo: bin names to keep (`--bins` narrowed to `--bin NAME`). */
  cargoBin?: string;
  /** make: the target that builds this program. */
  makeTarget?: string;
  /** go: the package word of a multi-package command (`go install ./cmd/a ./cmd/b`) that is this program's. */
  packageWord?: BuildWord;
}

export interface Program {
  name: string;
  language: 'go' | 'rust' | 'other';
  builds: ProgramBuild[];
  /** Where the build puts the binary (container path in the build stage). */
  outputPath?: string;
  /** COPY --from lines that bring this program's binary into later stages. */
  copies: ArtifactCopy[];
  /** `cp`/`mv`/`install` words in the build stage that move its binary (out of a cache-mounted target/, say). */
  relocations?: Relocation[];
  /** Every container path its binary has in the build stage (where the build writes it, where cp/mv put it). */
  artifactPaths?: string[];
  /** Path the final image runs it by (as the original CMD style would write it). */
  runPath?: string;
  go?: GoProgramAnalysis;
  /** Final decision: does it build with cgo? `undefined` = keep what the original does. */
  cgo?: boolean;
  /** The build packages and runtime libraries its cgo needs, when known. */
  buildPackages: Set<string>;
  runtimePackages: Set<string>;
  /** In-tree cgo whose libraries are not known: keep the original's -dev and runtime libraries. */
  keepAllCgoPackages: boolean;
  services: ComposeService[];
  reasons: string[];
  /** For interpreted entrypoints picked by compose (`node dist/worker.js`): the argv its image's CMD becomes. */
  command?: string[];
  /** Interpreted programs: runtime packages (as written) its file leaves out, proven unneeded (split/interpreted.ts). */
  dropPackages?: Set<string>;
  /** Interpreted programs: what the verifier checks in its file (runtime, entry file, packages it needs). */
  interpreted?: InterpretedCheck;
}

export interface Discovery {
  model: DockerfileModel;
  builds: BuildCommand[];
  copies: ArtifactCopy[];
  programs: Program[];
  /** Why this Dockerfile is not split (not a monolith), if so. */
  notMonolithReason?: string;
  notes: string[];
  defaultProgram?: Program;
  table: CgoTable;
  /** The build context (workspace folder). */
  contextDir?: string;
  /** Interpreted applications: the packages every file keeps, and why (split/interpreted.ts). */
  interpretedNotes?: string[];
}

/** `go install example.com/x@v1.2.3` → `example.com/x` (a version pin, not part of the name). */
function stripVersionSuffix(name: string): string {
  return name.replace(/@.*$/, '');
}

/** Outputs that are folders: `-o /out/`, or one `-o X` shared by builds of different packages, or a prefix of another output. */
let folderOutputs = new Set<string>();

function goProgramName(build: BuildCommand, pkg: string): string {
  const out = build.output?.value;
  if (out && !out.endsWith('/') && build.verb === 'build' && !folderOutputs.has(out)) return baseName(out);
  const clean = stripVersionSuffix(pkg).replace(/\/+\.?$/, '').replace(/\/\.$/, '').replace(/\/+$/, '');
  const last = clean === '.' || clean === '' ? '' : baseName(clean);
  return stripVersionSuffix(last);
}

function outputPathFor(build: BuildCommand, name: string): string {
  if (build.tool === 'go') {
    if (build.verb === 'install') return `/go/bin/${name}`;
    const out = build.output?.value;
    if (!out) return containerPath(build.workdir, name);
    if (out.endsWith('/') || folderOutputs.has(out)) return containerPath(build.workdir, out.replace(/\/?$/, '/') + name);
    return containerPath(build.workdir, out);
  }
  if (build.tool === 'cargo') {
    const profile = build.release ? 'release' : 'debug';
    return containerPath(build.workdir, `target/${build.target ? build.target + '/' : ''}${profile}/${name}`);
  }
  return containerPath(build.workdir, name);
}

/** Workspace folder a container path in the build stage comes from, when the stage copied the context there (`COPY . .`). */
function workspaceDirFor(contextDir: string, build: BuildCommand, pkg: string): string | undefined {
  if (pkg.startsWith('/')) return undefined;
  return joinPath(contextDir, pkg);
}

interface RawProgram {
  name: string;
  builds: ProgramBuild[];
  outputPath: string;
  packageDir?: string;
  importPath?: string;
  tags: string[];
}

function cargoBins(workspace: Workspace, contextDir: string): string[] {
  const bins = new Set<string>();
  const manifests = workspace.listFiles(contextDir).filter((f) => baseName(f) === 'Cargo.toml');
  for (const manifest of manifests) {
    const text = workspace.readText(manifest) ?? '';
    const pkgName = /\[package\][^[]*?\bname\s*=\s*"([^"]+)"/s.exec(text)?.[1];
    const explicit = [...text.matchAll(/\[\[bin\]\][^[]*?\bname\s*=\s*"([^"]+)"/gs)].map((m) => m[1]);
    explicit.forEach((b) => bins.add(b));
    if (pkgName && workspace.exists(joinPath(dirName(manifest), 'src/main.rs') ?? '')) bins.add(pkgName);
    for (const f of workspace.listFiles(joinPath(dirName(manifest), 'src/bin') ?? '')) {
      const rel = f.slice((joinPath(dirName(manifest), 'src/bin') ?? '').length + 1);
      if (/^[^/]+\.rs$/.test(rel)) bins.add(rel.slice(0, -3));
      else if (/^[^/]+\/main\.rs$/.test(rel)) bins.add(rel.split('/')[0]);
    }
  }
  return [...bins].sort();
}

/** Finds the programs a Dockerfile builds, which services run which, and what each needs. */
export function discoverPrograms(
  workspace: Workspace,
  dockerfilePath: string,
  model: DockerfileModel,
  services: ComposeService[],
  config?: DockwrightConfig,
): Discovery {
  const table = cgoTable(config);
  const notes: string[] = [];
  // The build context: the compose service's, else the one CI or a script builds it with, else the Dockerfile's folder.
  const contextDir = services[0]?.contextDir ?? contextFromReferences(workspace, dockerfilePath) ?? dirName(dockerfilePath);
  const readMakefile = (name: string) => workspace.readText(joinPath(contextDir, name) ?? name);
  const builds = buildCommands(model, readMakefile);
  const copies = artifactCopies(model);
  const discovery: Discovery = { model, builds, copies, programs: [], notes, table, contextDir };

  // Only Docker build ARGs select a program: make variables (`make BLDFLAGS=…`) and version pins (`x@${VERSION}`) do not.
  const declared = (b: BuildCommand) => {
    const names = new Set<string>(model.globalArgs.keys());
    for (const st of stageLineage(b.stage)) for (const v of st.vars) if (v.kind === 'ARG') names.add(v.name);
    return names;
  };
  const selectors = (b: BuildCommand) => {
    const args = declared(b);
    const inWords = [...b.packages.map((p) => stripVersionSuffix(p.value)), b.output?.value ?? '', ...b.bins].flatMap((w) => [...w.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
    const inWorkdir = b.packages.every((p) => p.value === '.' || !p.value.startsWith('/')) ? [...b.workdir.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]) : [];
    return [...new Set([...inWords, ...inWorkdir])].filter((v) => args.has(v));
  };
  const parametrised = builds.map((b) => ({ b, args: selectors(b) })).find((x) => x.args.length);
  if (parametrised) {
    const arg = parametrised.args[0];
    const where = parametrised.b.workdir.includes(arg) && !parametrised.b.packages.some((p) => p.value.includes(arg)) ? `WORKDIR ${parametrised.b.workdir} then ${parametrised.b.tool} ${parametrised.b.verb}` : `${parametrised.b.tool} ${parametrised.b.verb} uses \${${arg}}`;
    discovery.notMonolithReason = `the build is parametrised by ARG ${arg} (${where}): each build produces one program, chosen with --build-arg ${arg}=…`;
    return discovery;
  }
  folderOutputs = new Set<string>();
  const outputs = builds.filter((b) => b.tool === 'go' && b.output).map((b) => ({ out: b.output!.value, pkgs: b.packages.map((p) => p.value).join(' ') }));
  for (const o of outputs) {
    if (outputs.some((x) => x.out === o.out && x.pkgs !== o.pkgs) || outputs.some((x) => x.out.startsWith(o.out.replace(/\/?$/, '/')))) folderOutputs.add(o.out);
  }

  const raw = new Map<string, RawProgram>();
  let cargoProject: ReturnType<typeof cargoProjectAt> | null | undefined;
  const add = (name: string, build: ProgramBuild, outputPath: string, packageDir?: string, importPath?: string) => {
    if (!name) return;
    const existing = raw.get(name);
    if (existing) existing.builds.push(build);
    else raw.set(name, { name, builds: [build], outputPath, packageDir, importPath, tags: build.build.tags });
  };
  for (const build of builds) {
    if (build.tool === 'go') {
      for (const pkg of build.packages.length ? build.packages : [{ value: '.', index: -1 }]) {
        if (pkg.value.endsWith('.go')) {
          const name = goProgramName(build, dirName(pkg.value) || baseName(contextDir));
          add(name, { build, makeTarget: build.viaMake?.target }, outputPathFor(build, name), workspaceDirFor(contextDir, build, dirName(pkg.value) || '.'));
          continue;
        }
        if (pkg.value.endsWith('/...')) {
          const base = pkg.value.slice(0, -4);
          const dir = workspaceDirFor(contextDir, build, base);
          const mains = dir !== undefined ? mainPackagesUnder(workspace, dir) : [];
          if (!mains.length) notes.push(`${pkg.value}: no main packages found in the tree`);
          for (const m of mains) {
            const rel = m.slice(dir ? dir.length + 1 : 0);
            const name = baseName(m);
            const value = `${base.replace(/\/$/, '')}/${rel}`.replace(/^\/+/, '');
            add(name, { build, narrow: { word: pkg, value: value.startsWith('.') || value.includes('.') ? value : `./${value}` }, makeTarget: build.viaMake?.target }, outputPathFor(build, name), m);
          }
          continue;
        }
        const isImportPath = !pkg.value.startsWith('.') && pkg.value.includes('.');
        let name = goProgramName(build, pkg.value);
        if (!name) name = baseName(contextDir) || 'app';
        const packageWord = pkg.index >= 0 ? (pkg as BuildWord) : undefined;
        add(name, { build, makeTarget: build.viaMake?.target, packageWord }, outputPathFor(build, name), isImportPath ? undefined : workspaceDirFor(contextDir, build, pkg.value), isImportPath ? pkg.value : undefined);
      }
    } else if (build.tool === 'cargo') {
      const resolved = cargoProgramNames((cargoProject ??= cargoProjectAt(workspace, contextDir) ?? null) ?? undefined, build);
      if (resolved) notes.push(...resolved.notes.map((n) => `cargo: ${n}`));
      const names = resolved ? resolved.names : build.bins.length ? build.bins : build.allBins || build.verb === 'build' ? cargoBins(workspace, contextDir) : [];
      if (!names.length) notes.push(`cargo ${build.verb}: could not tell which binaries it builds`);
      for (const name of names) add(name, { build, cargoBin: build.bins.length ? undefined : name }, outputPathFor(build, name));
    }
  }

  const index = new GoFileIndex(workspace);
  for (const r of raw.values()) {
    const program: Program = {
      name: r.name,
      language: r.builds[0].build.tool === 'go' ? 'go' : r.builds[0].build.tool === 'cargo' ? 'rust' : 'other',
      builds: r.builds,
      outputPath: r.outputPath,
      copies: [],
      buildPackages: new Set(),
      runtimePackages: new Set(),
      keepAllCgoPackages: false,
      services: [],
      reasons: [],
    };
    const firstBuild = r.builds[0].build;
    const moved = followRelocations(firstBuild.stage, firstBuild.command, r.outputPath);
    program.artifactPaths = [r.outputPath];
    if (moved.relocations.length) {
      program.outputPath = r.outputPath = moved.path;
      program.relocations = moved.relocations;
      program.artifactPaths.push(moved.path);
    }
    program.copies = copies.filter((c) => c.from && r.builds.some((b) => stageLineage(c.from!).includes(b.build.stage)) && c.sources.some((s) => copiesPath(c, s, r.outputPath)));
    program.runPath = runPathFor(program);
    if (program.language === 'go') analyzeGo(workspace, program, r, contextDir, table, index);
    if (program.language === 'rust') {
      const managerOf = (stage: Stage | undefined) => (stage?.distro === 'alpine' ? 'apk' : 'apt');
      analyzeRustProgram(cargoProject ?? cargoProjectAt(workspace, contextDir), program, managerOf(firstBuild.stage), managerOf(model.finalStage));
    }
    discovery.programs.push(program);
  }

  if (discovery.programs.length < 2) {
    const scripts = scriptPrograms(model, services);
    if (scripts.length >= 2) {
      discovery.programs = scripts;
      notes.push(`the services run different entrypoints of one image (${scripts.map((p) => p.command!.join(' ')).join(' / ')})`);
    }
  }
  assignServices(discovery, services);
  return discovery;
}

const INTERPRETERS = /^(?:node|nodejs|bun|deno|tsx|ts-node|ts-node-dev|python[0-9.]*|ruby|php|perl|Rscript|java|dotnet|uvicorn|gunicorn|hypercorn|daphne|celery|npm|yarn|pnpm)$/;

/** The script or module an interpreter command runs (`node dist/api.js` → dist/api.js, `python -m app.worker` → app.worker). */
function entryOf(argv: string[]): { key: string; name: string } | undefined {
  const interpreter = baseName(argv[0] ?? '');
  if (!INTERPRETERS.test(interpreter)) return undefined;
  const rest = argv.slice(1);
  let key: string | undefined;
  if (/^(?:npm|yarn|pnpm)$/.test(interpreter)) key = rest[0] === 'run' || rest[0] === 'run-script' ? rest[1] : rest[0];
  else if (/^(?:uvicorn|gunicorn|hypercorn|daphne)$/.test(interpreter)) key = rest.find((w, i) => !w.startsWith('-') && w.includes(':') && !/^[\d.]*:\d+$|^unix:/.test(w) && !/^(?:-b|--bind|--host|--port|-c|--config|-k|--worker-class)$/.test(rest[i - 1] ?? ''));
  else if (interpreter === 'celery') key = rest.join(' ');
  else {
    const m = rest.indexOf('-m');
    key = m >= 0 ? rest[m + 1] : rest.find((w) => !w.startsWith('-'));
    if (interpreter === 'java') key = rest[rest.indexOf('-jar') + 1] ?? key;
  }
  if (!key) return undefined;
  // celery: the subcommand names the program (`celery -A app worker` → worker, `… beat` → beat).
  if (interpreter === 'celery') {
    const sub = rest.find((w, i) => !w.startsWith('-') && !/^(?:-A|--app|-b|--broker|--workdir|--config)$/.test(rest[i - 1] ?? ''));
    if (sub) return { key: `${interpreter} ${key}`, name: sub.replace(/[^A-Za-z0-9_.-]/g, '-').toLowerCase() };
  }
  if (/^(?:uvicorn|gunicorn|hypercorn|daphne)$/.test(interpreter)) key = key.split(':')[0];
  const name = (baseName(key).replace(/\.(?:m?js|cjs|ts|py|rb|php|pl|R|jar|dll)$/i, '').split(/[.:\s]/).filter(Boolean).pop() ?? key).replace(/[^A-Za-z0-9_.-]/g, '-');
  return { key: `${interpreter} ${key}`, name: name.toLowerCase() };
}

/** Programs picked by compose commands from one image that compiles none (node, python…): one per distinct entrypoint. */
function scriptPrograms(model: DockerfileModel, services: ComposeService[]): Program[] {
  const cmd = imageArgv(model, 'CMD', services);
  const byKey = new Map<string, Program>();
  const entries: { argv: string[]; entry: { key: string; name: string } }[] = [];
  if (cmd) {
    const entry = entryOf(cmd);
    if (entry) entries.push({ argv: cmd, entry });
  }
  for (const service of services) {
    if (service.entrypoint || !service.command) continue;
    const entry = entryOf(service.command);
    if (entry) entries.push({ argv: service.command, entry });
  }
  for (const { argv, entry } of entries) {
    if (byKey.has(entry.key)) continue;
    let name = entry.name;
    for (let n = 2; [...byKey.values()].some((p) => p.name === name); n++) name = `${entry.name}${n}`;
    byKey.set(entry.key, {
      name,
      language: 'other',
      builds: [],
      copies: [],
      buildPackages: new Set(),
      runtimePackages: new Set(),
      keepAllCgoPackages: false,
      services: [],
      reasons: [`runs \`${argv.join(' ')}\``],
      command: argv,
    });
  }
  // Only a split when services actually run different entrypoints.
  const used = new Set(services.map((s) => (s.command && !s.entrypoint ? entryOf(s.command)?.key : cmd ? entryOf(cmd)?.key : undefined)));
  return used.size >= 2 ? [...byKey.values()].filter((p) => used.has(entryOf(p.command!)?.key)) : [];
}

/** True when a COPY source (a path in the source stage) is the output or a folder containing it. */
function copiesPath(copy: ArtifactCopy, source: string, output: string): boolean {
  const src = containerPath('/', source.replace(/\/\*$/, '/'));
  if (src === output) return true;
  const dir = src.endsWith('/') ? src : src + '/';
  return output.startsWith(dir);
}

function runPathFor(program: Program): string | undefined {
  const copy = program.copies.find((c) => c.stage === program.copies[program.copies.length - 1]?.stage) ?? program.copies[0];
  if (!copy) return undefined;
  const dest = copy.dest;
  // `COPY x /usr/local/bin` (no trailing slash) copies into the folder: the standard bin folders exist in every base image.
  const isDir = dest.endsWith('/') || copy.sources.length > 1 || copy.sources.some((s) => s.endsWith('/')) || /^\/(?:usr\/(?:local\/)?)?s?bin$/.test(dest);
  const path = isDir ? `${dest.replace(/\/$/, '')}/${program.name}` : dest;
  return path.startsWith('/') || path.startsWith('./') ? path : `./${path}`;
}

function analyzeGo(workspace: Workspace, program: Program, raw: RawProgram, contextDir: string, table: CgoTable, index: GoFileIndex): void {
  const build = raw.builds[0].build;
  const original = build.cgoEnabled?.value;
  const originalText = original === undefined ? 'unset' : `CGO_ENABLED=${original}`;
  if (raw.builds.some((b) => b.build.viaMake) && raw.builds.some((b) => b.build.cgoEnabled?.from === 'assignment')) {
    program.reasons.push(`built by make ${raw.builds[0].makeTarget}, whose recipe sets CGO_ENABLED itself: the original's setting is kept`);
    return;
  }
  const dir = raw.packageDir ?? raw.importPath;
  if (dir === undefined) {
    program.reasons.push(`cannot map its package to the source tree: cgo stays as in the original (${originalText})`);
    return;
  }
  const go = analyzeGoProgram(workspace, dir, { tags: raw.tags, table, searchDir: contextDir, index });
  program.go = go;
  if (original === '0') {
    program.cgo = false;
    program.reasons.push('the original builds it with CGO_ENABLED=0: kept');
    return;
  }
  if (go.cgo === 'unknown') {
    program.reasons.push(`cgo need unknown (${go.unknowns.join('; ')}): the original's setting (${originalText}) and build packages are kept`);
    return;
  }
  if (go.cgo === 'no') {
    program.cgo = false;
    program.reasons.push(`pure Go: none of the ${go.files.length} files it compiles (${go.dir} and its local imports) has import "C" or imports a known cgo module → CGO_ENABLED=0, no C toolchain or C libraries`);
    return;
  }
  program.cgo = true;
  const manager = build.stage.distro === 'alpine' ? 'apk' : 'apt';
  for (const need of go.needs) {
    program.reasons.push(`needs cgo: ${need.chain.join(' → ')}${need.what.includes('import "C"') ? ' has import "C"' : ` (${need.what} is a cgo module)`}`);
    if (need.unmapped) program.keepAllCgoPackages = true;
    for (const entry of need.packages) {
      entry[manager]?.build.forEach((p) => program.buildPackages.add(p));
      entry[manager]?.runtime.forEach((p) => program.runtimePackages.add(p));
    }
  }
  if (program.keepAllCgoPackages) program.reasons.push('its C libraries are not in the cgo table: the original\'s C build and runtime packages are kept');
}

function programIn(argv: string[] | undefined, programs: Program[]): Program | undefined {
  // An init wrapper (`tini --`, `dumb-init`) in front of the interpreter: the entry is what it starts.
  const at = argv ? argv.findIndex((w) => INTERPRETERS.test(baseName(w))) : -1;
  const entry = argv && (entryOf(argv) ?? (at > 0 ? entryOf(argv.slice(at)) : undefined));
  if (entry) {
    const hit = programs.find((p) => p.command && entryOf(p.command)?.key === entry.key);
    if (hit) return hit;
  }
  // A `sh -c "prog --flag …"` script is one word: look at its words too.
  for (const word of (argv ?? []).flatMap((w) => (/\s/.test(w.trim()) ? w.trim().split(/\s+/) : [w]))) {
    const name = baseName(word);
    const hit = programs.find((p) => p.name === name || p.runPath === word);
    if (hit) return hit;
  }
  return undefined;
}

function imageArgv(model: DockerfileModel, keyword: 'CMD' | 'ENTRYPOINT', services: ComposeService[] = []): string[] | undefined {
  const stage: Stage | undefined = shippedStageOf(model, services);
  if (!stage) return undefined;
  const instr = [...stage.instructions].reverse().find((i) => i.keyword === keyword);
  return instr && instructionWords(instr);
}

/** The words of a CMD/ENTRYPOINT: the JSON array (exec form), else the whitespace-separated words (shell form). */
export function instructionWords(instr: Instr): string[] {
  const text = instr.argsText.trim();
  if (text.startsWith('[')) {
    try {
      const arr = JSON.parse(text);
      if (Array.isArray(arr)) return arr.map(String);
    } catch {
      /* shell form below */
    }
  }
  return text.split(/\s+/).filter(Boolean);
}

function assignServices(discovery: Discovery, services: ComposeService[]): void {
  const { programs, model } = discovery;
  const entrypoint = imageArgv(model, 'ENTRYPOINT', services);
  const cmd = imageArgv(model, 'CMD', services);
  discovery.defaultProgram = programIn(entrypoint, programs) ?? programIn(cmd, programs);
  for (const service of services) {
    const argv = [...(service.entrypoint ?? entrypoint ?? []), ...(service.command ?? (service.entrypoint ? [] : cmd ?? []))];
    const program = programIn(argv, programs) ?? discovery.defaultProgram;
    if (!program) {
      discovery.notes.push(`service ${service.name}: cannot tell which program it runs; left unchanged`);
      continue;
    }
    program.services.push(service);
  }
}
