import { serviceDockerfile } from '../../compose/services';
import { effectiveInstruction, stageLineage, type Stage } from '../../dockerfile/model';
import type { ComposeRule, Report } from '../../rule';
import { joinPath } from '../../workspace';
import { commandArgv } from '../compose/dw203-redundant-command';

function resolveIn(workdir: string, path: string): string {
  return '/' + (joinPath(path.startsWith('/') ? '/' : workdir, path) ?? path.replace(/^\//, ''));
}

/** Absolute paths the stage (with its parents) puts files at, as far as COPY/ADD/RUN tell; undefined when unknowable. */
function providedPaths(stage: Stage): { exact: Set<string>; dirs: Set<string> } | undefined {
  const exact = new Set<string>();
  const dirs = new Set<string>();
  for (const s of [...stageLineage(stage)].reverse()) {
    let workdir = '/';
    for (const instr of s.instructions) {
      if (instr.keyword === 'WORKDIR') workdir = resolveIn(workdir, instr.argsText.trim());
      if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        const text = instr.argsText.trim();
        let parts: string[];
        if (text.startsWith('[')) {
          try {
            parts = JSON.parse(text);
          } catch {
            return undefined;
          }
        } else parts = text.split(/\s+/).filter((p) => !p.startsWith('--'));
        if (parts.length < 2) continue;
        const dest = parts[parts.length - 1];
        const absDest = resolveIn(workdir, dest);
        if (dest.endsWith('/') || parts.length > 2 || dest === '.' || dest === './') {
          dirs.add(absDest.replace(/\/$/, '') || '/');
          for (const src of parts.slice(0, -1)) exact.add(`${absDest.replace(/\/$/, '')}/${src.split('/').filter(Boolean).pop()}`);
        } else exact.add(absDest);
        // `COPY . .` and friends bring an unknown set of files.
        if (parts.slice(0, -1).some((p) => p === '.' || p.endsWith('/') || p.includes('*'))) dirs.add(absDest.replace(/\/$/, '') || '/');
      }
      // A RUN in the runtime stage may create anything (downloads, builds, moves): we cannot tell what exists.
      if (instr.keyword === 'RUN' && /(\s-o\s|--output|>|\bmv\b|\bcp\b|\bln\b|\binstall\b|curl|wget|\bbuild\b|tar|unzip)/.test(instr.argsText)) return undefined;
    }
  }
  return { exact, dirs };
}

export const dw305: ComposeRule = {
  code: 'DW305',
  target: 'compose',
  title: 'command runs a program the image does not contain',
  defaultSeverity: 'error',
  description:
    '`command:` or `entrypoint:` names a program by path (`./worker`, `/app/bin/x`) that the image never gets: no COPY ' +
    'puts it there. Typical after a Dockerfile split, when the service now builds an image that contains only another program.',
  fixTitles: [],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const spec = service.entrypoint ?? service.command;
      if (!spec) continue;
      const image = serviceDockerfile(analysis, project, file, service.name);
      if (!image) continue;
      if (!service.entrypoint && effectiveInstruction(image.stage, 'ENTRYPOINT')) continue;
      const program = commandArgv(spec.value)[0];
      if (!program || !/^(\.{1,2}\/|\/)/.test(program) || program.includes('$')) continue;
      const base = stageLineage(image.stage).pop()!;
      if (base.distro !== 'scratch' && base.distro !== 'distroless' && !/^\.{1,2}\//.test(program)) continue;
      const provided = providedPaths(image.stage);
      if (!provided) continue;
      let workdir = '/';
      for (const s of [...stageLineage(image.stage)].reverse()) for (const i of s.instructions) if (i.keyword === 'WORKDIR') workdir = resolveIn(workdir, i.argsText.trim());
      const abs = resolveIn(workdir, program);
      const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
      if (provided.exact.has(abs) || provided.dirs.has(dir)) continue;
      reports.push({ range: spec.range, message: `"${service.name}" runs ${program} (${abs}), but ${image.dockerfilePath} never puts a file there.` });
    }
    return reports;
  },
};
