import { appendToMap, indentStep } from '../../compose/edits';
import { findDefinition, healthcheckLines, imageHasHealthcheck, serviceDockerfile, suggestHealthcheck } from '../../compose/services';
import type { ComposeRule, Report } from '../../rule';
import type { Fix } from '../../types';

export const dw208: ComposeRule = {
  code: 'DW208',
  target: 'compose',
  title: 'service_healthy on a service without a healthcheck',
  defaultSeverity: 'error',
  description:
    '`depends_on: {condition: service_healthy}` waits for the dependency\'s healthcheck. When neither the compose ' +
    'service nor its image defines one, Compose fails ("container is unhealthy"/"has no healthcheck configured"). ' +
    'Add a healthcheck that fits the image: `pg_isready` for Postgres, `redis-cli ping` for Redis, an HTTP probe on the exposed port for apps.',
  fixTitles: ['Add a healthcheck to <service>'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      for (const dep of service.dependsOn) {
        if (dep.condition !== 'service_healthy') continue;
        const target = project.services.get(dep.name);
        if (!target || target.healthcheck) continue;
        const def = findDefinition(analysis, project, dep.name);
        const image = def ? serviceDockerfile(analysis, project, def.file, dep.name) : undefined;
        if (imageHasHealthcheck(image)) continue;
        if (!image && !target.image) continue;
        const fixes: Fix[] = [];
        const test = target.healthcheckDisabled ? undefined : suggestHealthcheck(project, target, image);
        if (def && test && !def.service.keys.has('healthcheck')) {
          const edit = appendToMap(def.model, def.service.node, healthcheckLines(test, indentStep(def.model)));
          if (edit) fixes.push({ title: `Add a healthcheck to ${dep.name}`, isPreferred: true, edits: [{ path: def.file, edits: [edit] }] });
        }
        reports.push({
          range: dep.range,
          message: `"${service.name}" waits for "${dep.name}" to be healthy, but "${dep.name}" has no healthcheck${target.healthcheckDisabled ? ' (it is disabled)' : ''} in compose or in its image.`,
          fixes,
        });
      }
    }
    return reports;
  },
};
