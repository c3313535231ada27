import { describeShellLimit } from '../../dockerfile/shell';
import type { DockerfileRule, Report } from '../../rule';

export const dw093: DockerfileRule = {
  code: 'DW093',
  target: 'dockerfile',
  title: 'RUN not analysed (over the shell-analysis limit)',
  defaultSeverity: 'info',
  description:
    'Dockwright parses every `RUN` script to find package installs, builds and downloads, but bounds that work so a huge ' +
    'or hostile Dockerfile cannot stall the editor. A `RUN` over one of those limits is not analysed: the rules that read ' +
    'shell commands (package-manager leftovers, cache mounts, build flags, missing programs…) say nothing about it. This ' +
    'finding says so, instead of passing it silently.',
  fixTitles: [],
  check({ model }) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      for (const run of stage.runs) {
        if (!run.parseLimit) continue;
        reports.push({
          range: run.instr.node.getInstructionRange(),
          message: `This RUN was not analysed: it is over Dockwright's shell-analysis limit (${describeShellLimit(run.parseLimit)}), so the rules that read its commands did not check it.`,
        });
      }
    }
    return reports;
  },
};
