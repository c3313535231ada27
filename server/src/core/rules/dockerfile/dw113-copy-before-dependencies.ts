import { deleteInstructionLines, fileFix, insertLinesBefore, keywordCase } from '../../dockerfile/edits';
import type { CopyInfo, DockerfileModel, RunCommand, RunInfo, Stage } from '../../dockerfile/model';
import type { Analysis } from '../../analysis';
import type { DockerfileRule, Report } from '../../rule';
import type { Fix, TextEdit } from '../../types';
import { dirName, joinPath } from '../../workspace';

interface DependencyStep {
  run: RunInfo;
  command: RunCommand;
  label: string;
  /** Manifest files to copy first, relative to the build context. */
  manifests: (exists: (p: string) => boolean) => string[];
}

function dependencyCommand(command: RunCommand): Omit<DependencyStep, 'run' | 'command'> | undefined {
  const w = command.words.map((x) => x.value);
  const program = w[0]?.split('/').pop() ?? '';
  if (program === 'go' && w[1] === 'mod' && w[2] === 'download') {
    return { label: 'go mod download', manifests: (exists) => (exists('go.sum') ? ['go.mod', 'go.sum'] : ['go.mod']) };
  }
  if (program === 'npm' && ['ci', 'install', 'i'].includes(w[1] ?? '') && w.length <= 4 && !w.slice(2).some((x) => !x.startsWith('-'))) {
    return { label: `npm ${w[1]}`, manifests: (exists) => (exists('npm-shrinkwrap.json') ? ['package.json', 'npm-shrinkwrap.json'] : exists('package-lock.json') || w[1] === 'ci' ? ['package.json', 'package-lock.json'] : ['package.json']) };
  }
  if (program === 'yarn' && (w.length === 1 || w[1] === 'install')) return { label: 'yarn install', manifests: () => ['package.json', 'yarn.lock'] };
  if (program === 'pnpm' && w[1] === 'install') return { label: 'pnpm install', manifests: () => ['package.json', 'pnpm-lock.yaml'] };
  const pip = /^pip[0-9.]*$/.test(program) ? 1 : /^python[0-9.]*$/.test(program) && w[1] === '-m' && /^pip/.test(w[2] ?? '') ? 3 : -1;
  if (pip > 0 && w[pip] === 'install') {
    const files: string[] = [];
    for (let i = pip + 1; i < w.length; i++) {
      if ((w[i] === '-r' || w[i] === '--requirement') && w[i + 1]) files.push(w[i + 1]);
      else if (/^(-r|--requirement=)./.test(w[i])) files.push(w[i].replace(/^(-r|--requirement=)/, ''));
    }
    if (files.length) return { label: 'pip install -r', manifests: () => files };
  }
  if (program === 'bundle' && w[1] === 'install') return { label: 'bundle install', manifests: () => ['Gemfile', 'Gemfile.lock'] };
  if (program === 'composer' && w[1] === 'install') return { label: 'composer install', manifests: () => ['composer.json', 'composer.lock'] };
  return undefined;
}

function copiesWholeContext(copy: CopyInfo): boolean {
  return !copy.from && !copy.heredoc && copy.sources.some((s) => /^\.\/?$/.test(s.value));
}

/** Moves the dependency command in front of `COPY . .`, preceded by a COPY of its manifests. */
function reorderFix(file: string, model: DockerfileModel, analysis: Analysis, copy: CopyInfo, step: DependencyStep): Fix | undefined {
  const dest = copy.destination?.value;
  if (!dest || dest.includes('$') || step.run.exec) return undefined;
  const context = dirName(file);
  const exists = (p: string) => {
    const full = joinPath(context, p);
    return full !== undefined && analysis.workspace.exists(full);
  };
  const manifests = step.manifests(exists);
  const target = /^\.\/?$/.test(dest) ? './' : dest.endsWith('/') ? dest : `${dest}/`;
  const copyLines: string[] = [];
  const flat = manifests.every((m) => !m.includes('/'));
  if (flat) copyLines.push(`${keywordCase(model, copy.instr, 'COPY')} ${manifests.join(' ')} ${target}`);
  else for (const m of manifests) copyLines.push(`${keywordCase(model, copy.instr, 'COPY')} ${m} ${target}${m}`);
  const runStart = model.lines.offsetAt(step.run.instr.argsRange!.start);
  const cmdStart = model.lines.offsetAt(step.command.range.start);
  const cmdEnd = model.lines.offsetAt(step.command.range.end);
  const flagsText = model.text.slice(model.lines.offsetAt(step.run.instr.node.getInstructionRange().end), runStart).trim();
  const runLine = `${keywordCase(model, step.run.instr, 'RUN')} ${flagsText ? flagsText + ' ' : ''}${model.text.slice(cmdStart, cmdEnd)}`;
  const edits: TextEdit[] = [insertLinesBefore(model, copy.instr, [...copyLines, runLine])];
  const commands = step.run.commands;
  if (commands.length === 1) {
    edits.push(deleteInstructionLines(model, step.run.instr));
  } else if (commands[0] === step.command) {
    // `RUN npm ci && npm run build`: drop `npm ci && ` (up to the next command), keep the rest.
    const next = model.lines.offsetAt(commands[1].range.start);
    const between = model.text.slice(cmdEnd, next);
    if (!/^\s*&&[\s\\]*$/.test(between)) return undefined;
    edits.push({ range: { start: step.command.range.start, end: commands[1].range.start }, newText: '' });
  } else {
    return undefined;
  }
  return fileFix(file, `Copy ${manifests.join(', ')} and run ${step.label} before COPY . (layer cache)`, edits, true);
}

export const dw113: DockerfileRule = {
  code: 'DW113',
  target: 'dockerfile',
  title: 'COPY . . before the dependency step',
  defaultSeverity: 'warning',
  description:
    'Docker reuses a layer only while everything before it is unchanged. When the whole source tree is copied before ' +
    '`go mod download`, `npm ci` or `pip install -r`, any source edit invalidates the dependency layer and every build ' +
    'downloads all dependencies again. Copy the manifest files first, install, then copy the rest.',
  fixTitles: ['Copy the manifests and install before COPY . .'],
  check({ file, model, analysis }) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const wholeCopy = stage.copies.find(copiesWholeContext);
      if (!wholeCopy) continue;
      const step = firstDependencyStepAfter(stage, wholeCopy);
      if (!step) continue;
      // The pnpm fetch pattern: `COPY pnpm-lock.yaml .` + `RUN pnpm fetch` before `COPY . .` fills the store from the
      // lockfile alone, so the install after the copy links offline and nothing is downloaded again.
      if (step.label === 'pnpm install' && pnpmFetchedBefore(stage, wholeCopy)) continue;
      const fix = reorderFix(file, model, analysis, wholeCopy, step);
      reports.push({
        range: wholeCopy.instr.range,
        message: `${wholeCopy.keyword} ${wholeCopy.sources.map((s) => s.value).join(' ')} comes before ${step.label} (line ${step.run.instr.range.start.line + 1}): every source change re-downloads all dependencies. Copy the manifests first.`,
        fixes: fix ? [fix] : [],
      });
    }
    return reports;
  },
};

function pnpmFetchedBefore(stage: Stage, copy: CopyInfo): boolean {
  const copyIndex = stage.instructions.indexOf(copy.instr);
  return stage.runs.some(
    (run) => stage.instructions.indexOf(run.instr) < copyIndex && run.commands.some((c) => c.words[0]?.value === 'pnpm' && c.words[1]?.value === 'fetch'),
  );
}

function firstDependencyStepAfter(stage: Stage, copy: CopyInfo): DependencyStep | undefined {
  const copyIndex = stage.instructions.indexOf(copy.instr);
  for (const run of stage.runs) {
    if (stage.instructions.indexOf(run.instr) < copyIndex) continue;
    for (const command of run.commands) {
      const dep = dependencyCommand(command);
      if (dep) return { run, command, ...dep };
    }
  }
  return undefined;
}
