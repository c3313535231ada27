import { healthcheckArgv } from '../../compose/model';
import { flowList, installedPackages, serviceDockerfile, stageHasTool } from '../../compose/services';
import type { ComposeRule, Report } from '../../rule';
import type { Fix } from '../../types';
import { insertInStage } from './dockerfileEdits';

const PROBES = new Set(['curl', 'wget']);

export const dw303: ComposeRule = {
  code: 'DW303',
  target: 'compose',
  title: 'Healthcheck uses a tool the image lacks',
  defaultSeverity: 'error',
  description:
    'A compose healthcheck runs inside the container. If its program (`curl` on plain Alpine or Debian slim, anything on ' +
    'distroless/scratch) is not in the image, the check always fails and the service never becomes healthy. Switch to a ' +
    'tool the image has (busybox `wget` on Alpine) or install it.',
  fixTitles: ['Use <tool> instead', 'Install <tool> in <Dockerfile>'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const hc = service.healthcheck;
      if (!hc || hc.disabled || !hc.testRange) continue;
      const argv = healthcheckArgv(hc.test);
      const tool = argv[0];
      if (!tool || tool.includes('$')) continue;
      const image = serviceDockerfile(analysis, project, file, service.name);
      if (!image || stageHasTool(image.stage, tool) !== false) continue;
      const fixes: Fix[] = [];
      const url = argv.find((a) => /^https?:\/\//.test(a));
      const name = tool.split('/').pop()!;
      if (PROBES.has(name) && url) {
        const other = name === 'curl' ? 'wget' : 'curl';
        if (stageHasTool(image.stage, other) === true) {
          const test = other === 'wget' ? ['CMD', 'wget', '-qO-', url] : ['CMD', 'curl', '-fsS', url];
          fixes.push({ title: `Use ${other} instead`, isPreferred: true, edits: [{ path: file, edits: [{ range: hc.testRange, newText: flowList(test) }] }] });
        }
      }
      const distro = image.stage.distro;
      if ((distro === 'alpine' || distro === 'debian') && /^[a-z0-9][a-z0-9.+-]*$/.test(name) && !installedPackages(image.stage).has(name)) {
        const line = distro === 'alpine' ? `RUN apk add --no-cache ${name}` : `RUN apt-get update && apt-get install -y --no-install-recommends ${name} && rm -rf /var/lib/apt/lists/*`;
        fixes.push({ title: `Install ${name} in ${image.dockerfilePath}`, edits: [{ path: image.dockerfilePath, edits: [insertInStage(image.dockerfile, image.stage, [line], true)] }] });
      }
      reports.push({
        range: hc.testRange,
        message: `The healthcheck of "${service.name}" runs ${name}, which ${image.dockerfilePath} (${distro} based) does not contain.`,
        fixes,
      });
    }
    return reports;
  },
};
