import type { DockerfileModel, PackageInstall, WordRef } from '../../dockerfile/model';
import type { TextEdit } from '../../types';

const HOUSEKEEPING = [/^apt-get$|^apt$/, /^apk$/, /^rm$/];

function isHousekeeping(words: string[]): boolean {
  const [cmd, sub] = words;
  if ((cmd === 'apt-get' || cmd === 'apt') && ['update', 'clean', 'autoclean'].includes(sub)) return true;
  if (cmd === 'apk' && sub === 'update') return true;
  if (cmd === 'rm' && words.slice(1).every((w) => w.startsWith('-') || w.startsWith('/var/lib/apt/lists') || w.startsWith('/var/cache/apk'))) return true;
  void HOUSEKEEPING;
  return false;
}

/**
 * Edits that remove some packages from an install command, keeping the rest of the line. When nothing would be left
 * to install, the whole RUN goes if it only installs (plus update/cleanup); otherwise undefined (no safe edit).
 */
export function removePackagesEdits(model: DockerfileModel, install: PackageInstall, remove: WordRef[]): TextEdit[] | undefined {
  const words = install.command.words;
  if (remove.length === install.packages.length) {
    const others = install.run.commands.filter((c) => c !== install.command);
    if (!others.every((c) => isHousekeeping(c.words.map((w) => w.value)))) return undefined;
    const instr = install.run.instr;
    const endLine = instr.range.end.line;
    const end = endLine + 1 < model.lines.lineCount ? { line: endLine + 1, character: 0 } : { line: endLine, character: model.lines.lineText(endLine).length };
    return [{ range: { start: { line: instr.range.start.line, character: 0 }, end }, newText: '' }];
  }
  return remove.map((w) => {
    const i = words.indexOf(w);
    const prev = words[i - 1];
    return { range: { start: prev.range.end, end: w.range.end }, newText: '' };
  });
}

/** Appends packages after the last package of an install command. */
export function addPackagesEdit(install: PackageInstall, names: string[]): TextEdit {
  const last = install.packages[install.packages.length - 1] ?? install.command.words[install.command.words.length - 1];
  return { range: { start: last.range.end, end: last.range.end }, newText: ' ' + names.join(' ') };
}
