import { containerPath, workdirBefore } from '../dockerfile/buildCommands';
import type { RunCommand, Stage } from '../dockerfile/model';
import { baseName } from '../workspace';

/** A `cp`/`mv`/`install` word in the build stage that moves a program's binary somewhere else. */
export interface Relocation {
  command: RunCommand;
  /** Index in `command.words` of the source word that names this program's binary. */
  sourceIndex: number;
  /** Indexes of every source word of the command (to drop the command when no program keeps one). */
  allSourceIndexes: number[];
}

const MOVERS = new Set(['cp', 'mv', 'install']);
/** Options of `install` that take a value (`install -m 755 src dest`). */
const INSTALL_VALUED = new Set(['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S', '--suffix']);

/**
 * Follows the binary from where the build writes it through `cp`/`mv`/`install`
 * commands later in the same stage (a cache-mounted `target/` is copied out in
 * the same RUN), so COPY --from lines and CMD are matched against where it ends up.
 */
export function followRelocations(stage: Stage, afterCommand: RunCommand, outputPath: string): { path: string; relocations: Relocation[] } {
  let path = outputPath;
  const relocations: Relocation[] = [];
  let seenBuild = false;
  for (const run of stage.runs) {
    const workdir = workdirBefore(stage, run.instr);
    for (const command of run.commands) {
      if (command === afterCommand) {
        seenBuild = true;
        continue;
      }
      if (!seenBuild) continue;
      const tool = baseName(command.words[0]?.value ?? '');
      if (!MOVERS.has(tool)) continue;
      const operands: number[] = [];
      let targetDir: string | undefined;
      for (let i = 1; i < command.words.length; i++) {
        const value = command.words[i].value;
        if (value === '-t' || value === '--target-directory') {
          targetDir = command.words[++i]?.value;
          continue;
        }
        if (value.startsWith('--target-directory=')) {
          targetDir = value.slice('--target-directory='.length);
          continue;
        }
        if (tool === 'install' && INSTALL_VALUED.has(value)) {
          i++;
          continue;
        }
        if (value.startsWith('-')) continue;
        operands.push(i);
      }
      if (operands.length < (targetDir ? 1 : 2)) continue;
      const sources = targetDir ? operands : operands.slice(0, -1);
      const dest = targetDir ?? command.words[operands[operands.length - 1]].value;
      const hit = sources.find((i) => containerPath(workdir, command.words[i].value) === path);
      if (hit === undefined) continue;
      const intoDir = targetDir !== undefined || dest.endsWith('/') || sources.length > 1 || /^\/(?:usr\/(?:local\/)?)?s?bin$/.test(dest.replace(/\/$/, ''));
      const destPath = containerPath(workdir, dest);
      path = intoDir ? `${destPath.replace(/\/$/, '')}/${baseName(path)}` : destPath;
      relocations.push({ command, sourceIndex: hit, allSourceIndexes: sources });
    }
  }
  return { path, relocations };
}
