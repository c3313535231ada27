import { containerPath, copyArgs, workdirBefore } from '../dockerfile/buildCommands';
import { parseDockerfile, stageLineage, type DockerfileModel, type Instr, type PackageInstall, type RunCommand, type RunInfo, type Stage, findStage } from '../dockerfile/model';
import { isBuildOnlyPackage, isToolchainPackage } from '../golang/cgoTable';
import { staleCommentLines } from './interpreted';
import type { Discovery, Program } from './programs';
import { isCLinkerPackage } from './rust';
import { namePattern } from './verify';

interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** What to write into one program's Dockerfile beyond what the model decides by itself. */
export interface EmitDecisions {
  /** Ports to EXPOSE; undefined keeps the original's EXPOSE lines. */
  ports?: string[];
  /** Data folders to keep in mkdir/chown; undefined keeps them all. */
  dataDirs?: string[];
  /** The stage the original shipped for this program (its services' `build.target`); undefined: the last stage. */
  shippedStage?: string;
}

export interface Emitted {
  text: string;
  notes: string[];
  /** The parsed result, for callers that need to read it (CMD, stages). */
  model: DockerfileModel;
}

const PATH_DIRS = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin', '/go/bin'];

function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) continue; // an enclosing edit already covers it
    out += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** Offsets of a whole instruction including its line break (and the lines of its continuation). */
function instructionSpan(model: DockerfileModel, instr: Instr): { start: number; end: number } {
  const start = model.lines.offsetAt({ line: instr.range.start.line, character: 0 });
  const endLine = instr.range.end.line;
  const end = endLine + 1 < model.lines.lineCount ? model.lines.offsetAt({ line: endLine + 1, character: 0 }) : model.text.length;
  return { start, end };
}

type CommandPlan = { remove: boolean; edits: OffsetEdit[] };

/** Builds the Dockerfile that builds and runs only `program`, as a set of edits to the original text. */
export function emitProgramDockerfile(discovery: Discovery, program: Program, decisions: EmitDecisions): Emitted {
  const { model } = discovery;
  const text = model.text;
  const off = (p: { line: number; character: number }) => model.lines.offsetAt(p);
  const notes: string[] = [];
  const edits: OffsetEdit[] = [];
  const others = discovery.programs.filter((p) => p !== program);
  const commandPlans = new Map<RunCommand, CommandPlan>();
  const planFor = (c: RunCommand): CommandPlan => {
    let p = commandPlans.get(c);
    if (!p) commandPlans.set(c, (p = { remove: false, edits: [] }));
    return p;
  };
  const removeWord = (command: RunCommand, index: number) => {
    const w = command.words[index];
    const prev = command.words[index - 1];
    planFor(command).edits.push({ start: prev ? off(prev.range.end) : off(w.range.start), end: off(w.range.end), text: '' });
  };
  const replaceWord = (command: RunCommand, index: number, value: string) => {
    const w = command.words[index];
    planFor(command).edits.push({ start: off(w.range.start), end: off(w.range.end), text: value });
  };

  // 1. Build commands: keep this program's, narrowed; drop the others'.
  const mine = new Set(program.builds.map((b) => b.build));
  const myCommands = new Set(program.builds.map((b) => b.build.command));
  const cgoDone = new Set<RunCommand>();
  for (const build of discovery.builds) {
    if (build.tool === 'npm') continue;
    const ownersBuilds = discovery.programs.flatMap((p) => p.builds.filter((b) => b.build === build).map((b) => ({ p, b })));
    if (!ownersBuilds.length) continue;
    if (!mine.has(build)) {
      if (!myCommands.has(build.command)) planFor(build.command).remove = true;
      continue;
    }
    const myBuild = program.builds.find((b) => b.build === build)!;
    if (build.viaMake) {
      const targetWords = build.command.words.map((w, i) => ({ w, i })).filter(({ w, i }) => i > build.toolIndex && !w.value.startsWith('-') && !w.value.includes('='));
      const otherTargets = new Set(others.flatMap((p) => p.builds.filter((b) => b.build.viaMake && b.build.command === build.command).map((b) => b.makeTarget)));
      if (!targetWords.length && ownersBuilds.some(({ p }) => p !== program)) notes.push(`make builds every program at once; kept as is for ${program.name}`);
      for (const { w, i } of targetWords) if (w.value !== myBuild.makeTarget && otherTargets.has(w.value)) removeWord(build.command, i);
    } else if (ownersBuilds.some(({ p }) => p !== program)) {
      if (myBuild.narrow) replaceWord(build.command, myBuild.narrow.word.index, myBuild.narrow.value);
      if (build.tool === 'go') {
        for (const { p, b } of ownersBuilds) {
          if (p === program || b.narrow) continue;
          const pkgWord = myBuild.packageWord ?? build.packages.find((w) => !myBuild.narrow || w.index !== myBuild.narrow.word.index);
          if (pkgWord && build.packages.length > 1) {
            for (const w of build.packages) if (w !== pkgWord && !program.builds.some((mb) => mb.narrow?.word === w)) removeWord(build.command, w.index);
          }
        }
      } else if (build.tool === 'cargo') {
        const words = build.command.words;
        for (let i = build.toolIndex + 2; i < words.length; i++) {
          if (words[i].value === '--bins' && myBuild.cargoBin) replaceWord(build.command, i, `--bin ${myBuild.cargoBin}`);
          if (words[i].value === '--bin' && words[i + 1] && words[i + 1].value !== program.name) {
            removeWord(build.command, i + 1);
            removeWord(build.command, i);
          }
          if (words[i].value === `--bin=${words[i].value.slice(6)}` && words[i].value.slice(6) !== program.name) removeWord(build.command, i);
        }
        if (!build.bins.length && !build.allBins && myBuild.cargoBin) {
          const last = words[words.length - 1];
          planFor(build.command).edits.push({ start: off(last.range.end), end: off(last.range.end), text: ` --bin ${myBuild.cargoBin}` });
        }
      }
    }
    // cgo setting
    if (build.tool === 'go' && program.cgo !== undefined && !cgoDone.has(build.command)) {
      cgoDone.add(build.command);
      const want = program.cgo ? '1' : '0';
      const cmdStart = off(build.command.range.start);
      const toolStart = off(build.command.words[build.toolIndex]?.range.start ?? build.command.range.start);
      const head = text.slice(cmdStart, toolStart);
      const m = /(^|\s)CGO_ENABLED=(["']?)(\w*)\2/.exec(head);
      if (m && build.cgoEnabled?.from === 'assignment') {
        if (m[3] !== want) {
          const at = cmdStart + m.index + m[1].length;
          planFor(build.command).edits.push({ start: at, end: at + m[0].length - m[1].length, text: `CGO_ENABLED=${want}` });
        }
      } else if (build.cgoEnabled?.value !== want) {
        planFor(build.command).edits.push({ start: cmdStart, end: cmdStart, text: `CGO_ENABLED=${want} ` });
      }
    }
  }

  // 1b. cp/mv/install of several binaries out of the build tree: keep only this program's source.
  for (const other of others) {
    for (const r of other.relocations ?? []) {
      if (program.relocations?.some((m) => m.command === r.command && m.sourceIndex === r.sourceIndex)) continue;
      removeWord(r.command, r.sourceIndex);
      const keepsOne = r.allSourceIndexes.some((i) => program.relocations?.some((m) => m.command === r.command && m.sourceIndex === i));
      if (!keepsOne && r.allSourceIndexes.every((i) => others.some((o) => o.relocations?.some((m) => m.command === r.command && m.sourceIndex === i)))) {
        planFor(r.command).remove = true;
      }
    }
  }

  // 1c. Other commands in the build stages that name another program's binary (`xx-verify /out/a /out/b`, `strip`, `upx`).
  const buildCommandSet = new Set(discovery.builds.map((b) => b.command));
  const relocationCommands = new Set(discovery.programs.flatMap((p) => (p.relocations ?? []).map((r) => r.command)));
  const otherArtifacts = new Set(others.flatMap((o) => o.artifactPaths ?? []));
  const mineArtifacts = new Set(program.artifactPaths ?? []);
  for (const stage of new Set(program.builds.map((b) => b.build.stage))) {
    for (const run of stage.runs) {
      const workdir = workdirBefore(stage, run.instr);
      for (const command of run.commands) {
        if (buildCommandSet.has(command) || relocationCommands.has(command)) continue;
        const operands = command.words.map((w, i) => ({ w, i })).filter(({ w, i }) => i > 0 && !w.value.startsWith('-'));
        const theirs = operands.filter(({ w }) => !w.value.includes('$') && otherArtifacts.has(containerPath(workdir, w.value)));
        if (!theirs.length) continue;
        for (const { i } of theirs) removeWord(command, i);
        if (!operands.some(({ w }) => mineArtifacts.has(containerPath(workdir, w.value))) && theirs.length === operands.length) planFor(command).remove = true;
      }
    }
  }

  // 2. Packages: C toolchain and -dev packages only for cgo programs; C runtime libraries only for those that link them.
  const buildStages = new Set<Stage>();
  for (const b of program.builds) for (let s: Stage | undefined = b.build.stage; s && !buildStages.has(s); s = s.parent) buildStages.add(s);
  const otherBuild = new Set(others.flatMap((p) => [...p.buildPackages]));
  const otherRuntime = new Set(others.flatMap((p) => [...p.runtimePackages]));
  const devInBuilders = new Set<string>();
  for (const stage of model.stages) for (const inst of stage.installs) for (const p of inst.packages) if (/-dev(el)?$/.test(p.value)) devInBuilders.add(p.value);
  // The shipped stage plays the part of the final stage: a `tests` stage that happens to be last is not the image.
  const finalStage = (decisions.shippedStage && findStage(model, decisions.shippedStage)) || model.finalStage;
  const isCgoRuntimeLib = (name: string): boolean => {
    if ([...discovery.programs].some((p) => p.runtimePackages.has(name))) return true;
    for (const dev of devInBuilders) {
      const stem = dev.replace(/-dev(el)?$/, '');
      // libwebp-dev → libwebp, libvips-dev → libvips42, zstd-dev → zstd-libs (Alpine's split of shared objects).
      if (name === stem || (name.startsWith(stem) && /^(?:[\d.-]+|-libs)$/.test(name.slice(stem.length)))) return true;
    }
    return false;
  };
  const decidesPackages = (program.language === 'go' || program.language === 'rust') && program.cgo !== undefined && !program.keepAllCgoPackages;
  const installsOf = (stage: Stage) => {
    const own = stage.installs.filter((i) => i.manager === 'apk' || i.manager === 'apt');
    // The model already reads xx-apk/xx-apt-get as installs; crossInstalls covers models that do not.
    return [...own, ...crossInstalls(stage).filter((c) => !own.some((o) => o.command === c.command))];
  };
  if (decidesPackages) {
    for (const stage of model.stages) {
      const isFinal = stage === finalStage;
      if (!isFinal && !buildStages.has(stage)) continue;
      for (const inst of installsOf(stage)) {
        inst.packages.forEach((pkg) => {
          const name = pkg.value;
          let drop = false;
          if (!isFinal && isBuildOnlyPackage(name)) {
            // rustc links through the C toolchain even when no -sys crate is used.
            if (program.language === 'rust' && isCLinkerPackage(name)) drop = false;
            else if (!program.cgo) drop = true;
            else if (!isToolchainPackage(name) && !program.buildPackages.has(name) && otherBuild.has(name)) drop = true;
          } else if (isFinal && isCgoRuntimeLib(name)) {
            if (!program.cgo) drop = true;
            else if (!program.runtimePackages.has(name) && otherRuntime.has(name)) drop = true;
          }
          if (drop) removeWord(inst.command, inst.command.words.indexOf(pkg));
        });
        const remaining = inst.packages.filter((p) => !planFor(inst.command).edits.some((e) => e.end === off(p.range.end) && e.text === ''));
        if (!remaining.length) planFor(inst.command).remove = true;
      }
    }
    if (program.cgo) {
      addMissing(program.runtimePackages, finalStage ? installsOf(finalStage) : [], 'runtime');
      const builderInstalls = [...buildStages].flatMap(installsOf);
      addMissing(program.buildPackages, builderInstalls, 'build');
    }
  }
  // Interpreted programs: the runtime packages the import graph proves it does not need (split/interpreted.ts).
  if (program.dropPackages?.size && finalStage) {
    for (const stage of stageLineage(finalStage)) {
      for (const inst of installsOf(stage)) {
        const mine = inst.packages.filter((p) => program.dropPackages!.has(p.value));
        if (!mine.length) continue;
        for (const pkg of mine) removeWord(inst.command, inst.command.words.indexOf(pkg));
        if (mine.length === inst.packages.length) planFor(inst.command).remove = true;
        for (const line of staleCommentLines(model, inst, program.dropPackages)) edits.push({ start: off({ line, character: 0 }), end: off({ line: line + 1, character: 0 }), text: '' });
      }
    }
  }
  function addMissing(wanted: Set<string>, installs: PackageInstall[], kind: string): void {
    const manager = installs[0]?.manager;
    const have = new Set(installs.flatMap((i) => i.packages.map((p) => p.value)));
    const missing = [...wanted].filter((p) => !have.has(p));
    if (!missing.length) return;
    // With tonistiigi/xx, libraries to link against are target-platform packages: they go to xx-apk / xx-apt-get.
    const target = installs.find((i) => i.packages.length && /^xx-/.test(i.command.words[0]?.value ?? '')) ?? installs.find((i) => i.packages.length);
    if (!target || !manager) {
      notes.push(`${program.name} needs ${kind} packages ${missing.join(' ')}, but the Dockerfile has no install line to add them to`);
      return;
    }
    const last = target.packages[target.packages.length - 1];
    planFor(target.command).edits.push({ start: off(last.range.end), end: off(last.range.end), text: ' ' + missing.join(' ') });
  }

  // Commands that name the other programs' binaries (strip, upx, xx-verify…) lose those arguments.
  const otherOutputs = new Set(others.map((o) => o.outputPath).filter((p): p is string => !!p));
  for (const stage of buildStages) {
    for (const run of stage.runs) {
      for (const command of run.commands) {
        if (discovery.builds.some((b) => b.command === command)) continue;
        const hits = command.words.map((w, i) => ({ w, i })).filter(({ w, i }) => i > 0 && otherOutputs.has(w.value));
        if (!hits.length) continue;
        const operands = command.words.filter((w, i) => i > 0 && !w.value.startsWith('-'));
        if (operands.length === hits.length) planFor(command).remove = true;
        else for (const { i } of hits) removeWord(command, i);
      }
    }
  }

  // 3. COPY --from lines: only this program's binary.
  const removedInstrs = new Set<Instr>();
  for (const copy of discovery.copies) {
    const owners = discovery.programs.filter((p) => p.copies.includes(copy));
    if (!owners.length || owners.includes(program) && owners.length === 1) continue;
    if (!owners.includes(program)) {
      removedInstrs.add(copy.instr);
      continue;
    }
    // A COPY of several binaries: keep only this program's source.
    const args = copyArgs(copy.instr);
    if (args.length > 2 && !copy.instr.argsText.trim().startsWith('[')) {
      const kept = copy.sources.filter((s) => !others.some((o) => o.outputPath && containerPath('/', s) === o.outputPath));
      if (kept.length !== copy.sources.length) {
        const argsStart = off(copy.instr.argsRange!.start);
        const argsEnd = off(copy.instr.argsRange!.end);
        const flagsText = text.slice(argsStart, argsEnd).match(/^(?:--\S+\s+)*/)?.[0] ?? '';
        const dest = copy.dest.endsWith('/') ? copy.dest : kept.length === 1 ? copy.dest.replace(/\/?$/, '/') : copy.dest;
        edits.push({ start: argsStart, end: argsEnd, text: `${flagsText}${[...kept, dest].join(' ')}` });
      }
    }
  }

  // 4. Final stage: data folders, EXPOSE, CMD.
  // Which note says a RUN no longer creates data folders (it must not, if that RUN ends up kept whole).
  const dataDirNotes = new Map<RunInfo, { at: number; dirs: string[] }>();
  if (finalStage) {
    if (decisions.dataDirs) {
      const keep = (dir: string) => decisions.dataDirs!.some((m) => dir === m || dir.startsWith(m + '/') || m.startsWith(dir + '/'));
      for (const run of finalStage.runs) {
        const mkdirs = run.commands.filter((c) => c.words[0]?.value === 'mkdir');
        if (!mkdirs.length) continue;
        const dropped = new Set<string>();
        let keptAny = false;
        for (const c of mkdirs) {
          const dirs = c.words.map((w, i) => ({ w, i })).filter(({ w, i }) => i > 0 && !w.value.startsWith('-'));
          for (const { w, i } of dirs) {
            if (keep(w.value)) keptAny = true;
            else {
              dropped.add(w.value);
              removeWord(c, i);
            }
          }
          if (dirs.every(({ w }) => dropped.has(w.value))) planFor(c).remove = true;
        }
        if (!dropped.size) continue;
        for (const c of run.commands) {
          if (c.words[0]?.value !== 'chown' && c.words[0]?.value !== 'chmod') continue;
          c.words.forEach((w, i) => {
            if (i > 0 && dropped.has(w.value)) removeWord(c, i);
          });
          if (!keptAny) planFor(c).remove = true;
        }
        dataDirNotes.set(run, { at: notes.length, dirs: [...dropped] });
        notes.push(`${program.name}: no longer creates ${[...dropped].join(', ')} (none of its services mounts ${dropped.size > 1 ? 'them' : 'it'})`);
      }
    }
    const exposes = finalStage.instructions.filter((i) => i.keyword === 'EXPOSE');
    if (decisions.ports && exposes.length) {
      exposes.forEach((instr, n) => {
        if (n === 0 && decisions.ports!.length) edits.push({ start: off(instr.argsRange?.start ?? instr.range.end), end: off(instr.argsRange?.end ?? instr.range.end), text: decisions.ports!.join(' ') });
        else removedInstrs.add(instr);
      });
    }
    emitCommand(discovery, program, finalStage, edits, removedInstrs, notes, off);
  }

  // An apt RUN whose every install went: its `apt-get update` and list cleanup go with it.
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      const aptInstalls = run.commands.filter((c) => stage.installs.some((i) => i.command === c && i.manager === 'apt'));
      if (!aptInstalls.length || !aptInstalls.every((c) => commandPlans.get(c)?.remove)) continue;
      for (const c of run.commands) if (isAptHousekeeping(c)) planFor(c).remove = true;
    }
  }

  // Turn command plans into RUN edits.
  const runs = new Map<RunInfo, true>();
  for (const stage of model.stages) for (const run of stage.runs) if (run.commands.some((c) => commandPlans.has(c))) runs.set(run, true);
  for (const run of runs.keys()) {
    const plans = run.commands.map((c) => commandPlans.get(c));
    const kept = run.commands.filter((c, i) => !plans[i]?.remove);
    if (!kept.length) {
      removedInstrs.add(run.instr);
      continue;
    }
    if (kept.length === run.commands.length) {
      for (const p of plans) if (p) edits.push(...p.edits);
      continue;
    }
    if (!isSimpleChain(text, run, off)) {
      notes.push(`line ${run.instr.range.start.line + 1}: the RUN script is not a plain && chain; it is kept whole for ${program.name}`);
      const dataNote = dataDirNotes.get(run);
      if (dataNote && run.commands.some((c, i) => plans[i]?.remove && c.words[0]?.value === 'mkdir')) notes[dataNote.at] = `${program.name}: still creates ${dataNote.dirs.join(', ')} (its RUN is kept whole), though none of its services mounts ${dataNote.dirs.length > 1 ? 'them' : 'it'}`;
      for (const p of plans) if (p && !p.remove) edits.push(...p.edits);
      continue;
    }
    const pieces: string[] = [];
    run.commands.forEach((c, i) => {
      if (plans[i]?.remove) return;
      const start = off(c.range.start);
      const end = off(c.range.end);
      const body = applyOffsetEdits(text.slice(start, end), (plans[i]?.edits ?? []).map((e) => ({ start: e.start - start, end: e.end - start, text: e.text })));
      const gap = pieces.length === 0 ? '' : i > 0 ? text.slice(off(run.commands[i - 1].range.end), start) : ' && ';
      pieces.push(gap + body);
    });
    edits.push({ start: off(run.commands[0].range.start), end: off(run.commands[run.commands.length - 1].range.end), text: pieces.join('') });
  }
  for (const instr of removedInstrs) {
    const span = instructionSpan(model, instr);
    // Comment lines right above a removed instruction describe it: they go too.
    let line = instr.range.start.line;
    while (line > 0 && /^\s*#/.test(model.lines.lineText(line - 1)) && !/^\s*#\s*(?:syntax|escape|check)\s*=/i.test(model.lines.lineText(line - 1))) line--;
    edits.push({ start: model.lines.offsetAt({ line, character: 0 }), end: span.end, text: '' });
  }
  const pruned = pruneUnusedStages(model, applyOffsetEdits(text, edits), decisions.shippedStage);
  return { text: pruned.text, notes, model: pruned.model };
}

/** `apt-get update`, `apt-get clean`, `rm -rf /var/lib/apt/lists/*`: only there to serve an apt install. */
function isAptHousekeeping(command: RunCommand): boolean {
  const words = command.words.map((w) => w.value);
  const tool = words[0]?.split('/').pop();
  if ((tool === 'apt-get' || tool === 'apt') && words.slice(1).some((w) => w === 'update' || w === 'clean' || w === 'autoclean')) return true;
  return tool === 'rm' && words.slice(1).every((w) => w.startsWith('-') || w.startsWith('/var/lib/apt/lists') || w.startsWith('/var/cache/apt'));
}

/** `xx-apk add` / `xx-apt-get install` (tonistiigi/xx): target-platform packages, read like their plain counterparts. */
function crossInstalls(stage: Stage): PackageInstall[] {
  const out: PackageInstall[] = [];
  for (const run of stage.runs) {
    for (const command of run.commands) {
      const program = command.words[0]?.value.split('/').pop();
      const manager = program === 'xx-apk' ? 'apk' : program === 'xx-apt-get' || program === 'xx-apt' ? 'apt' : undefined;
      if (!manager) continue;
      const sub = command.words.findIndex((w, i) => i > 0 && (w.value === 'add' || w.value === 'install'));
      if (sub < 0) continue;
      const packages = command.words.slice(sub + 1).filter((w) => !w.value.startsWith('-'));
      out.push({ manager, run, command, subcommandIndex: sub, packages, options: [] });
    }
  }
  return out;
}

function isSimpleChain(text: string, run: RunInfo, off: (p: { line: number; character: number }) => number): boolean {
  if (run.exec || run.parseError || !run.instr.argsRange) return false;
  const start = off(run.instr.argsRange.start);
  const end = off(run.instr.argsRange.end);
  const blank = (s: string) => /^(?:\s|\\\r?\n)*$/.test(s);
  if (!blank(text.slice(start, off(run.commands[0].range.start)))) return false;
  if (!blank(text.slice(off(run.commands[run.commands.length - 1].range.end), end))) return false;
  for (let i = 1; i < run.commands.length; i++) {
    const gap = text.slice(off(run.commands[i - 1].range.end), off(run.commands[i].range.start));
    if (!/^(?:\s|\\\r?\n)*(?:&&|;)(?:\s|\\\r?\n)*$/.test(gap)) return false;
  }
  return true;
}

function argvOf(instr: Instr): { argv: string[]; exec: boolean } {
  const t = instr.argsText.trim();
  if (t.startsWith('[')) {
    try {
      const arr = JSON.parse(t);
      if (Array.isArray(arr)) return { argv: arr.map(String), exec: true };
    } catch {
      /* shell form */
    }
  }
  return { argv: t.split(/\s+/).filter(Boolean), exec: false };
}

function execForm(argv: string[]): string {
  return JSON.stringify(argv).replace(/","/g, '", "');
}

function replaceArgsOf(instr: Instr, argv: string[], edits: OffsetEdit[], off: (p: { line: number; character: number }) => number): void {
  edits.push({ start: off(instr.argsRange?.start ?? instr.range.end), end: off(instr.argsRange?.end ?? instr.range.end), text: execForm(argv) });
}

function runPathStyle(program: Program, originalWord: string | undefined): string {
  const path = program.runPath ?? program.outputPath ?? program.name;
  if (originalWord && !originalWord.includes('/')) {
    const dir = path.startsWith('/') ? path.slice(0, path.lastIndexOf('/')) : undefined;
    if (dir && PATH_DIRS.includes(dir)) return program.name;
  }
  return path;
}

function emitCommand(
  discovery: Discovery,
  program: Program,
  stage: Stage,
  edits: OffsetEdit[],
  removed: Set<Instr>,
  notes: string[],
  off: (p: { line: number; character: number }) => number,
): void {
  if (program.command) {
    const cmd = [...stage.instructions].reverse().find((i) => i.keyword === 'CMD');
    if (cmd) replaceArgsOf(cmd, program.command, edits, off);
    else {
      // At the start of the line after the stage's last instruction, so the CMD survives that instruction's removal.
      const endLine = stage.instructions[stage.instructions.length - 1]?.range.end.line ?? stage.from.range.end.line;
      const { eol, lineCount } = discovery.model.lines;
      if (endLine + 1 < lineCount) {
        const at = off({ line: endLine + 1, character: 0 });
        edits.push({ start: at, end: at, text: `CMD ${execForm(program.command)}${eol}` });
      } else {
        const at = discovery.model.text.length;
        edits.push({ start: at, end: at, text: `${discovery.model.text.endsWith('\n') ? '' : eol}CMD ${execForm(program.command)}${eol}` });
      }
    }
    return;
  }
  const names = new Set(discovery.programs.map((p) => p.name));
  const last = (k: string) => [...stage.instructions].reverse().find((i) => i.keyword === k);
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  const replaceArgs = (instr: Instr, argv: string[]) => {
    edits.push({ start: off(instr.argsRange?.start ?? instr.range.end), end: off(instr.argsRange?.end ?? instr.range.end), text: JSON.stringify(argv).replace(/","/g, '", "') });
  };
  if (entrypoint) {
    const { argv } = argvOf(entrypoint);
    const at = argv.findIndex((w) => names.has(w.split('/').pop()!));
    if (at >= 0) {
      if (argv[at].split('/').pop() !== program.name) {
        argv[at] = runPathStyle(program, argv[at]);
        replaceArgs(entrypoint, argv);
        if (cmd && stage.instructions.indexOf(cmd) > stage.instructions.indexOf(entrypoint)) {
          removed.add(cmd);
          notes.push(`${program.name}: the original CMD held arguments for another program's ENTRYPOINT; dropped`);
        }
      }
      return;
    }
  }
  const wanted = [runPathStyle(program, cmd ? argvOf(cmd).argv[0] : undefined)];
  if (cmd) {
    const { argv, exec } = argvOf(cmd);
    const at = argv.findIndex((w) => names.has(w.split('/').pop()!));
    if (at >= 0 && argv[at].split('/').pop() === program.name) {
      if (!exec && !/[$|&;<>*?`'"\\]/.test(cmd.argsText)) replaceArgs(cmd, argv);
      return;
    }
    if (at >= 0 || !entrypoint) {
      replaceArgs(cmd, wanted);
      return;
    }
    return;
  }
  if (!entrypoint) {
    const endLine = stage.instructions[stage.instructions.length - 1]?.range.end.line ?? stage.from.range.end.line;
    const eol = discovery.model.lines.eol;
    const at = off({ line: endLine, character: discovery.model.lines.lineText(endLine).length });
    edits.push({ start: at, end: at, text: `${eol}CMD ${JSON.stringify(wanted)}` });
  }
}

/**
 * Drops stages nothing reaches from the shipped stage any more (the other programs' builders), and stages after the
 * shipped stage that it does not need (a `tests` stage that was last): the file ends with the stage it ships.
 * References composed from ARGs (`FROM builder_src$copy`) reach every stage they can name.
 */
export function pruneUnusedStages(original: DockerfileModel, text: string, shippedStage?: string): { text: string; model: DockerfileModel } {
  const model = parseDockerfile(text);
  const shippedOf = (m: DockerfileModel) => (shippedStage && findStage(m, shippedStage)) || m.finalStage;
  const named = (m: DockerfileModel, ref: string, before: number): Stage[] => {
    if (!ref.includes('$')) {
      const s = findStage(m, ref);
      return s ? [s] : [];
    }
    const pattern = namePattern(ref);
    return pattern ? m.stages.filter((s) => s.index < before && s.name && pattern.test(s.name)) : [];
  };
  const reachable = (m: DockerfileModel): Set<number> => {
    const seen = new Set<number>();
    const visit = (s: Stage | undefined) => {
      if (!s || seen.has(s.index)) return;
      seen.add(s.index);
      visit(s.parent);
      const fromText = s.from.argsText.replace(/--\S+\s+/g, '').trim().split(/\s+/)[0] ?? '';
      if (!s.parent && fromText.includes('$')) named(m, fromText, s.index).forEach(visit);
      for (const instr of s.instructions) {
        for (const f of instr.flags) {
          if (f.name.toLowerCase() === 'from' && f.value) named(m, f.value, s.index).forEach(visit);
          if (f.name.toLowerCase() === 'mount' && f.value) {
            const from = /(?:^|,)from=([^,]+)/.exec(f.value)?.[1];
            if (from) named(m, from, s.index).forEach(visit);
          }
        }
      }
    };
    visit(shippedOf(m));
    return seen;
  };
  const before = reachable(original);
  const after = reachable(model);
  const shippedIndex = shippedOf(model)?.index ?? model.stages.length;
  const drop = model.stages.filter((s) => !after.has(s.index) && (s.index > shippedIndex || before.has(original.stages.findIndex((o) => o.name !== undefined && o.name === s.name))));
  if (!drop.length) return { text, model };
  const edits: OffsetEdit[] = [];
  for (const s of drop) {
    const next = model.stages[s.index + 1];
    const start = model.lines.offsetAt({ line: s.from.range.start.line, character: 0 });
    let endLine = next ? next.from.range.start.line : model.lines.lineCount;
    // Leave the comment block that introduces the next stage.
    while (next && endLine - 1 > s.from.range.start.line && /^\s*#/.test(model.lines.lineText(endLine - 1))) endLine--;
    const end = endLine < model.lines.lineCount ? model.lines.offsetAt({ line: endLine, character: 0 }) : text.length;
    edits.push({ start, end, text: '' });
  }
  const out = applyOffsetEdits(text, edits);
  return { text: out, model: parseDockerfile(out) };
}
