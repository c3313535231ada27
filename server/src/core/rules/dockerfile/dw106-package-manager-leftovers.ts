import { scopeValues, stageLineage, type DockerfileModel, type PackageInstall, type RunCommand, type RunInfo, type Stage } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import { insertAt } from '../../text';
import type { Fix, Position } from '../../types';
import type { Analysis } from '../../analysis';
import { composeRunStages } from './runStages';

/** Folders whose contents never reach the layer when a cache or tmpfs mount sits on them (or on a parent folder). */
function mountedAway(run: RunInfo, folders: string[]): boolean {
  return run.mounts.some((m) => {
    if ((m.type !== 'cache' && m.type !== 'tmpfs') || m.target === undefined) return false;
    const target = m.target.replace(/\/+$/, '') || '/';
    return folders.some((f) => f === target || f.startsWith(target === '/' ? '/' : target + '/'));
  });
}

function hasCacheMount(run: RunInfo, targets: RegExp): boolean {
  return run.mounts.some((m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== undefined && targets.test(m.target));
}

/** Values `PIP_NO_CACHE_DIR` accepts: pip runs them through strtobool and disables the cache for every one of them, false/0 included. */
const PIP_BOOL = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;

/**
 * Whether pip's cache is off for this command: `PIP_NO_CACHE_DIR` set (to any boolean: pip disables the cache for
 * `false`/`0` too, for backward compatibility) by ENV/ARG, by an assignment in front of the command, or by an
 * `export` earlier in the same RUN.
 */
export function pipCacheDisabled(model: DockerfileModel, stage: Stage, run: RunInfo, command: RunCommand): boolean {
  const set = (v: string | undefined) => v !== undefined && PIP_BOOL.test(v.trim().replace(/^["']|["']$/g, ''));
  if (set(command.env.PIP_NO_CACHE_DIR)) return true;
  // `export` is a declaration, not a command word: find it in the text before the pip command.
  if (run.instr.argsRange) {
    const base = model.lines.offsetAt(run.instr.argsRange.start);
    const before = model.lines.offsetAt(command.range.start) - base;
    for (const m of run.instr.argsText.matchAll(/\bexport\s+(?:[A-Za-z_][A-Za-z0-9_]*(?:=\S*)?\s+)*PIP_NO_CACHE_DIR=(["']?)([^\s"';&|]*)\1/g)) {
      if (m.index! < before && set(m[2])) return true;
    }
  }
  return set(scopeValues(stage, model.globalArgs, run.instr).get('PIP_NO_CACHE_DIR'));
}

/** Where pip keeps its cache for this RUN (PIP_CACHE_DIR, else ~/.cache/pip of root). */
function pipCacheDir(model: DockerfileModel, stage: Stage, run: RunInfo): string {
  return scopeValues(stage, model.globalArgs, run.instr).get('PIP_CACHE_DIR') ?? '/root/.cache/pip';
}

/**
 * Stages whose layers end up in an image that can ship: the final stage and every stage nothing copies from or builds
 * on (a possible `--target`), with the stages they are built FROM. The others only feed `COPY --from`. When compose
 * builds the Dockerfile, compose says which stages run: its `build.target`s (or the final stage) and the final stage
 * (what a plain `docker build` gives); other leaf stages (awesome-compose's `dev-envs`) then ship nowhere we can see.
 */
export function shippedStages(model: DockerfileModel, composeStages?: Stage[]): Set<Stage> {
  const out = new Set<Stage>();
  if (composeStages) {
    for (const stage of [...composeStages, ...(model.finalStage ? [model.finalStage] : [])]) for (const s of stageLineage(stage)) out.add(s);
    return out;
  }
  // `RUN --mount=type=bind,from=builder,…` (or cache/secret mounts from a stage) feeds a stage like `COPY --from`
  // does (nginx's modules/Dockerfile installs the .debs its builder stage made through such a mount).
  const mounted = new Set<string>();
  for (const stage of model.stages) for (const run of stage.runs) for (const m of run.mounts) if (m.options.from) mounted.add(m.options.from.toLowerCase());
  for (const stage of model.stages) {
    const feedsMount = (stage.name !== undefined && mounted.has(stage.name.toLowerCase())) || mounted.has(String(stage.index));
    if (stage !== model.finalStage && (stage.children.length > 0 || stage.copiedBy.length > 0 || feedsMount)) continue;
    for (const s of stageLineage(stage)) out.add(s);
  }
  return out;
}

/** `if [ "$DEBUG" == "true" ]; then … fi` (or `=`/`!=`, `[[ … ]]`) opening a RUN, without an `else`. */
const IF_ARG = /^\s*if\s+\[\[?\s+"?\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?"?\s+(==?|!=)\s+"?([^"\s\]]*)"?\s+\]\]?\s*;?\s*then\b/;

/**
 * Whether the install sits in the `then` branch of a RUN that opens with a test of a build ARG, and no build we can see
 * takes that branch: the ARG's default and every value compose passes for it (`build.args`) make the test false
 * (appwrite's `if [ "$DEBUG" == "true" ]; then apk add …; fi` with `ARG DEBUG=false` and compose's `DEBUG: false`).
 * A value we cannot see (no default, an arg compose takes from the environment) counts as taking the branch.
 */
function installNeverRuns(analysis: Analysis, file: string, model: DockerfileModel, install: PackageInstall): boolean {
  const { run } = install;
  const text = run.instr.argsText;
  const m = IF_ARG.exec(text);
  if (!m || /\belse\b|\belif\b/.test(text) || !run.instr.argsRange) return false;
  const at = model.lines.offsetAt(install.command.range.start) - model.lines.offsetAt(run.instr.argsRange.start);
  if (at < m.index + m[0].length) return false;
  const [, name, op, literal] = m;
  let declared: string | undefined;
  let found = false;
  for (const s of stageLineage(run.stage).reverse()) {
    for (const decl of s.vars) {
      if (decl.kind !== 'ARG' || decl.name !== name) continue;
      if (s === run.stage && decl.instr.range.start.line > run.instr.range.start.line) continue;
      found = true;
      if (decl.value !== undefined) declared = decl.value;
    }
  }
  if (!found) return false;
  declared ??= model.globalArgs.get(name);
  const values: (string | undefined)[] = [declared];
  for (const { service } of analysis.composeServicesUsing(file)) {
    const args = service.build?.args ?? {};
    if (Object.prototype.hasOwnProperty.call(args, name)) values.push(args[name]);
  }
  const takes = (v: string | undefined) => v === undefined || v.includes('$') || (op === '!=' ? v !== literal : v === literal);
  return !values.some(takes);
}

/** `apt-get install -s` (and its other spellings) only prints what it would do. */
function simulated(options: string[]): boolean {
  return options.some((o) => /^--(simulate|just-print|dry-run|recon|no-act)$/.test(o) || /^-[a-zA-Z]*s[a-zA-Z]*$/.test(o));
}

function fix(file: string, title: string, at: Position, text: string): Fix {
  return { title, edits: [{ path: file, edits: [insertAt(at, text)] }], isPreferred: true };
}

function afterSubcommand(install: PackageInstall): Position {
  return install.command.words[install.subcommandIndex].range.end;
}

function cleansAptLists(run: RunInfo): boolean {
  return run.commands.some((c) => {
    const w = c.words.map((x) => x.value);
    // `apt-get dist-clean` (apt 2.7.8+) removes the lists as well as the archives.
    if (/^(apt-get|apt)$/.test(w[0]?.split('/').pop() ?? '') && w.includes('dist-clean')) return true;
    return w[0] === 'rm' && w.some((x) => /^\/var\/lib\/apt\/lists(\/\*?)?$/.test(x));
  });
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
  check({ file, model, analysis }) {
    const reports: Report[] = [];
    const shipped = shippedStages(model, composeRunStages(analysis, file, model));
    for (const stage of model.stages) {
      for (const install of stage.installs) {
        const { run, command, options } = install;
        const where = command.words[install.subcommandIndex].range;
        const range = { start: command.words[0].range.start, end: where.end };
        if (installNeverRuns(analysis, file, model, install)) continue;
        if (install.manager === 'apk') {
          if (!options.includes('--no-cache') && !mountedAway(run, ['/var/cache/apk', '/etc/apk/cache']) && shipped.has(stage)) {
            reports.push({
              range,
              message: '`apk add` without `--no-cache` leaves the package index in the image.',
              fixes: [fix(file, 'Add --no-cache to apk add', afterSubcommand(install), ' --no-cache')],
            });
          }
        } else if (install.manager === 'apt') {
          if (simulated(options)) continue;
          // The lists stay out of the layer when a cache/tmpfs mount holds them (or the apt cache, the usual pair).
          const aptCached = mountedAway(run, ['/var/lib/apt/lists']) || hasCacheMount(run, /^\/var\/cache\/apt\/?$/);
          // Recommends installed in a build-only stage only slow the build: they never reach the image.
          if (shipped.has(stage) && !options.includes('--no-install-recommends') && !options.some((o) => /^-o=?APT::Install-Recommends=(false|0)$/i.test(o))) {
            reports.push({
              range,
              message: '`apt-get install` without `--no-install-recommends` pulls in recommended packages nobody asked for.',
              fixes: [fix(file, 'Add --no-install-recommends', afterSubcommand(install), ' --no-install-recommends')],
            });
          }
          // Lists left in a stage that only feeds COPY --from never reach the image.
          if (!aptCached && !cleansAptLists(run) && shipped.has(stage)) {
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
          if (!cleans && !mountedAway(run, ['/var/cache/dnf', '/var/cache/yum']) && shipped.has(stage)) {
            const last = run.commands[run.commands.length - 1];
            const indent = ' '.repeat(Math.max(4, run.instr.range.start.character + 4));
            reports.push({
              range,
              message: `\`${program} install\` without \`${program} clean all\` in the same RUN keeps the package cache in the layer.`,
              fixes: [fix(file, `Run ${program} clean all in the same RUN`, last.range.end, ` \\${model.lines.eol}${indent}&& ${program} clean all`)],
            });
          }
        } else if (install.manager === 'pip') {
          const words = command.words.map((w) => w.value);
          const flagAt = words.findIndex((w) => w === '--cache-dir' || w.startsWith('--cache-dir='));
          const cacheDir = flagAt < 0 ? pipCacheDir(model, stage, run) : words[flagAt].includes('=') ? words[flagAt].slice('--cache-dir='.length) : words[flagAt + 1] ?? '';
          const pipCached = hasCacheMount(run, /(^|\/)\.cache\/pip\/?$|^\/root\/\.cache\/?$/) || mountedAway(run, [cacheDir]);
          if (!options.includes('--no-cache-dir') && !pipCached && !pipCacheDisabled(model, stage, run, command) && shipped.has(stage)) {
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
