import type { Stage } from '../../dockerfile/model';
import { stageLineage } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import { monolithInfo } from '../../split/detect';
import { insertAt } from '../../text';
import type { TextEdit } from '../../types';
import { addPackagesEdit } from './packageEdits';

function installedIn(stage: Stage): Set<string> {
  return new Set(stageLineage(stage).flatMap((s) => s.installs.flatMap((i) => i.packages.map((p) => p.value.replace(/[=<>~].*$/, '')))));
}

export const dw103: DockerfileRule = {
  code: 'DW103',
  target: 'dockerfile',
  title: 'cgo program without its runtime library',
  defaultSeverity: 'error',
  description:
    'A program built with cgo links shared libraries (built against `libwebp-dev`, it needs `libwebp` at run time). ' +
    'When the stage that runs it does not install that library, the binary fails to start with a "not found" ' +
    'loader error. The library names come from the cgo table (`core/data/cgo-modules.json`, extendable with `cgoModules`).',
  fixTitles: ['Install the runtime library in the final stage'],
  check({ file, model, analysis }) {
    const info = monolithInfo(analysis, file, model);
    const reports: Report[] = [];
    for (const program of info.discovery.programs) {
      if (program.cgo !== true || !program.runtimePackages.size) continue;
      for (const copy of program.copies) {
        const stage = copy.stage;
        if (stage.distro !== 'alpine' && stage.distro !== 'debian') continue;
        const builder = program.builds[0].build.stage;
        if (stageLineage(stage).includes(builder)) continue;
        const manager = stage.distro === 'alpine' ? 'apk' : 'apt';
        const builderManager = builder.distro === 'alpine' ? 'apk' : 'apt';
        if (manager !== builderManager) continue;
        const have = installedIn(stage);
        const missing = [...program.runtimePackages].filter((p) => !have.has(p));
        if (!missing.length) continue;
        const install = stage.installs.find((i) => i.manager === manager && i.packages.length);
        let edit: TextEdit;
        if (install) edit = addPackagesEdit(install, missing);
        else {
          const line =
            manager === 'apk'
              ? `RUN apk add --no-cache ${missing.join(' ')}`
              : `RUN apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')} && rm -rf /var/lib/apt/lists/*`;
          edit = insertAt({ line: stage.from.range.end.line + 1, character: 0 }, line + model.lines.eol);
        }
        reports.push({
          range: copy.instr.range,
          message: `${program.name} is built with cgo and links ${missing.join(', ')}, but this stage does not install ${missing.length === 1 ? 'it' : 'them'}: the binary will not start.`,
          fixes: [{ title: `Install ${missing.join(' ')} in this stage`, isPreferred: true, edits: [{ path: file, edits: [edit] }] }],
        });
      }
    }
    return reports;
  },
};
