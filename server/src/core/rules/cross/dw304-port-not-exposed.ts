import { exposedPorts, serviceDockerfile } from '../../compose/services';
import type { ComposeRule, Report } from '../../rule';
import type { TextEdit } from '../../types';
import { insertInStage } from './dockerfileEdits';

export const dw304: ComposeRule = {
  code: 'DW304',
  target: 'compose',
  title: 'Published port not exposed by the image',
  defaultSeverity: 'warning',
  description:
    'The service publishes a container port that its image does not `EXPOSE`. Usually the program listens on another ' +
    'port (the mapping leads nowhere) or the Dockerfile forgot to document it; tools that read EXPOSE (healthcheck fixes, ' +
    'proxies) then miss it. Add `EXPOSE`.',
  fixTitles: ['EXPOSE <port> in <Dockerfile>'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      if (service.ports.length === 0) continue;
      const image = serviceDockerfile(analysis, project, file, service.name);
      if (!image) continue;
      const exposed = new Set(exposedPorts(image.stage));
      for (const port of service.ports) {
        const target = port.target.split('-')[0];
        if (!/^\d+$/.test(target) || exposed.has(target)) continue;
        const expose = image.stage.instructions.filter((i) => i.keyword === 'EXPOSE').pop();
        const inStage = expose && image.stage.instructions.includes(expose);
        const edit: TextEdit = inStage ? { range: { start: expose!.range.end, end: expose!.range.end }, newText: ` ${target}` } : insertInStage(image.dockerfile, image.stage, [`EXPOSE ${target}`], false);
        reports.push({
          range: port.range,
          message: `"${service.name}" publishes container port ${target}, but ${image.dockerfilePath} does not EXPOSE it${exposed.size ? ` (it exposes ${[...exposed].join(', ')})` : ''}.`,
          fixes: [{ title: `EXPOSE ${target} in ${image.dockerfilePath}`, isPreferred: true, edits: [{ path: image.dockerfilePath, edits: [edit] }] }],
        });
      }
    }
    return reports;
  },
};
