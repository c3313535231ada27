import { isMap, isPair, isScalar, isSeq, type Scalar } from 'yaml';
import { interpolate } from '../../compose/interpolate';
import { enabledServices, profileSets } from '../../compose/profiles';
import type { ComposeRule, Report } from '../../rule';

/**
 * Compose interpolates every service of the file before it drops the ones the active profiles disable (compose v2.26:
 * `required variable X is missing a value`, exit 15; v1.29 interpolates everything too, exit 1). So a `${VAR:?…}` (or
 * `${VAR?…}`) written in a service that only runs in `prod` makes `docker compose --profile dev config`/`up` fail on
 * every machine where VAR is not set, although no dev service uses it.
 */
export const dw213: ComposeRule = {
  code: 'DW213',
  target: 'compose',
  title: 'Required variable breaks profiles that do not run its service',
  defaultSeverity: 'warning',
  description:
    'Compose substitutes variables in the whole file before it applies `--profile`, so `${VAR:?message}` in a service ' +
    'that runs only in `prod` makes `docker compose --profile dev config` and `up` fail (v2: exit 15, v1: exit 1) on a ' +
    'machine where VAR is not set, though no dev service needs it. Put the required value in an `env_file` of that ' +
    'service (Compose v2 reads the env files of enabled services only, and interpolates `${VAR:?…}` inside them), or ' +
    'give the variable a value in `.env`.',
  fixTitles: [],
  check({ model, project }) {
    const reports: Report[] = [];
    if (!model.text.includes('?')) return reports;
    const services = project.services;
    // Profile sets a user actually runs: each profile alone, and no profile when that starts something.
    const sets = profileSets(services).filter((set) => set.length > 0 || enabledServices(services, set).services.length > 0);
    if (sets.length < 2) return reports;
    // Once per set, not once per service and set (quadratic in the number of services).
    const enabledUnder = sets.map((set) => new Set(enabledServices(services, set).services));
    for (const service of model.services) {
      const merged = services.get(service.name);
      if (!merged || merged.profiles.length === 0) continue;
      const failing = sets.filter((_, i) => !enabledUnder[i].has(service.name));
      if (failing.length === 0) continue;
      const command = failing[0].length ? `--profile ${failing[0][0]} ` : '';
      eachScalar(service.node, (node) => {
        if (typeof node.value !== 'string' || !node.value.includes('?') || !node.range) return;
        const value = node.value;
        const result = interpolate(value, (name) => project.env.get(name));
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
        const start = node.range[0] + quoted;
        const exact = model.text.slice(start, start + value.length) === value;
        for (const use of result.uses) {
          if (use.operator !== ':?' && use.operator !== '?') continue;
          const set = project.env.get(use.name);
          if (set !== undefined && (use.operator === '?' || set !== '')) continue;
          const range = exact
            ? { start: model.lines.positionAt(start + use.start), end: model.lines.positionAt(start + use.end) }
            : { start: model.lines.positionAt(node.range[0]), end: model.lines.positionAt(node.range[1]) };
          reports.push({
            range,
            message:
              `${use.name} is required here, and Compose checks it even where "${service.name}" does not run: ` +
              `\`docker compose ${command}config\` and \`up\` fail unless ${use.name} is set. ` +
              `Move it to an env_file of "${service.name}" or give it a value in .env.`,
            fixes: [],
          });
        }
      });
    }
    return reports;
  },
};

function eachScalar(node: unknown, fn: (node: Scalar) => void): void {
  if (isScalar(node)) fn(node);
  else if (isPair(node)) {
    eachScalar(node.value, fn);
  } else if (isMap(node) || isSeq(node)) for (const item of node.items as unknown[]) eachScalar(item, fn);
}
