import { findStage, parseDockerfile, type DockerfileModel, type Instr, type Stage } from '../dockerfile/model';
import { expandArgs, globalArgs, namePattern } from './verify';

/**
 * One thing the merged Dockerfile must still build: a program's target (from its per-program variant), a target CI
 * builds (`--target tests`, from the original), or what a build with no target produced (the original's last stage).
 */
export interface TargetChain {
  /** The Dockerfile text this chain's stages come from (a per-program variant, or the original). */
  model: DockerfileModel;
  /** The stage of `model` that is exported. */
  stage: Stage;
  /** The name it is exported as (`AS <name>`); undefined keeps an unnamed stage unnamed (only for the last stage). */
  name?: string;
  /** Suffix for the chain's own copies of stages named through ARGs (`-<program>`; '' for the original). */
  suffix: string;
}

export interface MergedTargets {
  text?: string;
  /** Why the chains cannot be merged (then `text` is undefined). */
  problem?: string;
}

interface Unit {
  /** Comparison key: the instruction with its stage references resolved. */
  key: string;
  /** Text as written into the merged file (comments above it included). */
  text: string;
  instr: Instr;
}

interface Node {
  unit?: Unit;
  children: Map<string, Node>;
  /** Chains whose stage of this origin ends here. */
  ends: number[];
  /** Chains passing through (or ending at) this node. */
  chains: number[];
  name?: string;
  /** Whether this node is a stage of the merged file. */
  stage?: boolean;
  /** The stage this node's stage builds FROM (undefined: the original FROM line). */
  parentStage?: Node;
  segment?: Unit[];
}

const STAGE_REF_FLAG = /(--from=)(["']?)([^\s"',]+)\2/g;
const MOUNT_FROM = /(--mount=\S*?\bfrom=)([^,\s]+)/g;

/** Stage text pieces: the preamble (before the first FROM and the comments right above it) and, per instruction, its text with the comments above it. */
function unitsOf(model: DockerfileModel): { preamble: string; units: Map<Stage, { instr: Instr; text: string }[]> } {
  const lines = model.text.split(/\r?\n/);
  const isComment = (l: string) => /^\s*#/.test(l);
  const leadingStart = (fromLine: number, floor: number) => {
    let l = fromLine;
    while (l - 1 >= floor && isComment(lines[l - 1]) && !/^\s*#\s*(?:syntax|escape|check)\s*=/i.test(lines[l - 1])) l--;
    return l;
  };
  const all = model.stages.flatMap((s) => (s.instructions[0] === s.from ? s.instructions : [s.from, ...s.instructions]));
  const firstFrom = model.stages[0]?.from.range.start.line ?? lines.length;
  // The comments above the first FROM describe the file (or its first stage): they stay at the top, once.
  const preambleEnd = firstFrom;
  const units = new Map<Stage, { instr: Instr; text: string }[]>();
  let prevEnd = preambleEnd - 1;
  for (let i = 0; i < all.length; i++) {
    const instr = all[i];
    const stage = model.stages.find((s) => s.from === instr || s.instructions.includes(instr))!;
    const startLine = instr.keyword === 'FROM' ? leadingStart(instr.range.start.line, prevEnd + 1) : prevEnd + 1;
    const body = lines.slice(startLine, instr.range.end.line + 1);
    while (body.length > 1 && body[0].trim() === '') body.shift();
    const list = units.get(stage) ?? units.set(stage, []).get(stage)!;
    list.push({ instr, text: body.join('\n').replace(/\s+$/, '') });
    prevEnd = instr.range.end.line;
    // Comments at the end of a stage introduce the next stage: they go with its FROM (leadingStart takes them).
  }
  return { preamble: lines.slice(0, preambleEnd).join('\n'), units };
}

/** The stages a reference can name: the literal one, or (composed from ARGs) every stage its pattern matches. */
function stagesNamed(model: DockerfileModel, ref: string, before: number): Stage[] {
  if (/^\d+$/.test(ref)) return [];
  if (!ref.includes('$')) {
    const s = findStage(model, ref);
    return s && s.index < before ? [s] : [];
  }
  // What a build with the ARG defaults names; failing that, every stage the name can be composed into.
  const byDefault = findStage(model, expandArgs(ref, globalArgs(model)));
  if (byDefault && byDefault.index < before) return [byDefault];
  const pattern = namePattern(ref);
  return model.stages.filter((s) => s.index < before && s.name && pattern?.test(s.name));
}

function fromRef(stage: Stage): string {
  return stage.from.argsText.replace(/--\S+\s+/g, '').trim().split(/\s+/)[0] ?? '';
}

function refsOf(instr: Instr): string[] {
  const out: string[] = [];
  for (const f of instr.flags) {
    const n = f.name.toLowerCase();
    if (n === 'from' && f.value) out.push(f.value);
    if (n === 'mount' && f.value) {
      const m = /(?:^|,)from=([^,]+)/.exec(f.value);
      if (m) out.push(m[1]);
    }
  }
  return out;
}

/** The stages a stage needs (its parent and what it copies or mounts from), ARG-composed names included. */
function dependencies(model: DockerfileModel, stage: Stage): Stage[] {
  const deps = new Set<Stage>();
  for (const s of stagesNamed(model, fromRef(stage), stage.index)) deps.add(s);
  if (stage.parent) deps.add(stage.parent);
  for (const instr of stage.instructions) for (const ref of refsOf(instr)) for (const s of stagesNamed(model, ref, stage.index)) deps.add(s);
  return [...deps];
}

function closure(model: DockerfileModel, stage: Stage): Stage[] {
  const seen = new Set<Stage>();
  const visit = (s: Stage) => {
    if (seen.has(s)) return;
    seen.add(s);
    dependencies(model, s).forEach(visit);
  };
  visit(stage);
  return [...seen].sort((a, b) => a.index - b.index);
}

/**
 * The `targets` layout: one Dockerfile whose stages are shared wherever the chains agree. Stages that are the same
 * in several chains are written once; stages that start the same and then differ (a builder that builds another
 * program) become one common stage with a stage per chain built FROM it. Each chain's exported stage is named after
 * it; the last chain's export is the file's last stage (what a build with no target produces).
 */
export function mergeTargets(original: DockerfileModel, chains: TargetChain[]): MergedTargets {
  const eol = original.lines.eol;
  const originIndex = new Map<string, number>();
  original.stages.forEach((s) => originIndex.set(s.name?.toLowerCase() ?? `#${s.index}`, s.index));
  const finalKey = `#${original.finalStage?.index ?? 0}`;
  const originOf = (model: DockerfileModel, s: Stage): string | undefined => {
    if (s.name) return originIndex.has(s.name.toLowerCase()) ? s.name.toLowerCase() : undefined;
    if (s === model.finalStage && !original.finalStage?.name) return finalKey;
    return model === original ? `#${s.index}` : undefined;
  };
  const perChain = chains.map((c) => ({ ...c, stages: closure(c.model, c.stage), pieces: unitsOf(c.model) }));
  for (const c of perChain) {
    for (const s of c.stages) {
      if (!originOf(c.model, s)) return { problem: `stage ${s.name ?? s.index} of a per-program file has no counterpart in the original` };
      for (const instr of s.instructions) if (refsOf(instr).some((r) => /^\d+$/.test(r))) return { problem: 'a COPY --from or mount names a stage by its index' };
    }
  }
  // Origins referenced through ARG-composed names keep one copy per chain (suffixed alike), so the composed reference still resolves.
  const pinned = new Set<string>();
  for (const c of perChain) {
    for (const s of c.stages) {
      const refs = [fromRef(s), ...s.instructions.flatMap(refsOf)].filter((r) => r.includes('$'));
      for (const r of refs) for (const hit of stagesNamed(c.model, r, s.index)) pinned.add(originOf(c.model, hit)!);
    }
  }
  const resolved = perChain.map(() => new Map<string, string>()); // chain → origin → merged name
  const taken = new Set<string>();
  chains.forEach((c) => c.name && taken.add(c.name.toLowerCase()));
  const claim = (want: string): string => {
    let name = want;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${want}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  };
  // Pinned origins that came out the same in every chain are written once, under their own name.
  const unsuffixed = new Set<string>();
  const renameRef = (chain: number, model: DockerfileModel, ref: string, at: number): string => {
    const hits = stagesNamed(model, ref, at);
    if (!hits.length) return ref;
    if (ref.includes('$')) return hits.every((h) => unsuffixed.has(originOf(model, h)!)) ? ref : `${ref}${perChain[chain].suffix}`;
    return resolved[chain].get(originOf(model, hits[0])!) ?? ref;
  };
  const unitFor = (chain: number, model: DockerfileModel, s: Stage, piece: { instr: Instr; text: string }): Unit => {
    const fix = (t: string) =>
      t
        .replace(STAGE_REF_FLAG, (m, a: string, q: string, ref: string) => `${a}${q}${renameRef(chain, model, ref, s.index)}${q}`)
        .replace(MOUNT_FROM, (m, a: string, ref: string) => `${a}${renameRef(chain, model, ref, s.index)}`);
    if (piece.instr.keyword !== 'FROM') {
      const text = piece.instr.flags.length ? fix(piece.text) : piece.text;
      const bare = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').trim();
      return { key: bare, text, instr: piece.instr };
    }
    const ref = fromRef(s);
    const fromLine = piece.text.split('\n').find((l) => /^\s*FROM\b/i.test(l)) ?? '';
    const flags = (fromLine.replace(/^\s*FROM\s+/i, '').match(/^(?:--\S+\s+)*/)?.[0] ?? '').trim();
    const image = renameRef(chain, model, ref, s.index);
    return { key: ['FROM', flags, image].filter(Boolean).join(' '), text: piece.text, instr: piece.instr };
  };

  const origins = [...new Set(perChain.flatMap((c) => c.stages.map((s) => originOf(c.model, s)!)))].sort((a, b) => originIndex.get(a)! - originIndex.get(b)!);
  const lastChain = chains.length - 1;
  const out: string[] = [];
  const preamble = perChain[lastChain].pieces.preamble.replace(/\s+$/, '');
  // A comment right above the first FROM stays right above the first stage.
  const glued = /^\s*#/.test(original.text.split(/\r?\n/)[(original.stages[0]?.from.range.start.line ?? 1) - 1] ?? '');
  const exported = new Map<number, string>();
  for (const origin of origins) {
    const root: Node = { children: new Map(), ends: [], chains: [] };
    const members = perChain.map((c, i) => ({ c, i, s: c.stages.find((s) => originOf(c.model, s) === origin) })).filter((m) => m.s);
    const originName = original.stages[originIndex.get(origin)!]?.name ?? (origin === finalKey ? 'runtime' : `stage${originIndex.get(origin)}`);
    if (pinned.has(origin)) {
      const keys = members.map(({ c, i, s }) => (c.pieces.units.get(s!) ?? []).map((u) => unitFor(i, c.model, s!, u).key).join('\n'));
      if (keys.every((k) => k === keys[0]) && members.every(({ c }) => c.stage !== c.stages.find((x) => originOf(c.model, x) === origin))) unsuffixed.add(origin);
    }
    for (const { c, i, s } of members) {
      let node = root;
      node.chains.push(i);
      const units = c.pieces.units.get(s!) ?? [];
      const keyed = units.map((u) => unitFor(i, c.model, s!, u));
      if (pinned.has(origin) && !unsuffixed.has(origin)) keyed.push({ key: `\u0000${c.suffix}`, text: '', instr: s!.from });
      for (const u of keyed) {
        let next = node.children.get(u.key);
        if (!next) node.children.set(u.key, (next = { unit: u, children: new Map(), ends: [], chains: [] }));
        next.chains.push(i);
        node = next;
      }
      node.ends.push(i);
    }
    // Which nodes are stages: every end, and every branch point whose shared part does real work (RUN, COPY, ADD).
    const mark = (node: Node, sinceStage: Unit[], parentStage: Node | undefined) => {
      const segment = node.unit ? [...sinceStage, node.unit] : sinceStage;
      const branches = node.children.size + (node.ends.length ? 1 : 0) >= 2;
      const works = segment.some((u) => /^(?:RUN|COPY|ADD)$/.test(u.instr.keyword));
      if (node.unit && (node.ends.length || (branches && works))) {
        node.stage = true;
        node.parentStage = parentStage;
        node.segment = segment;
        for (const child of node.children.values()) mark(child, [], node);
      } else for (const child of node.children.values()) mark(child, segment, parentStage);
    };
    mark(root, [], undefined);
    const stages: Node[] = [];
    const order = (node: Node) => {
      if (node.stage) stages.push(node);
      const rank = (n: Node) => (n.chains.includes(lastChain) ? 1 : 0) * 1e6 + Math.min(...n.chains);
      [...node.children.values()].sort((a, b) => rank(a) - rank(b)).forEach(order);
    };
    order(root);
    // Names: exports first, then ends kept from the original, then per-chain copies, then the common stages.
    const exports = new Set<Node>();
    for (const n of stages) {
      const exp = n.ends.find((i) => perChain[i].stage === perChain[i].stages.find((s) => originOf(perChain[i].model, s) === origin));
      if (exp !== undefined) {
        const name = chains[exp].name;
        n.name = name;
        exports.add(n);
        for (const i of n.ends) if (chains[i].name && chains[i].name !== name) return { problem: `targets ${name} and ${chains[i].name} would be the same stage` };
      }
    }
    const endsOfAll = (n: Node) => members.every((m) => n.ends.includes(m.i));
    for (const n of stages) {
      if (exports.has(n) || !n.ends.length) continue;
      if (pinned.has(origin)) n.name = unsuffixed.has(origin) ? originName : `${originName}${perChain[n.ends[0]].suffix}`;
      else if (endsOfAll(n) || n.ends.some((i) => perChain[i].suffix === '')) n.name = claim(originName);
      else n.name = claim(`${originName}${n.ends.map((i) => perChain[i].suffix).join('')}`);
      taken.add(n.name.toLowerCase());
    }
    for (const n of stages) if (!exports.has(n) && n.name === undefined && !n.ends.length) n.name = claim(taken.has(originName.toLowerCase()) ? `${originName}-base` : originName);
    for (const n of stages) for (const i of n.ends) resolved[i].set(origin, n.name ?? '');
    for (const n of stages) {
      for (const i of n.ends) if (perChain[i].stage === perChain[i].stages.find((s) => originOf(perChain[i].model, s) === origin)) exported.set(i, n.name ?? '');
      out.push(renderStage(n, eol));
    }
  }
  const body = out.join(`${eol}${eol}`);
  const text = (preamble ? preamble + (glued ? eol : `${eol}${eol}`) + body : body).replace(/(\r?\n){3,}/g, `${eol}${eol}`) + eol;
  const merged = parseDockerfile(text);
  const last = merged.finalStage;
  if (!last || (last.name ?? '') !== (chains[lastChain].name ?? '')) return { problem: 'the merged file would not end with the stage a build with no target produces' };
  return { text };
}

function renderStage(node: Node, eol: string): string {
  const segment = node.segment ?? [];
  const lines: string[] = [];
  const head = segment[0];
  const as = node.name ? ` AS ${node.name}` : '';
  let body = segment;
  if (head && head.instr.keyword === 'FROM' && !node.parentStage) {
    // The chain's own FROM line: keep its comments and flags, set the (resolved) image and the stage name.
    const key = head.key.replace(/^FROM\s+/, '').trim();
    const text = head.text.split('\n');
    const fromAt = text.findIndex((l) => /^\s*FROM\b/i.test(l));
    const comments = text.slice(0, fromAt);
    const original = text.slice(fromAt).join('\n');
    const indent = /^\s*/.exec(original)?.[0] ?? '';
    lines.push(...comments, `${indent}FROM ${key}${as}`);
    if (!/\bAS\s+\S+\s*$/i.test(original) && !as && key === original.replace(/^\s*FROM\s+/i, '').trim()) lines[lines.length - 1] = original;
    body = segment.slice(1);
  } else {
    // Built FROM a common stage: the original FROM's flags (--platform) stay, ARGs it declared are declared again.
    const from = findFrom(node);
    const flags = from ? (from.key.replace(/^FROM\s+/, '').match(/^(?:--\S+\s+)*/)?.[0] ?? '') : '';
    lines.push(`FROM ${flags}${node.parentStage!.name}${as}`);
    const used = segment.map((u) => u.text).join('\n');
    for (let p: Node | undefined = node.parentStage; p; p = p.parentStage) {
      for (const u of p.segment ?? []) {
        if (u.instr.keyword !== 'ARG') continue;
        const names = u.instr.argsText.trim().split(/\s+/).map((a) => a.split('=')[0]);
        if (names.some((n) => new RegExp(`\\$\\{?${n}\\b`).test(used)) && !lines.includes(u.text)) lines.splice(1, 0, u.text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n'));
      }
    }
  }
  for (const u of body) if (u.text) lines.push(u.text);
  return lines.join(eol);
}

function findFrom(node: Node): Unit | undefined {
  for (let p: Node | undefined = node; p; p = p.parentStage) {
    const head = p.segment?.[0];
    if (head?.instr.keyword === 'FROM' && !p.parentStage) return head;
  }
  return undefined;
}

/** The stages a target needs, as a Dockerfile of its own (the preamble, then those stages; the target last). */
export function extractTarget(text: string, target: string): string | undefined {
  const model = parseDockerfile(text);
  const stage = findStage(model, target);
  if (!stage) return undefined;
  const keep = closure(model, stage);
  const lines = text.split(/\r?\n/);
  const first = model.stages[0].from.range.start.line;
  const out = [lines.slice(0, first).join('\n')];
  for (const s of keep) {
    const next = model.stages[s.index + 1];
    out.push(lines.slice(s.from.range.start.line, next ? next.from.range.start.line : lines.length).join('\n'));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
