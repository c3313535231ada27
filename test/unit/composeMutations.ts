// Random edits of compose texts and the corpus files they are applied to, shared by the differential tests of the
// incremental re-parse (composeReparse.test.ts) and of the plain-data fast path (composePlainData.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKind } from '../../server/src/core/workspace';

const ROOT = path.resolve(__dirname, '../..');

function composeFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...composeFilesUnder(p));
    else if (fileKind(e.name) === 'compose' || /^compose\..*\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

export const composeCorpusFiles = [...composeFilesUnder(path.join(ROOT, 'bench/corpus/compose')), ...composeFilesUnder(path.join(ROOT, 'test/ecosystem/corpus'))];

const SNIPPETS = [
  'a', 'x1', ' ', '  ', '\n', '\n\n', '\n    ', '\n      - ', '\n  ', '- ', ':', ': ', ': x', '"', "'", '"q"', '&anc ', '*anc', '\n    <<: *anc',
  '${VAR}', '${X:-d}', '$$', '#', ' # c', '\n# c\n', '---\n', '\n---', '\n...\n', '\t', '{', '[', ']', '}', ',', '|', '>', '!!str ', '!reset ',
  '?', '%', 'services:', '\n    image: nginx', '\n    ports:\n      - "80:80"', '\n    depends_on: [db]', '\n    environment:\n      A: b',
  '\n  extra:\n    image: x', '\nvolumes:\n  v: {}\n', 'null', '~', 'true', '0o17', '\r\n',
];

export type EditKind = 'type' | 'other';

/** One random edit; 'type' is typing a word into a value (the bench's edit and the common keystroke). */
export function mutate(text: string, rnd: () => number): { text: string; kind: EditKind } {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const lines = text.split('\n');
  const r = rnd();
  if (r < 0.4) {
    // Typing a word at the end of, or inside, a `key: value` line or list item.
    const candidates = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s+(\S[^:#]*:\s+\S|- \S)/.test(l) && !/[&*!|>]/.test(l));
    if (candidates.length > 0) {
      const [line, i] = pick(candidates);
      const start = lines.slice(0, i).join('\n').length + (i > 0 ? 1 : 0);
      const valueAt = Math.max(line.indexOf(': ') + 2, line.indexOf('- ') + 2);
      const at = start + (rnd() < 0.6 ? line.length : valueAt + Math.floor(rnd() * (line.length - valueAt + 1)));
      return { text: text.slice(0, at) + pick(['a', 'b1', 'xyz', '-beta', '_2', 'abc']) + text.slice(at), kind: 'type' };
    }
  }
  const at = Math.floor(rnd() * (text.length + 1));
  if (r < 0.65) return { text: text.slice(0, at) + pick(SNIPPETS) + text.slice(at), kind: 'other' };
  if (r < 0.85) return { text: text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rnd() * 12))), kind: 'other' };
  const i = Math.floor(rnd() * lines.length);
  const op = rnd();
  if (op < 0.3) lines.splice(i, 0, lines[i]);
  else if (op < 0.5) lines.splice(i, 1);
  else if (op < 0.75) lines[i] = `  ${lines[i]}`;
  else lines[i] = lines[i].replace(/^ {1,2}/, '');
  return { text: lines.join('\n'), kind: 'other' };
}

