/** The parts of a go.mod file the analysis needs. */
export interface GoMod {
  module?: string;
  requires: { path: string; version: string; indirect: boolean }[];
  /** `replace old => ./local/dir` directives pointing into the tree (paths relative to go.mod's folder). */
  localReplaces: Map<string, string>;
}

function stripComment(line: string): { code: string; comment: string } {
  const i = line.indexOf('//');
  return i < 0 ? { code: line, comment: '' } : { code: line.slice(0, i), comment: line.slice(i + 2) };
}

function unquote(word: string): string {
  return word.length >= 2 && (word[0] === '"' || word[0] === '`') ? word.slice(1, -1) : word;
}

/** Parses go.mod text. Never throws; unknown directives are ignored. */
export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { requires: [], localReplaces: new Map() };
  let block: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const { code, comment } = stripComment(rawLine);
    const line = code.trim();
    if (!line) continue;
    if (block) {
      if (line === ')') {
        block = undefined;
        continue;
      }
      directive(mod, block, line.split(/\s+/), comment);
      continue;
    }
    const words = line.split(/\s+/);
    if (words[1] === '(') {
      block = words[0];
      continue;
    }
    directive(mod, words[0], words.slice(1), comment);
  }
  return mod;
}

function directive(mod: GoMod, verb: string, args: string[], comment: string): void {
  if (verb === 'module' && args[0]) mod.module = unquote(args[0]);
  else if (verb === 'require' && args.length >= 2) mod.requires.push({ path: unquote(args[0]), version: args[1], indirect: /\bindirect\b/.test(comment) });
  else if (verb === 'replace') {
    const arrow = args.indexOf('=>');
    if (arrow < 1) return;
    const target = args[arrow + 1];
    if (target && (target.startsWith('./') || target.startsWith('../'))) mod.localReplaces.set(unquote(args[0]), target);
  }
}
