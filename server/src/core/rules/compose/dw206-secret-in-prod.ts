import { interpolate } from '../../compose/interpolate';
import { isSecretName } from '../../compose/knowledge';
import type { EnvVar } from '../../compose/model';
import { isProdEnabled } from '../../compose/services';
import type { ComposeRule, Report } from '../../rule';
import type { TextEdit } from '../../types';

export function requiredRef(name: string): string {
  return `\${${name}:?${name} must be set}`;
}

/** Whether an environment value hard-codes a secret or gives it a default. */
export function hardCodedSecret(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (value.startsWith('/run/secrets/')) return false;
  const result = interpolate(value, () => undefined);
  if (result.uses.length === 0) return true;
  return result.uses.some((u) => (u.operator === ':-' || u.operator === '-') && (u.argument ?? '') !== '');
}

export function requireSecretEdit(env: EnvVar): TextEdit | undefined {
  if (env.form === 'map') return env.valueRange ? { range: env.valueRange, newText: requiredRef(env.name) } : undefined;
  return { range: env.range, newText: `${env.name}=${requiredRef(env.name)}` };
}

export const dw206: ComposeRule = {
  code: 'DW206',
  target: 'compose',
  title: 'Secret hard-coded or defaulted in production',
  defaultSeverity: 'warning',
  description:
    'A secret-like variable (`*_SECRET`, `*_TOKEN`, `*PASSWORD`, `*_API_KEY`…) of a service that runs in production is ' +
    'written in the file or has a default (`${JWT_SECRET:-changeme}`): a deployment that forgets to set it runs with a ' +
    'known value. Require it: `${JWT_SECRET:?JWT_SECRET must be set}` makes Compose stop with that message instead.',
  fixTitles: ['Require <VAR> from the environment'],
  check({ file, model, project }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      if (!isProdEnabled(project, service.name)) continue;
      for (const env of service.environment) {
        if (!isSecretName(env.name) || !hardCodedSecret(env.value)) continue;
        const edit = requireSecretEdit(env);
        reports.push({
          range: env.valueRange ?? env.range,
          message: `${env.name} of "${service.name}" is ${/\$\{/.test(env.value ?? '') ? 'given a default' : 'hard-coded'} in a service that runs in production.`,
          fixes: edit ? [{ title: `Require ${env.name} from the environment`, isPreferred: true, edits: [{ path: file, edits: [edit] }] }] : [],
        });
      }
    }
    return reports;
  },
};
