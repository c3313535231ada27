import type { WordRef } from '../../dockerfile/model';
import { isBuildOnlyPackage } from '../../golang/cgoTable';
import type { DockerfileRule, Report } from '../../rule';
import { monolithInfo } from '../../split/detect';
import { removePackagesEdits } from './packageEdits';

/** Commands that may compile C themselves, so a C toolchain in their stage may be needed for them. */
const OTHER_COMPILERS = /^(?:make|cmake|gcc|cc|g\+\+|clang|npm|yarn|pnpm|node-gyp|pip[0-9.]*|python[0-9.]*|cargo|rustc|configure|\.\/configure|meson|ninja|bundle|gem|cpanm|R|Rscript|go-task|task)$/;

export const dw102: DockerfileRule = {
  code: 'DW102',
  target: 'dockerfile',
  title: 'C build packages installed but not needed',
  defaultSeverity: 'warning',
  description:
    'A stage installs a C toolchain or headers (`build-base`, `gcc`, `*-dev`…) but every Go build in it runs with ' +
    '`CGO_ENABLED=0`, or none of the programs it builds reaches `import "C"` or a cgo module. The packages only slow the ' +
    'build and grow the cache. Not reported when the stage runs other tools that may compile C (make, npm, pip, cargo…).',
  fixTitles: ['Remove the unneeded build packages'],
  check({ file, model, analysis }) {
    const info = monolithInfo(analysis, file, model);
    if (!info) return [];
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const goBuilds = info.discovery.builds.filter((b) => b.tool === 'go' && b.stage === stage);
      if (!goBuilds.length) continue;
      if (stage.runs.some((r) => r.exec || r.parseError)) continue;
      const otherTools = stage.runs.flatMap((r) => r.commands).some((c) => OTHER_COMPILERS.test((c.words[0]?.value ?? '').split('/').pop()!) && !goBuilds.some((b) => b.command === c));
      if (otherTools) continue;
      const programs = info.discovery.programs.filter((p) => p.builds.some((b) => b.build.stage === stage));
      const allOff = goBuilds.every((b) => b.cgoEnabled?.value === '0');
      // With CGO_ENABLED=1 spelled out, even pure Go links runtime/cgo and needs the C toolchain.
      const nonePure = programs.length > 0 && programs.every((p) => p.cgo === false) && goBuilds.every((b) => b.cgoEnabled?.value !== '1');
      if (!allOff && !nonePure) continue;
      const why = allOff ? 'every go build in this stage runs with CGO_ENABLED=0' : `${programs.map((p) => p.name).join(', ')} ${programs.length === 1 ? 'is' : 'are'} pure Go (no import "C", no cgo module reached)`;
      for (const install of stage.installs) {
        if (install.manager !== 'apk' && install.manager !== 'apt') continue;
        const unneeded: WordRef[] = install.packages.filter((p) => isBuildOnlyPackage(p.value));
        if (!unneeded.length) continue;
        const edits = removePackagesEdits(model, install, unneeded);
        reports.push({
          range: { start: unneeded[0].range.start, end: unneeded[unneeded.length - 1].range.end },
          message: `${unneeded.map((w) => w.value).join(', ')} ${unneeded.length === 1 ? 'is' : 'are'} installed to compile C, but ${why}.`,
          fixes: edits ? [{ title: 'Remove the unneeded build packages', isPreferred: true, edits: [{ path: file, edits }] }] : [],
        });
      }
    }
    return reports;
  },
};
