import { dockerfileOf } from '../../analysis';
import { quoteIfNeeded, replaceNode } from '../../compose/edits';
import { findStage } from '../../dockerfile/model';
import type { ComposeRule, Report } from '../../rule';

export const dw302: ComposeRule = {
  code: 'DW302',
  target: 'compose',
  title: 'build.target names a missing stage',
  defaultSeverity: 'error',
  description: '`build.target` must name a stage (`FROM … AS name`) of the Dockerfile the service builds; otherwise the build fails with "target stage could not be found".',
  fixTitles: ['Build stage <name>'],
  check({ file, model, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const target = service.build?.target;
      if (!target || target.value.includes('$')) continue;
      const path = dockerfileOf(file, service.build);
      const dockerfile = path ? analysis.dockerfile(path) : undefined;
      if (!dockerfile || dockerfile.stages.length === 0 || findStage(dockerfile, target.value)) continue;
      const names = dockerfile.stages.map((s) => s.name).filter((n): n is string => !!n);
      reports.push({
        range: target.range,
        message: `${path} has no stage "${target.value}"${names.length ? ` (stages: ${names.join(', ')})` : ' (it has no named stages)'}.`,
        fixes: names.map((n, i) => ({ title: `Build stage ${n}`, isPreferred: i === names.length - 1 && names.length === 1, edits: [{ path: file, edits: [replaceNode(model, target.node, quoteIfNeeded(n))] }] })),
      });
    }
    return reports;
  },
};
