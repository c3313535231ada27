import { explicitShellAt } from '../../dockerfile/buildkit';
import { fileFix } from '../../dockerfile/edits';
import { parseShell } from '../../dockerfile/shell';
import { windowsBase } from '../../dockerfile/image';
import { stageLineage, type Stage } from '../../dockerfile/model';
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

/** Red Hat family images, whose /bin/sh is bash. */
const BASH_SH_IMAGES = /(^|\/)(centos|rhel\d*|ubi\d*(-minimal|-micro|-init)?|fedora|rockylinux|almalinux|oraclelinux|amazonlinux)$/;

/**
 * The shell behind /bin/sh when it replaces itself with the last simple command of `sh -c` (so the program is PID 1 and
 * receives SIGTERM): BusyBox ash (alpine) does so even with redirections, env prefixes and `cd … &&`; bash does so when
 * the command has no redirection. Debian/Ubuntu's dash does not (checked: dash 0.5.12-2 of bookworm forks `dash -c
 * 'sleep 5'` and stays the parent), nor do unknown shells: undefined.
 */
function execingShell(stage: Stage): 'BusyBox sh' | 'bash' | undefined {
  const root = stageLineage(stage).pop()!;
  if (root.distro === 'alpine') return 'BusyBox sh';
  if (BASH_SH_IMAGES.test(root.image.name.toLowerCase())) return 'bash';
  return undefined;
}

/** Whether `sh -c text` ends by exec'ing one program: a lone simple command, or the last of a `&&` chain, no pipe, `;`, `||`, `&` or subshell. */
function lastCommandExeced(text: string, shell: 'BusyBox sh' | 'bash'): boolean {
  const flat = text.replace(/\\\r?\n/g, ' ').trim();
  const parsed = parseShell(flat);
  if (parsed.error || parsed.limit || parsed.commands.length === 0) return false;
  // Only `&&` may join the commands; anything else (`;`, `|`, `||`, `&`, subshells, braces) keeps the shell around.
  const between = parsed.commands.slice(1).map((c, i) => flat.slice(parsed.commands[i].end, c.start).trim());
  if (between.some((op) => op !== '&&')) return false;
  const last = parsed.commands[parsed.commands.length - 1];
  if (flat.slice(0, parsed.commands[0].start).trim() !== '') return false;
  const tail = flat.slice(last.end).trim();
  if (shell === 'bash' && (tail !== '' || /[<>]/.test(flat.slice(last.start, last.end)))) return false;
  if (tail !== '' && !/^(\d?>>?|<)\s*\S+(\s+(\d?>>?|<|2>&1)\s*\S*)*$/.test(tail)) return false;
  return true;
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
        const shell = windows ? undefined : execingShell(stage);
        if (shell && lastCommandExeced(text, shell)) {
          reports.push({
            range: instr.range,
            severity: 'info',
            message:
              `${instr.keyword} in shell form runs under /bin/sh -c; this image's /bin/sh (${shell}) replaces itself with the last command, so the program still gets SIGTERM, ` +
              'but JSON form does not depend on the shell [BuildKit JSONArgsRecommended].',
            fixes: converted ? [fileFix(file, 'Convert to JSON form', [{ range: instr.argsRange, newText: converted }], true)] : [],
            buildkit: 'JSONArgsRecommended',
          });
          continue;
        }
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
