import { fileFix, keywordCase } from '../../dockerfile/edits';
import type { DockerfileRule, Report } from '../../rule';

const REMOTE = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)|\.git(#|$)/i;
/**
 * ADD extracts local tar archives (plain, gzip, bzip2, xz; zstd on recent BuildKit), recognised by their content, not
 * their name: a `.gz`/`.bz2`/`.xz`/`.zst` file may well be a tarball, so COPY is not known to do the same.
 */
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|tar\.lz|tar\.lzma|tlz|gz|bz2|xz|zst|lzma)$/i;
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

export const dw119: DockerfileRule = {
  code: 'DW119',
  target: 'dockerfile',
  title: 'ADD used where COPY does the same',
  defaultSeverity: 'info',
  description:
    '`ADD` also downloads URLs and unpacks local tar archives. For plain local files and folders it does the same as `COPY`, ' +
    'but readers (and reviewers) have to check whether the magic applies. `COPY` says exactly what happens.',
  fixTitles: ['Replace ADD with COPY'],
  check({ file, model }) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      for (const copy of stage.copies) {
        if (copy.keyword !== 'ADD' || copy.heredoc || copy.sources.length === 0) continue;
        if (copy.instr.flags.some((f) => ADD_ONLY_FLAGS.has(f.name.toLowerCase()))) continue;
        if (copy.sources.some((s) => REMOTE.test(s.value) || ARCHIVE.test(s.value) || s.value.includes('$'))) continue;
        const keywordRange = copy.instr.node.getInstructionRange();
        reports.push({
          range: keywordRange,
          message: `ADD of local ${copy.sources.map((s) => s.value).join(', ')} does nothing COPY would not; use COPY.`,
          fixes: [fileFix(file, 'Replace ADD with COPY', [{ range: keywordRange, newText: keywordCase(model, copy.instr, 'COPY') }], true)],
        });
      }
    }
    return reports;
  },
};
