import { afterKeyword, fileFix } from '../../dockerfile/edits';
import { scopeValues, type RunCommand, type RunInfo, type Stage } from '../../dockerfile/model';
import type { DockerfileModel } from '../../dockerfile/model';
import { stageRule, type Report } from '../../rule';
import { pipCacheDisabled } from './dw106-package-manager-leftovers';
import type { Position, Range, TextEdit } from '../../types';

interface CacheNeed {
  what: string;
  /** Undefined when there is no cache to mount yet (R source builds without ccache). */
  target?: string;
  sharing?: 'locked';
}

function envOf(model: DockerfileModel, stage: Stage, run: RunInfo, name: string): string | undefined {
  return scopeValues(stage, model.globalArgs, run.instr).get(name);
}

function commandNeeds(model: DockerfileModel, stage: Stage, run: RunInfo, c: RunCommand): CacheNeed[] {
  const w = c.words.map((x) => x.value);
  const program = w[0]?.split('/').pop() ?? '';
  const needs: CacheNeed[] = [];
  const goModCache = () => envOf(model, stage, run, 'GOMODCACHE') ?? `${envOf(model, stage, run, 'GOPATH') ?? '/go'}/pkg/mod`;
  if (program === 'go' && w[1] === 'mod' && w[2] === 'download') needs.push({ what: 'go mod download', target: goModCache() });
  if (program === 'go' && (w[1] === 'build' || w[1] === 'install')) {
    needs.push({ what: `go ${w[1]}`, target: envOf(model, stage, run, 'GOCACHE') ?? '/root/.cache/go-build' });
    needs.push({ what: `go ${w[1]}`, target: goModCache() });
  }
  if (program === 'npm' && ['ci', 'install', 'i'].includes(w[1] ?? '')) needs.push({ what: `npm ${w[1]}`, target: envOf(model, stage, run, 'npm_config_cache') ?? '/root/.npm' });
  const pipInstall = (/^pip[0-9.]*$/.test(program) && w[1] === 'install') || (/^python[0-9.]*$/.test(program) && w[1] === '-m' && /^pip/.test(w[2] ?? '') && w[3] === 'install');
  if (pipInstall && !w.includes('--no-cache-dir') && !pipCacheDisabled(model, stage, run, c)) {
    needs.push({ what: 'pip install', target: envOf(model, stage, run, 'PIP_CACHE_DIR') ?? '/root/.cache/pip' });
  }
  if ((program === 'apt-get' || program === 'apt') && w.includes('install')) {
    needs.push({ what: `${program} install`, target: '/var/cache/apt', sharing: 'locked' });
    needs.push({ what: `${program} install`, target: '/var/lib/apt', sharing: 'locked' });
  }
  const rCode = (program === 'Rscript' || program === 'R') ? w.join(' ') : '';
  if (!/^(Rscript|R|ccache|make|cmake)$/.test(program)) return needs;
  const ccacheDir = envOf(model, stage, run, 'CCACHE_DIR');
  const usesCcache = ccacheDir !== undefined || stage.installs.some((i) => i.packages.some((p) => p.value === 'ccache'));
  if (program === 'ccache' || (usesCcache && (/install\.packages|remotes::|pak::|renv::restore|devtools::install/.test(rCode) || program === 'make' || program === 'cmake'))) {
    needs.push({ what: 'ccache', target: ccacheDir ?? '/root/.ccache' });
  } else if (/renv::restore|pak::/.test(rCode)) {
    needs.push({ what: 'R package install', target: envOf(model, stage, run, 'RENV_PATHS_CACHE') ?? '/root/.cache/R' });
  } else if (/install\.packages|remotes::install|devtools::install/.test(rCode)) {
    needs.push({ what: 'R install.packages' });
  }
  return needs;
}

function normalize(path: string): string {
  return path.replace(/\/+$/, '');
}

/**
 * A cache mount on the folder, on a parent of it, or on a sub-folder of it (`/go/pkg/mod/cache` holds the module
 * downloads of `/go/pkg/mod`; `/root/.cache` holds `/root/.cache/go-build`) keeps the expensive part between builds.
 */
function covered(mounted: Set<string>, target: string): boolean {
  const t = normalize(target);
  for (const m of mounted) if (m === t || t.startsWith(m + '/') || m.startsWith(t + '/')) return true;
  return false;
}

export const dw111 = stageRule({
  code: 'DW111',
  target: 'dockerfile',
  title: 'Dependency step without a BuildKit cache mount',
  defaultSeverity: 'info',
  description:
    'Every change to the files a dependency step depends on re-downloads (and re-compiles) everything from scratch. ' +
    'A BuildKit cache mount (`RUN --mount=type=cache,target=...`) keeps the package manager\'s cache between builds without ' +
    'putting it into the image. It works on every BuildKit engine (Docker 23+ builds with BuildKit by default) with no ' +
    '`# syntax=` line — adding one makes every build pull a frontend image.',
  fixTitles: ['Add a BuildKit cache mount'],
  checkStage({ file, model, stage }) {
    if (model.windowsEscape) return [];
    const reports: Report[] = [];
    for (const run of stage.runs) {
      if (run.exec) continue;
      const mounted = new Set(run.mounts.filter((m) => m.type === 'cache' && m.target).map((m) => normalize(m.target!)));
      const missing: CacheNeed[] = [];
      for (const command of run.commands) {
        for (const need of commandNeeds(model, stage, run, command)) {
          if (need.target === undefined ? !missing.some((m) => m.what === need.what) : !covered(mounted, need.target) && !missing.some((m) => m.target === need.target)) missing.push(need);
        }
      }
      if (!missing.length) continue;
      const mountable = missing.filter((m): m is CacheNeed & { target: string } => m.target !== undefined);
      const rSource = missing.some((m) => m.target === undefined);
      const mounts = mountable.map((m) => `--mount=type=cache,target=${m.target}${m.sharing ? `,sharing=${m.sharing}` : ''}`);
      const at = afterKeyword(run.instr);
      const edit = mountEdit(model, run.instr.node.getRange(), at, mounts);
      const whats = [...new Set(missing.map((m) => m.what))].join(', ');
      const advice = [
        mountable.length ? `mount ${mountable.map((m) => m.target).join(' and ')} as a cache` : '',
        rSource ? 'R packages are compiled from source on every rebuild: install ccache, point ~/.R/Makevars at it and mount CCACHE_DIR as a cache' : '',
      ].filter(Boolean);
      reports.push({
        range: run.instr.node.getInstructionRange(),
        message: `${whats} runs without a BuildKit cache mount, so every rebuild starts from an empty cache; ${advice.join('; ')}.`,
        fixes: mountable.length ? [fileFix(file, `Add cache mount${mountable.length > 1 ? 's' : ''} for ${mountable.map((m) => m.target).join(', ')}`, [edit], true)] : [],
      });
    }
    return reports;
  },
});

/**
 * The cache mounts follow the RUN's own layout: on the RUN line when the RUN is one line, else one per line with
 * the RUN's continuation indent (`RUN --mount=… \\` / `    --mount=… \\` / `    the command`), so a wrapped RUN
 * does not get a longer first line.
 */
function mountEdit(model: DockerfileModel, range: Range, at: Position, mounts: string[]): TextEdit {
  const rest = model.lines.lineText(at.line).slice(at.character);
  const gap = /^[ \t]*/.exec(rest)![0].length;
  const multiLine = range.end.line > range.start.line;
  const inline = mounts.map((m) => ` ${m}`).join('');
  if (model.windowsEscape || !multiLine) return { range: { start: at, end: at }, newText: inline };
  // The smallest continuation indent (the `&& …` lines, not a deeper package list).
  let indent: string | undefined;
  for (let l = range.start.line + 1; l <= range.end.line; l++) {
    const lead = /^[ \t]*/.exec(model.lines.lineText(l))![0];
    if (lead.length > 0 && model.lines.lineText(l).trim() && (indent === undefined || lead.length < indent.length)) indent = lead;
  }
  indent ??= '    ';
  const eol = model.lines.eol;
  const esc = model.escapeChar;
  return { range: { start: at, end: { line: at.line, character: at.character + gap } }, newText: ` ${mounts.join(` ${esc}${eol}${indent}`)} ${esc}${eol}${indent}` };
}
