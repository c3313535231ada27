import { parseDockerfile, type DockerfileModel, type Stage } from '../dockerfile/model';
import type { Discovery, Program } from './programs';

/**
 * The `targets` layout: one Dockerfile, one final stage per program (`AS <program>`), builder stages suffixed per
 * program unless they are the same for every program (then shared). Built from the per-program variants, so the
 * decisions are the same as for the `files` layout.
 */
export function emitTargets(discovery: Discovery, variants: Map<Program, string>, models?: Map<Program, DockerfileModel>): string {
  const eol = discovery.model.lines.eol;
  const parsed = [...variants].map(([program, text]) => ({ program, text, model: models?.get(program) ?? parseDockerfile(text) }));
  const stageText = (m: DockerfileModel, s: Stage): string => {
    const start = m.lines.offsetAt({ line: s.from.range.start.line, character: 0 });
    const next = m.stages[s.index + 1];
    const end = next ? m.lines.offsetAt({ line: next.from.range.start.line, character: 0 }) : m.text.length;
    return m.text.slice(start, end);
  };
  const first = parsed[0].model;
  const preambleEnd = first.stages[0] ? first.lines.offsetAt({ line: first.stages[0].from.range.start.line, character: 0 }) : first.text.length;
  const out: string[] = [first.text.slice(0, preambleEnd)];
  // Named non-final stages identical in every variant are shared.
  const shared = new Set<string>();
  for (const s of first.stages) {
    if (!s.name || s === first.finalStage) continue;
    const t = stageText(first, s);
    if (parsed.every(({ model }) => model.stages.some((o) => o.name === s.name && o !== model.finalStage && stageText(model, o) === t))) shared.add(s.name);
  }
  for (const s of first.stages) if (s.name && shared.has(s.name)) out.push(ensureEol(stageText(first, s), eol));
  const ordered = [...parsed].sort((a, b) => Number(a.program === discovery.defaultProgram) - Number(b.program === discovery.defaultProgram));
  for (const { program, model } of ordered) {
    const previous = out[out.length - 1] ?? '';
    if (out.length > 1 && !/(\r?\n){2}$/.test(previous)) out.push(eol);
    const rename = (name: string) => (shared.has(name) ? name : `${name}-${program.name}`);
    for (const s of model.stages) {
      if (s.name && shared.has(s.name)) continue;
      let t = stageText(model, s);
      const base = model.lines.offsetAt({ line: s.from.range.start.line, character: 0 });
      const edits: { start: number; end: number; text: string }[] = [];
      const off = (p: { line: number; character: number }) => model.lines.offsetAt(p) - base;
      if (s === model.finalStage) {
        if (s.nameRange) edits.push({ start: off(s.nameRange.start), end: off(s.nameRange.end), text: program.name });
        else {
          const imgEnd = off(s.image.range.end);
          edits.push({ start: imgEnd, end: imgEnd, text: ` AS ${program.name}` });
        }
      } else if (s.nameRange && s.name) edits.push({ start: off(s.nameRange.start), end: off(s.nameRange.end), text: rename(s.name) });
      if (s.parent?.name) edits.push({ start: off(s.image.range.start), end: off(s.image.range.end), text: rename(s.parent.name) });
      for (const instr of s.instructions) {
        for (const f of instr.flags) {
          const lower = f.name.toLowerCase();
          if (lower === 'from' && f.value && model.stages.some((o) => o.name === f.value)) {
            const valueStart = off(f.range.end) - f.value.length;
            edits.push({ start: valueStart, end: off(f.range.end), text: rename(f.value) });
          }
        }
      }
      edits.sort((a, b) => b.start - a.start);
      for (const e of edits) t = t.slice(0, e.start) + e.text + t.slice(e.end);
      out.push(ensureEol(t, eol));
    }
  }
  return out.join('').replace(/(\r?\n){3,}/g, `${eol}${eol}`);
}

function ensureEol(t: string, eol: string): string {
  return t.endsWith('\n') ? t : t + eol;
}
