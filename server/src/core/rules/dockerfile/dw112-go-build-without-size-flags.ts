import { buildCommands, mayBuildGo } from '../../dockerfile/buildCommands';
import { stageRule, type Report } from '../../rule';
import type { TextEdit } from '../../types';

function hasStripFlags(ldflags: string | undefined): boolean {
  if (!ldflags) return false;
  const words = ldflags.split(/\s+/);
  return (words.includes('-s') || words.includes('-s=true')) && (words.includes('-w') || words.includes('-w=true'));
}

export const dw112 = stageRule({
  code: 'DW112',
  target: 'dockerfile',
  title: 'Release build without size flags',
  defaultSeverity: 'info',
  description:
    '`go build` without `-ldflags="-s -w"` keeps the symbol table and DWARF debug information in the binary: typically ' +
    '25–30% of its size, shipped in every image. `-trimpath` also removes build-machine paths. Not reported for builds ' +
    'that ask for debugging (`-gcflags` with `-N`/`-l`, `-race`).',
  fixTitles: ['Add -ldflags="-s -w" -trimpath'],
  checkStage({ file, model, stage }) {
    const reports: Report[] = [];
    if (!mayBuildGo(model)) return reports;
    for (const build of buildCommands(model, undefined, [stage])) {
      if (build.tool !== 'go' || build.viaMake || build.run.exec) continue;
      if (hasStripFlags(build.ldflags)) continue;
      const words = build.command.words;
      if (words.some((w) => /^-race$|^-gcflags.*-[Nl]\b/.test(w.value))) continue;
      const verb = words[build.toolIndex + 1];
      const edits: TextEdit[] = [];
      const trim = build.trimpath ? '' : ' -trimpath';
      if (build.ldflags === undefined) {
        edits.push({ range: { start: verb.range.end, end: verb.range.end }, newText: ` -ldflags="-s -w"${trim}` });
      } else {
        const i = words.findIndex((w) => /^--?ldflags(=|$)/.test(w.value));
        const joined = /^--?ldflags=/.test(words[i].value);
        const target = joined ? words[i] : words[i + 1];
        const rest = build.ldflags;
        if (target && !/["\\`]/.test(rest)) {
          const newWord = `${joined ? words[i].value.slice(0, words[i].value.indexOf('=') + 1) : ''}"-s -w ${rest}"`;
          edits.push({ range: target.range, newText: newWord });
          if (trim) edits.push({ range: { start: verb.range.end, end: verb.range.end }, newText: trim });
        }
      }
      reports.push({
        range: { start: words[build.toolIndex].range.start, end: verb.range.end },
        message: `${words[build.toolIndex].value} ${verb.value} without -ldflags="-s -w" keeps symbols and debug info in the shipped binary.`,
        fixes: edits.length ? [{ title: 'Add -ldflags="-s -w" -trimpath', isPreferred: true, edits: [{ path: file, edits }] }] : [],
      });
    }
    return reports;
  },
});
