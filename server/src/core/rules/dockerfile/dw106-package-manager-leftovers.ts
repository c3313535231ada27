import type { PackageInstall, RunInfo } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import { insertAt } from '../../text';
import type { Fix, Position } from '../../types';

const APT_CACHE_DIRS = ['/var/lib/apt', '/var/lib/apt/lists', '/var/cache/apt'];

function hasCacheMount(run: RunInfo, targets: RegExp): boolean {
  return run.mounts.some((m) => m.type === 'cache' && m.target !== undefined && targets.test(m.target));
}

function fix(file: string, title: string, at: Position, text: string): Fix {
  return { title, edits: [{ path: file, edits: [insertAt(at, text)] }], isPreferred: true };
}

function afterSubcommand(install: PackageInstall): Position {
  return install.command.words[install.subcommandIndex].range.end;
}

function cleansAptLists(run: RunInfo): boolean {
  return run.commands.some(
    (c) => c.words[0]?.value === 'rm' && c.words.some((w) => /^\/var\/lib\/apt\/lists(\/\*?)?$/.test(w.value)),
  );
}

export const dw106: DockerfileRule = {
  code: 'DW106',
  target: 'dockerfile',
  title: 'Package-manager leftovers in the image',
  defaultSeverity: 'warning',
  description:
    'Package managers leave caches and index files in the layer that installs packages: `apk add` without `--no-cache`, ' +
    '`apt-get install` without `--no-install-recommends` or without removing `/var/lib/apt/lists`, `pip install` without ' +
    '`--no-cache-dir`, `dnf`/`yum install` without `clean all`. They add megabytes to every image and are never used at run time. A BuildKit cache mount on the ' +
    'cache directory is an equally good answer.',
  fixTitles: ['Add --no-cache', 'Add --no-install-recommends', 'Remove /var/lib/apt/lists in the same RUN', 'Add --no-cache-dir', 'Run dnf/yum clean all in the same RUN'],
  check({ file, model }) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      for (const install of stage.installs) {
        const { run, command, options } = install;
        const where = command.words[install.subcommandIndex].range;
        const range = { start: command.words[0].range.start, end: where.end };
        if (install.manager === 'apk') {
          if (!options.includes('--no-cache') && !hasCacheMount(run, /^\/(var\/cache\/apk|etc\/apk\/cache)\/?$/)) {
            reports.push({
              range,
              message: '`apk add` without `--no-cache` leaves the package index in the image.',
              fixes: [fix(file, 'Add --no-cache to apk add', afterSubcommand(install), ' --no-cache')],
            });
          }
        } else if (install.manager === 'apt') {
          const aptCached = run.mounts.some((m) => m.type === 'cache' && m.target !== undefined && APT_CACHE_DIRS.includes(m.target.replace(/\/$/, '')));
          if (!options.includes('--no-install-recommends') && !options.some((o) => /^-o=?APT::Install-Recommends=(false|0)$/i.test(o))) {
            reports.push({
              range,
              message: '`apt-get install` without `--no-install-recommends` pulls in recommended packages nobody asked for.',
              fixes: [fix(file, 'Add --no-install-recommends', afterSubcommand(install), ' --no-install-recommends')],
            });
          }
          if (!aptCached && !cleansAptLists(run)) {
            const last = run.commands[run.commands.length - 1];
            const indent = ' '.repeat(Math.max(4, run.instr.range.start.character + 4));
            reports.push({
              range,
              message: '`apt-get install` without `rm -rf /var/lib/apt/lists/*` in the same RUN keeps the package lists in the layer.',
              fixes: [fix(file, 'Remove /var/lib/apt/lists in the same RUN', last.range.end, ` \\${model.lines.eol}${indent}&& rm -rf /var/lib/apt/lists/*`)],
            });
          }
        } else if (install.manager === 'dnf' || install.manager === 'yum') {
          const program = command.words[0].value.split('/').pop()!;
          const cleans = run.commands.some((c) => {
            const w = c.words.map((x) => x.value);
            return (/^(dnf|yum|microdnf)$/.test(w[0]?.split('/').pop() ?? '') && w.includes('clean') && w.includes('all')) || (w[0] === 'rm' && w.some((x) => /^\/var\/cache\/(dnf|yum)/.test(x)));
          });
          if (!cleans && !hasCacheMount(run, /^\/var\/cache\/(dnf|yum)\/?$/)) {
            const last = run.commands[run.commands.length - 1];
            const indent = ' '.repeat(Math.max(4, run.instr.range.start.character + 4));
            reports.push({
              range,
              message: `\`${program} install\` without \`${program} clean all\` in the same RUN keeps the package cache in the layer.`,
              fixes: [fix(file, `Run ${program} clean all in the same RUN`, last.range.end, ` \\${model.lines.eol}${indent}&& ${program} clean all`)],
            });
          }
        } else if (install.manager === 'pip') {
          const pipCached = hasCacheMount(run, /(^|\/)\.cache\/pip\/?$|^\/root\/\.cache\/?$/);
          const envOff = stage.instructions.some((i) => i.keyword === 'ENV' && /PIP_NO_CACHE_DIR\s*[= ]\s*["']?(1|true|on|yes|off|0)/i.test(i.argsText));
          if (!options.includes('--no-cache-dir') && !pipCached && !envOff) {
            reports.push({
              range,
              message: '`pip install` without `--no-cache-dir` (or a cache mount) keeps downloaded wheels in the image.',
              fixes: [fix(file, 'Add --no-cache-dir to pip install', afterSubcommand(install), ' --no-cache-dir')],
            });
          }
        }
      }
    }
    return reports;
  },
};
