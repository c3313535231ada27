import { fileFix } from '../../dockerfile/edits';
import { parseShell } from '../../dockerfile/shell';
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

export const dw117: DockerfileRule = {
  code: 'DW117',
  target: 'dockerfile',
  title: 'Shell-form CMD or ENTRYPOINT',
  defaultSeverity: 'warning',
  description:
    'In shell form (`CMD ./server`) Docker runs `/bin/sh -c "./server"`: the shell is PID 1 and does not forward SIGTERM, ' +
    'so `docker stop` waits its timeout and then kills the program without a graceful shutdown. Use JSON (exec) form.',
  fixTitles: ['Convert to JSON form'],
  check({ file, model }) {
    const stage = model.finalStage;
    if (!stage || model.windowsEscape) return [];
    const reports: Report[] = [];
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT') continue;
      const text = instr.argsText.trim();
      if (!text || text.startsWith('[') || !instr.argsRange) continue;
      const exec = toExecForm(instr.argsText);
      reports.push({
        range: instr.range,
        message: `${instr.keyword} in shell form runs under /bin/sh -c, which does not pass SIGTERM to the program; use JSON form.`,
        fixes: exec ? [fileFix(file, 'Convert to JSON form', [{ range: instr.argsRange, newText: exec }], true)] : [],
      });
    }
    return reports;
  },
};
