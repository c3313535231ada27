import { commandForm, effectiveWorkdir } from '../../dockerfile/image';
import { shipsWasm } from './wasm';
import { effectiveInstruction, stageLineage, type Stage } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** Folders base images populate: a path there may come from the base image, so it is not checked. */
const SYSTEM_DIRS = /^\/(usr|bin|sbin|lib|lib64|etc|opt|docker-entrypoint|entrypoint|usr\/local)(\/|$)/;

function norm(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `token` appears in `text` as a whole path or word (`/out/ap` is not in `/out/app`). */
function mentions(text: string, token: string): boolean {
  return new RegExp(`(^|[\\s=/"':;])${escapeRegExp(token)}($|[\\s"';&|)/])`).test(text);
}

/** Whether a builder stage could have produced `source` (named by a RUN, or copied/created there, or part of its base image). */
function stageMayHave(stage: Stage, source: string): boolean {
  if (/[*?$[]/.test(source)) return true;
  const root = stageLineage(stage).pop()!;
  if (root.distro === 'other' || SYSTEM_DIRS.test(source)) return true;
  const base = source.replace(/\/+$/, '').split('/').pop()!;
  for (const s of stageLineage(stage)) {
    for (const run of s.runs) if (run.parseError || mentions(run.instr.argsText, source) || mentions(run.instr.argsText, base)) return true;
    for (const copy of s.copies) {
      if (!copy.destination || copy.destination.value.includes('$')) return true;
      if (mentions(copy.destination.value, base) || copy.sources.some((x) => mentions(x.value, base)) || source.startsWith(copy.destination.value.replace(/\/*$/, '/'))) return true;
      if (copy.sources.some((x) => /^\.\/?$/.test(x.value))) return true;
    }
  }
  return false;
}

/** Whether anything in the stage lineage could have put a file at `path`. */
function mayProvide(stage: Stage, path: string): boolean {
  const base = path.split('/').pop()!;
  for (const s of stageLineage(stage)) {
    for (const copy of s.copies) {
      if (!copy.destination) return true;
      const destRaw = copy.destination.value;
      if (destRaw.includes('$') || copy.sources.some((x) => /[*?$[]/.test(x.value))) return true;
      const dest = norm(destRaw.startsWith('/') ? destRaw : `${effectiveWorkdir(s, copy.instr) ?? '/'}/${destRaw}`);
      const destIsDir = destRaw.endsWith('/') || destRaw === '.' || copy.sources.length > 1;
      if (dest === path) return !copy.fromStage || copy.sources.some((src) => stageMayHave(copy.fromStage!, src.value));
      if (path.startsWith(dest === '/' ? '/' : dest + '/')) {
        if (destIsDir && copy.sources.some((src) => src.value.replace(/\/+$/, '').split('/').pop() === base)) return true;
        // A whole folder (context `.` or a stage's dir) copied here may contain it.
        if (copy.sources.some((src) => !/\.[A-Za-z0-9]+$/.test(src.value.split('/').pop() ?? '') || src.value.endsWith('/'))) return true;
      }
    }
    for (const run of s.runs) {
      if (run.parseError || run.commands.length === 0) return true;
      if (mentions(run.instr.argsText, base)) return true;
    }
  }
  return false;
}

export const dw104: DockerfileRule = {
  code: 'DW104',
  target: 'dockerfile',
  title: 'CMD/ENTRYPOINT program missing from the final image',
  defaultSeverity: 'error',
  description:
    'The program `CMD`/`ENTRYPOINT` starts is never put into the final stage: not copied from a builder stage, not created ' +
    'by a `RUN`, and not part of the base image (scratch and distroless have no shell and nothing on PATH). The container ' +
    'exits at once with "no such file or directory". Reported only where Dockwright can be sure.',
  fixTitles: [],
  check({ file, model, analysis }) {
    const stage = model.finalStage;
    if (!stage || model.windowsEscape) return [];
    const root = stageLineage(stage).pop()!;
    // An unknown base image (e.g. the team's own) may already contain the program.
    if (root.distro === 'other') return [];
    const empty = root.distro === 'scratch' || (root.distro === 'distroless' && !(root.image.tag ?? '').includes('debug'));
    const entrypoint = effectiveInstruction(stage, 'ENTRYPOINT');
    const cmd = effectiveInstruction(stage, 'CMD');
    const instr = entrypoint ?? cmd;
    if (!instr || !stage.instructions.includes(instr)) return [];
    const form = commandForm(instr);
    if (!form) return [];
    const reports: Report[] = [];
    if (form.form === 'shell' && empty) {
      reports.push({ range: instr.range, message: `${instr.keyword} in shell form runs /bin/sh -c, but ${root.image.raw} has no shell; use JSON form.` });
      return reports;
    }
    const program = form.form === 'exec' ? form.argv[0] : form.argv[0];
    if (!program || program.includes('$')) return reports;
    const workdir = effectiveWorkdir(stage, instr) ?? '/';
    // A WASI runtime loads the module as a file (relative to the working directory), not from PATH.
    const wasm = empty && shipsWasm(analysis, file, stage);
    if (!program.includes('/') && !wasm) {
      if (!empty) return reports;
      if (PATH_DIRS.some((d) => mayProvide(stage, `${d}/${program}`))) return reports;
      reports.push({ range: instr.range, message: `${instr.keyword} runs "${program}" from PATH, but ${root.image.raw} contains no programs and nothing copies ${program} into a PATH folder.` });
      return reports;
    }
    const path = norm(program.startsWith('/') ? program : `${workdir}/${program}`);
    if (!empty && SYSTEM_DIRS.test(path)) return reports;
    if (mayProvide(stage, path)) return reports;
    const fromBuilder = stage.copies.find((c) => c.fromStage && c.destination && norm(c.destination.value.startsWith('/') ? c.destination.value : `${effectiveWorkdir(stage, c.instr) ?? '/'}/${c.destination.value}`) === path);
    reports.push({
      range: instr.range,
      message: fromBuilder
        ? `${instr.keyword} runs ${program}, copied from stage "${fromBuilder.fromStage!.name ?? fromBuilder.fromStage!.index}" as ${fromBuilder.sources.map((x) => x.value).join(', ')} (line ${fromBuilder.instr.range.start.line + 1}), but nothing in that stage creates ${fromBuilder.sources.map((x) => x.value).join(', ')}.`
        : `${instr.keyword} runs ${program} (${path}), but nothing in the final stage puts a file there: no COPY/ADD writes it and no RUN creates it.`,
    });
    return reports;
  },
};
