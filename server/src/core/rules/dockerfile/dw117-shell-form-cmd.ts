import { explicitShellAt } from '../../dockerfile/buildkit';
import { fileFix } from '../../dockerfile/edits';
import { parseShell } from '../../dockerfile/shell';
import { windowsBase } from '../../dockerfile/image';
import type { DockerfileRule, Report } from '../../rule';

const SHELL_SYNTAX = /[|&;<>()$`*?[\]{}~]|\\/;

/** JSON-form text for a shell-form command, or undefined when the shell is really needed. */
export function toExecForm(script: string): string | undefined {
  const flat = script.replace(/\\\r?\n/g, ' ').trim();
  const parsed = parseShell(flat);
  if (parsed.error || parsed.commands.length !== 1) return undefined;
  const command = parsed.commands[0];
  if (Object.keys(command.env).length) return undefined;
  // Words with expansions, globs or redirections need a shell: keep it, but `exec` so the program gets PID 1's signals.
  const raw = flat.slice(command.start, command.end);
  if (command.end !== flat.length || command.start !== 0 || command.argv.some((w) => SHELL_SYNTAX.test(flat.slice(w.start, w.end).replace(/^(['"]).*\1$/, '')))) {
    if (/^exec\s/.test(flat)) return undefined;
    return JSON.stringify(['/bin/sh', '-c', `exec ${flat}`]).replace(/","/g, '", "');
  }
  void raw;
  return '[' + command.argv.map((w) => JSON.stringify(w.value)).join(', ') + ']';
}

/** `cd /app && exec ./server`: the last command replaces the shell, so the program is PID 1 and gets the signals. */
const EXEC_CHAIN = /(?:^|&&|;)\s*exec\s+[^&|;]+$/;

export const dw117: DockerfileRule = {
  code: 'DW117',
  target: 'dockerfile',
  title: 'Shell-form CMD or ENTRYPOINT',
  defaultSeverity: 'warning',
  description:
    'In shell form (`CMD ./server`) Docker runs `/bin/sh -c "./server"`: the shell is PID 1 and does not forward SIGTERM, ' +
    'so `docker stop` waits its timeout and then kills the program without a graceful shutdown. Use JSON (exec) form. ' +
    'Like BuildKit (check JSONArgsRecommended), every stage is checked and a stage with an explicit `SHELL` (its own or ' +
    "inherited from the stage it is built from) is left alone; a command whose last step is `exec prog` is left alone too.",
  fixTitles: ['Convert to JSON form'],
  check({ file, model }) {
    if (model.windowsEscape) return [];
    const reports: Report[] = [];
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') continue;
        const text = instr.argsText.trim();
        if (!text || text.startsWith('[') || !instr.argsRange) continue;
        if (explicitShellAt(stage, instr)) continue;
        if (EXEC_CHAIN.test(text.replace(/\\\r?\n/g, ' ').trim())) continue;
        const converted = toExecForm(instr.argsText);
        // Windows images run shell form under `cmd /S /C` (there is no /bin/sh and no SIGTERM).
        const windows = windowsBase(stage) !== undefined;
        // The `["/bin/sh", "-c", "exec …"]` rewrite has no meaning there.
        const exec = windows && converted?.startsWith('["/bin/sh"') ? undefined : converted;
        reports.push({
          range: instr.range,
          message: windows
            ? `${instr.keyword} in shell form runs under cmd /S /C, so cmd, not the program, is the container's main process; use JSON form [BuildKit JSONArgsRecommended].`
            : `${instr.keyword} in shell form runs under /bin/sh -c, which does not pass SIGTERM to the program; use JSON form [BuildKit JSONArgsRecommended].`,
          fixes: exec ? [fileFix(file, 'Convert to JSON form', [{ range: instr.argsRange, newText: exec }], true)] : [],
          buildkit: 'JSONArgsRecommended',
        });
      }
    }
    return reports;
  },
};
