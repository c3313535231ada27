import { interpolate } from '../../compose/interpolate';
import { isSecretName } from '../../compose/knowledge';
import type { EnvVar } from '../../compose/model';
import { prodEvidence, wireProfilesFix } from '../../compose/services';
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

/**
 * A literal password inside a connection URL (`postgres://photos:photos@postgres:5432/…`): its offsets in `value`
 * and the variable to require instead: the URL's host service's secret-like variable with that value (`POSTGRES_PASSWORD:
 * photos` on the database) or its only one, else any secret-like variable of the file with that value.
 */
export function urlPassword(value: string, services: { name: string; environment: EnvVar[] }[]): { start: number; end: number; password: string; variable?: string } | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@/\s]+)@([^:/?#\s]+)/i.exec(value);
  if (!m || m[1].includes('$')) return undefined;
  const start = m[0].length - m[2].length - 1 - m[1].length;
  // Else the one secret-like variable of the service the URL points at (the database's password, already required).
  const hostSecrets = services.find((s) => s.name === m[2])?.environment.filter((e) => isSecretName(e.name)) ?? [];
  const variable =
    hostSecrets.find((e) => e.value === m[1])?.name ??
    (hostSecrets.length === 1 ? hostSecrets[0].name : undefined) ??
    services.flatMap((s) => s.environment).find((e) => isSecretName(e.name) && e.value === m[1])?.name;
  return { start, end: start + m[1].length, password: m[1], variable };
}

export const dw206: ComposeRule = {
  code: 'DW206',
  target: 'compose',
  title: 'Secret hard-coded or defaulted in production',
  defaultSeverity: 'warning',
  description:
    'A secret-like variable (`*_SECRET`, `*_TOKEN`, `*PASSWORD`, `*_API_KEY`…) of a service that runs in production is ' +
    'written in the file or has a default (`${JWT_SECRET:-changeme}`): a deployment that forgets to set it runs with a ' +
    'known value. Require it: `${JWT_SECRET:?JWT_SECRET must be set}` makes Compose stop with that message instead. ' +
    'A password written inside a connection URL (`DATABASE_URL: postgres://app:secret@db/app`) is the same secret, ' +
    'repeated: require it there too (the fix uses the database\'s own variable when it has the same value). A warning when ' +
    'production is known (a prod-like profile, a file named for production, or a `-f` set with one); info when it is only ' +
    'assumed (no profiles); not reported in test, CI and development stacks.',
  fixTitles: ['Require <VAR> from the environment'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const prod = prodEvidence(analysis, project, file, service.name);
      if (!prod) continue;
      // Production only assumed (no prod profile, no prod file): advice, with the wiring that makes it known.
      const severity = prod.known ? undefined : ('info' as const);
      const wire = prod.known ? [] : wireProfilesFix(project, file);
      for (const env of service.environment) {
        const inUrl = !isSecretName(env.name) && env.value ? urlPassword(env.value, model.services) : undefined;
        if (inUrl && env.valueRange && env.valueRange.start.line === env.valueRange.end.line) {
          const text = model.text.slice(model.lines.offsetAt(env.valueRange.start), model.lines.offsetAt(env.valueRange.end));
          const quoted = text.startsWith('"') || text.startsWith("'") ? 1 : 0;
          const at = env.form === 'list' ? env.name.length + 1 : 0;
          const exact = text.slice(quoted + at, quoted + at + env.value!.length) === env.value;
          const range = exact
            ? { start: { line: env.valueRange.start.line, character: env.valueRange.start.character + quoted + at + inUrl.start }, end: { line: env.valueRange.start.line, character: env.valueRange.start.character + quoted + at + inUrl.end } }
            : env.valueRange;
          const fixes = exact && inUrl.variable ? [{ title: `Require ${inUrl.variable} in ${env.name}`, isPreferred: true, edits: [{ path: file, edits: [{ range, newText: requiredRef(inUrl.variable) }] }] }] : [];
          reports.push({ range, severity, message: `${env.name} of "${service.name}" has its password written in the URL, in a service that runs ${prod.where}.`, fixes: [...fixes, ...wire] });
          continue;
        }
        if (!isSecretName(env.name) || !hardCodedSecret(env.value)) continue;
        const edit = requireSecretEdit(env);
        reports.push({
          range: env.valueRange ?? env.range,
          severity,
          message: `${env.name} of "${service.name}" is ${/\$\{/.test(env.value ?? '') ? 'given a default' : 'hard-coded'} in a service that runs ${prod.where}.`,
          fixes: [...(edit ? [{ title: `Require ${env.name} from the environment`, isPreferred: true, edits: [{ path: file, edits: [edit] }] }] : []), ...wire],
        });
      }
    }
    return reports;
  },
};
