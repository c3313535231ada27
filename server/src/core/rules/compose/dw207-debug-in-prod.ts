import { deleteLines, removeItem, removePair } from '../../compose/edits';
import { debugSetting } from '../../compose/knowledge';
import type { ComposeModel, ComposeService, EnvVar } from '../../compose/model';
import { prodEvidence, wireProfilesFix } from '../../compose/services';
import type { ComposeRule, Report } from '../../rule';
import type { Fix, TextEdit } from '../../types';

export function removeEnvEdit(model: ComposeModel, service: ComposeService, env: EnvVar): TextEdit | undefined {
  const environmentNode = service.environmentNode;
  // An empty `environment:` is null, which the schema rejects: drop the whole key with its last entry.
  const whole = service.keys.get('environment');
  if (service.environment.length === 1 && whole && !whole.merged) return removePair(model, whole.pair);
  if (env.form === 'map' && env.pair) return removePair(model, env.pair);
  if (env.form === 'list') return removeItem(model, environmentNode as any, env.node) ?? deleteLines(model, env.range.start.line, env.range.end.line);
  return undefined;
}

export function setEnvEdit(env: EnvVar, value: string): TextEdit | undefined {
  if (env.form === 'map') return env.valueRange ? { range: env.valueRange, newText: value } : undefined;
  return { range: env.range, newText: `${env.name}=${value}` };
}

export const dw207: ComposeRule = {
  code: 'DW207',
  target: 'compose',
  title: 'Debug setting in production',
  defaultSeverity: 'warning',
  description:
    'Debug switches (`DEBUG=true`, `NODE_ENV=development`, `GIN_MODE=debug`, `FLASK_ENV=development`…) in a service that ' +
    'runs in production leak stack traces and internals and often disable caching and security checks. Remove them or set the production value. ' +
    'A warning when production is known (a prod-like profile, a file named for production, or a `-f` set with one); info ' +
    'when it is only assumed (no profiles); not reported in test, CI and development stacks.',
  fixTitles: ['Set <VAR>=<production value>', 'Remove <VAR>'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const prod = prodEvidence(analysis, project, file, service.name);
      if (!prod) continue;
      for (const env of service.environment) {
        const setting = debugSetting(env.name, env.value);
        if (!setting) continue;
        const fixes: Fix[] = [];
        if (setting.production) {
          const edit = setEnvEdit(env, setting.production);
          if (edit) fixes.push({ title: `Set ${env.name}=${setting.production}`, isPreferred: true, edits: [{ path: file, edits: [edit] }] });
        }
        const removal = removeEnvEdit(model, service, env);
        if (removal) fixes.push({ title: `Remove ${env.name}`, isPreferred: !setting.production, edits: [{ path: file, edits: [removal] }] });
        if (!prod.known) fixes.push(...wireProfilesFix(project, file));
        // Production only assumed (no prod profile, no prod file): advice; a dev stack sets these on purpose.
        reports.push({ range: env.range, severity: prod.known ? undefined : 'info', message: `${env.name}=${env.value} turns on debug behaviour in "${service.name}", which runs ${prod.where}.`, fixes });
      }
    }
    return reports;
  },
};
