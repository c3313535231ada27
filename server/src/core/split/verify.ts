import { artifactCopies, buildCommands, containerPath, copyArgs, type BuildCommand } from '../dockerfile/buildCommands';
import { findStage, parseDockerfile, stageLineage, type DockerfileModel, type Stage } from '../dockerfile/model';
import { verifyInterpreted, type InterpretedCheck } from './interpreted';
import { instructionWords } from './programs';

/** What a per-program Dockerfile is checked against. */
export interface VerifyContext {
  /** The program the file is for. */
  program: string;
  /** Every program of the original (a file must not copy or run another one's binary). */
  programs?: string[];
  /** Stage names of the original: a FROM/COPY --from naming one of them must name a stage of this file. */
  originalStages?: string[];
  /** The stage that is shipped (the service's `build.target`); the last stage when absent. */
  shippedStage?: string;
  /** Interpreted entrypoint (`node dist/worker.js`): the argv the image must run; no binary to build. */
  command?: string[];
  /** Interpreted program: its runtime, entry file and the packages it needs must be in the shipped stage. */
  interpreted?: InterpretedCheck;
  /** Reads a Makefile of the build context (a `RUN make X` builds what its recipe builds). */
  readMakefile?: (name: string) => string | undefined;
}

const base = (p: string) => p.replace(/\/+$/, '').split('/').pop() ?? p;

/** The names a build command can produce (for `./cmd/...` and unnamed cargo builds: any). */
function builds(build: BuildCommand, name: string): boolean {
  if (build.tool === 'go') {
    const out = build.output?.value;
    if (out && !out.endsWith('/') && build.verb === 'build' && build.packages.length <= 1) return base(out) === name;
    if (!build.packages.length) return true;
    return build.packages.some((p) => p.value.endsWith('/...') || base(p.value.replace(/\/\.$/, '').replace(/@.*$/, '')) === name || p.value === '.' || p.value.endsWith('.go'));
  }
  if (build.tool === 'cargo') return build.bins.length ? build.bins.includes(name) : true;
  return false;
}

function argv(stage: Stage, keyword: 'CMD' | 'ENTRYPOINT'): string[] | undefined {
  for (const s of stageLineage(stage)) {
    const instr = [...s.instructions].reverse().find((i) => i.keyword === keyword);
    if (instr) return instructionWords(instr);
  }
  return undefined;
}

/** Global ARG defaults (before the first FROM), for stage names composed from ARGs. */
export function globalArgs(model: DockerfileModel): Map<string, string> {
  const out = new Map<string, string>();
  const first = model.stages[0]?.from.range.start.line ?? Infinity;
  for (const m of model.text.split(/\r?\n/).slice(0, first).join('\n').matchAll(/^\s*ARG\s+([A-Za-z_]\w*)(?:=(\S*))?/gim)) out.set(m[1], (m[2] ?? '').replace(/^["']|["']$/g, ''));
  return out;
}

/** A name composed from ARGs as a build with their defaults reads it (`${X:-d}` modifiers only inside braces). */
export function expandArgs(ref: string, args: Map<string, string>): string {
  return ref.replace(/\$(?:\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|([A-Za-z_]\w*))/g, (_, braced?: string, alt?: string, bare?: string) => args.get(braced ?? bare ?? '') || alt || '');
}

/** `builder_src$copy` → /^builder_src.*$/ (a stage name composed from ARGs). */
export function namePattern(raw: string): RegExp | undefined {
  if (!raw.includes('$')) return undefined;
  // `${VAR:-x}` modifiers only exist inside braces: `$variant-api` is VAR then the literal `-api`.
  const literal = raw.split(/\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?[-+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)/);
  if (literal.join('').length < 2) return undefined;
  return new RegExp(`^${literal.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

/**
 * Checks one emitted per-program Dockerfile. Returns the problems (empty when the file is sound): every FROM and
 * COPY --from names a stage of this file (or an image), the program is built in this file, copied into the shipped
 * stage and run by its CMD/ENTRYPOINT, and no copy out of a build names another program's binary.
 */
export function verifySplitFile(text: string, context: VerifyContext | string): string[] {
  const ctx: VerifyContext = typeof context === 'string' ? { program: context } : context;
  const problems: string[] = [];
  let model: DockerfileModel;
  try {
    model = parseDockerfile(text);
  } catch (e) {
    return [`the file does not parse: ${(e as Error).message}`];
  }
  if (!model.stages.length) return ['the file has no FROM'];
  const names = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter((n): n is string => !!n));
  const original = new Set((ctx.originalStages ?? []).map((n) => n.toLowerCase()));
  const defaults = globalArgs(model);
  const namesAStage = (ref: string, at: number): string | undefined => {
    const lower = ref.toLowerCase();
    if (/^\d+$/.test(ref)) return Number(ref) < at ? undefined : `stage index ${ref} does not come before it`;
    if (model.stages.slice(0, at).some((s) => s.name?.toLowerCase() === lower)) return undefined;
    if (original.has(lower) || names.has(lower)) return `${ref} is not a stage defined before it in this file`;
    // With the ARG defaults the name must be a stage defined before it, when it is a stage name at all.
    const byDefault = expandArgs(ref, defaults).toLowerCase();
    if ((original.has(byDefault) || names.has(byDefault)) && !model.stages.slice(0, at).some((s) => s.name?.toLowerCase() === byDefault)) return `${ref} (composed from ARGs) names ${byDefault} with the ARG defaults, which is not a stage defined before it`;
    const pattern = namePattern(ref);
    if (pattern && [...original].some((n) => pattern.test(n)) && !model.stages.slice(0, at).some((s) => s.name && pattern.test(s.name))) return `${ref} (composed from ARGs) names no stage of this file`;
    return undefined;
  };
  for (const stage of model.stages) {
    const fromText = stage.from.argsText.replace(/--\S+\s+/g, '').trim().split(/\s+/)[0] ?? '';
    const p = namesAStage(fromText, stage.index);
    if (p) problems.push(`FROM ${fromText}: ${p}`);
  }
  for (const copy of artifactCopies(model)) {
    const p = namesAStage(copy.fromRef, copy.stage.index);
    if (p) problems.push(`COPY --from=${copy.fromRef}: ${p}`);
  }

  const shipped = ctx.shippedStage ? findStage(model, ctx.shippedStage) : model.finalStage;
  if (!shipped) return [...problems, `the shipped stage ${ctx.shippedStage} is not in the file`];
  const run = [...(argv(shipped, 'ENTRYPOINT') ?? []), ...(argv(shipped, 'CMD') ?? [])];
  const others = (ctx.programs ?? []).filter((p) => p !== ctx.program);

  if (ctx.command) {
    const want = ctx.command.join(' ');
    if (!run.join(' ').includes(want)) problems.push(`the shipped stage does not run \`${want}\``);
    if (ctx.interpreted) problems.push(...verifyInterpreted(model, shipped, ctx.interpreted));
    return problems;
  }

  const lineage = stageLineage(shipped);
  const commands = buildCommands(model, ctx.readMakefile);
  const built = commands.filter((b) => builds(b, ctx.program));
  if (!built.length) problems.push(`${ctx.program} is not built in this file`);
  // A build of only another program (not a wildcard that also builds this one) does not belong in this file
  // (`make X` that builds every program at once is kept as it is, with a note).
  for (const b of commands) {
    if (b.viaMake || builds(b, ctx.program)) continue;
    const theirs = others.filter((o) => builds(b, o));
    if (theirs.length && theirs.length < others.length + 1) problems.push(`it builds ${theirs.join(', ')} (\`${b.command.words.map((w) => w.value).join(' ')}\`), which it does not ship`);
  }

  // Where the binary ends up in the shipped stage: a COPY --from of it (or of a folder/glob holding it), or a build in the shipped lineage.
  const copies = artifactCopies(model).filter((c) => lineage.includes(c.stage));
  const shippedPaths: string[] = [];
  for (const c of copies) {
    const args = copyArgs(c.instr);
    const dest = args[args.length - 1];
    for (const src of c.sources) {
      const srcBase = base(src.replace(/\/\*$/, ''));
      const isDir = src.endsWith('/') || src.endsWith('/*') || src.endsWith('/.');
      if (srcBase === ctx.program || (isDir && c.from && commands.some((b) => b.stage === c.from && builds(b, ctx.program)))) {
        const d = containerPath(c.workdir, dest);
        shippedPaths.push(dest.endsWith('/') || isDir || c.sources.length > 1 ? `${d.replace(/\/$/, '')}/${ctx.program}` : d);
      } else if (others.includes(srcBase)) problems.push(`COPY --from=${c.fromRef} ${src}: copies ${srcBase}, which this file does not build`);
    }
  }
  if (built.some((b) => lineage.includes(b.stage))) shippedPaths.push(ctx.program);
  if (!shippedPaths.length && built.length) problems.push(`${ctx.program} is built but not copied into the shipped stage${shipped.name ? ` (${shipped.name})` : ''}`);

  // A copy inside a build stage (`cp target/release/x /out/`) must not name a program this file does not build.
  for (const b of commands) {
    for (const run of b.stage.runs) {
      for (const c of run.commands) {
        const verb = base(c.words[0]?.value ?? '');
        if (verb !== 'cp' && verb !== 'mv' && verb !== 'install') continue;
        for (const w of c.words.slice(1, -1)) if (others.includes(base(w.value.replace(/["']/g, '')))) problems.push(`\`${c.words.map((x) => x.value).join(' ')}\` copies ${base(w.value)}, which this file does not build`);
      }
    }
  }

  if (!run.length) problems.push('the shipped stage has no CMD or ENTRYPOINT');
  else if (!run.some((w) => base(w) === ctx.program || shippedPaths.includes(w)) && !run.some((w) => /\.sh$|entrypoint/i.test(w))) {
    problems.push(`CMD/ENTRYPOINT (${run.join(' ')}) does not run ${ctx.program}`);
  } else if (run.some((w) => others.includes(base(w))) && !run.some((w) => base(w) === ctx.program)) problems.push(`CMD/ENTRYPOINT runs another program (${run.join(' ')})`);
  return [...new Set(problems)];
}
