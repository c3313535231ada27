import { prependToMap } from '../../compose/edits';
import { profileNames } from '../../compose/profiles';
import { splitImage } from '../../dockerfile/model';
import type { ComposeRule, Report } from '../../rule';

export const dw212: ComposeRule = {
  code: 'DW212',
  target: 'compose',
  title: 'Service without profiles next to a profiled twin',
  defaultSeverity: 'warning',
  description:
    'When `postgres-prod` runs in profile `prod`, a `postgres` without `profiles:` starts in every profile — including ' +
    'prod, where it leaks dev infrastructure (published ports, throwaway data) next to the real one. Give it the other profile (e.g. `dev`).',
  fixTitles: ['Add profile <p>'],
  check({ file, model, project }) {
    const reports: Report[] = [];
    const all = profileNames(project.services);
    for (const service of model.services) {
      const merged = project.services.get(service.name);
      if (!merged || merged.profiles.length > 0) continue;
      const twin = [...project.services.values()].find(
        (o) => o.name !== service.name && o.profiles.length > 0 && (new RegExp(`^${service.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[-_]|[-_]${service.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(o.name)) && sameImage(o.image, merged.image) && sameRole(o.data, merged.data),
      );
      if (!twin) continue;
      const other = all.filter((p) => !twin.profiles.includes(p));
      const profile = other[0] ?? (twin.profiles.includes('dev') ? 'local' : 'dev');
      const edit = prependToMap(model, service.node, [`profiles: [${JSON.stringify(profile)}]`]);
      reports.push({
        range: service.keyRange,
        message: `"${service.name}" has no profiles, so it also starts with profile ${twin.profiles.join('/')}, next to its twin "${twin.name}".`,
        fixes: edit ? [{ title: `Add profile ${profile}`, isPreferred: true, edits: [{ path: file, edits: [edit] }] }] : [],
      });
    }
    return reports;
  },
};

function sameImage(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return splitImage(a).name === splitImage(b).name;
}

/**
 * A twin does the same job: the same `command` and `entrypoint`. `appwrite-worker-webhooks` (entrypoint
 * worker-webhooks) and `kibana-genkeys` (a one-off command) share their image with `appwrite`/`kibana` but are
 * other roles, meant to run next to them.
 */
function sameRole(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a.command ?? null) === JSON.stringify(b.command ?? null) && JSON.stringify(a.entrypoint ?? null) === JSON.stringify(b.entrypoint ?? null);
}
