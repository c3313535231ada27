import { isMap, isSeq, type Node } from 'yaml';
import { appendToMap, appendToSeq, indentStep, prependToMap, quoteIfNeeded, replaceNode, replaceRange } from '../../compose/edits';
import type { ComposeModel, ComposeService, Dependency } from '../../compose/model';
import { entries, entry } from '../../compose/yamlNodes';
import { enabledServices, isEnabled, profileSets } from '../../compose/profiles';
import { findDefinition } from '../../compose/services';
import type { ComposeRule, Report } from '../../rule';
import type { Fix, TextEdit } from '../../types';

/**
 * `required: false` on this dependency (long syntax; a short list is rewritten to it, each entry keeping
 * `condition: service_started`, which is what the short form means). Undefined when the YAML shape is not one we
 * can edit safely (flow mappings, entries that come from an anchor).
 */
function optionalDependencyEdit(model: ComposeModel, service: ComposeService, dep: Dependency): TextEdit | undefined {
  const own = service.keys.get('depends_on');
  if (!own || own.merged || !own.value || !own.keyNode.range) return undefined;
  const list = own.value;
  if (isMap(list)) {
    if (list.flow) return undefined;
    const item = entries(model.doc, list).find((e) => e.key === dep.name && !e.merged);
    if (!item || !isMap(item.value) || item.value.flow) return undefined;
    const required = entry(model.doc, item.value, 'required');
    if (required?.value) return replaceNode(model, required.value as Node, 'false');
    return appendToMap(model, item.value, ['required: false']);
  }
  if (!isSeq(list) || !list.range || service.dependsOn.some((d) => d.form !== 'list')) return undefined;
  const keyStart = model.lines.positionAt(own.keyNode.range[0]);
  // The key must start its line (not `{ depends_on: [...] }` or `- depends_on:` shapes).
  if (model.lines.lineText(keyStart.line).slice(0, keyStart.character).trim() !== '') return undefined;
  let end = list.range[1];
  while (end > list.range[0] && /\s/.test(model.text[end - 1])) end--;
  const step = ' '.repeat(indentStep(model));
  const pad = ' '.repeat(keyStart.character);
  const lines = ['depends_on:'];
  for (const d of service.dependsOn) {
    lines.push(`${pad}${step}${quoteIfNeeded(d.name)}:`, `${pad}${step}${step}condition: service_started`);
    if (d.name === dep.name) lines.push(`${pad}${step}${step}required: false`);
  }
  return replaceRange({ start: keyStart, end: model.lines.positionAt(end) }, lines.join(model.lines.eol));
}

function describe(set: string[]): string {
  return set.length ? `with profile "${set[0]}"` : 'with no profile active';
}

/** A service that stands in for `name` under these profiles: `name-prod`, `name_prod`, `prod-name`. */
export function twinFor(names: Iterable<string>, name: string, profile: string): string | undefined {
  const candidates = [`${name}-${profile}`, `${name}_${profile}`, `${profile}-${name}`, `${profile}_${name}`];
  for (const n of names) if (candidates.includes(n)) return n;
  return undefined;
}

export const dw204: ComposeRule = {
  code: 'DW204',
  target: 'compose',
  title: 'depends_on a service that is not enabled',
  defaultSeverity: 'error',
  description:
    'With profiles, `depends_on` never starts a service whose profiles are not active: Compose fails with ' +
    '"depends on undefined service" instead. Every profile set that enables the dependant must also enable the ' +
    'dependency — add the profile to it, or point at the profile\'s twin (e.g. `postgres-prod`). `required: false` ' +
    '(Compose v2.20+) makes the dependency optional instead.',
  fixTitles: ['Depend on <twin> instead', 'Add profile <p> to <dependency>', 'Enable <service> only with profile <p>', 'Make <dependency> optional (required: false, Compose v2.20+)'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    const sets = profileSets(project.services);
    // One selection per profile set, not per dependency.
    const missingUnder = sets.map((set) => new Set(enabledServices(project.services, set).missing.map((m) => `${m.service}\u0000${m.dependency}`)));
    for (const service of model.services) {
      const merged = project.services.get(service.name);
      if (!merged) continue;
      for (const dep of service.dependsOn) {
        if (!dep.required) continue;
        const mergedDep = merged.dependsOn.find((d) => d.name === dep.name);
        if (mergedDep && !mergedDep.required) continue;
        const target = project.services.get(dep.name);
        const failing = sets.find((set, i) => isEnabled(merged, new Set(set)) && missingUnder[i].has(`${service.name}\u0000${dep.name}`));
        if (!failing) continue;
        if (!target) {
          // An overlay checked alone: the dependency may well be defined by the files it is combined with.
          if (project.partial) continue;
          reports.push({ range: dep.range, message: `"${service.name}" depends on "${dep.name}", which is not defined.` });
          continue;
        }
        const fixes: Fix[] = [];
        const twin = failing.length ? twinFor(project.services.keys(), dep.name, failing[0]) : undefined;
        if (twin && isEnabled(project.services.get(twin)!, new Set(failing))) {
          fixes.push({ title: `Depend on ${twin} instead`, isPreferred: true, edits: [{ path: file, edits: [replaceNode(model, dep.node, twin)] }] });
        }
        const def = findDefinition(analysis, project, dep.name);
        const addProfiles = merged.profiles.filter((p) => !target.profiles.includes(p));
        if (def && merged.profiles.length > 0 && addProfiles.length > 0 && def.service.profilesNode) {
          const edits = [];
          for (const p of addProfiles) {
            const e = appendToSeq(def.model, def.service.profilesNode, p);
            if (e) edits.push(e);
          }
          // Several inserts at one spot would overlap: join them into one.
          if (edits.length === addProfiles.length && edits.length > 0) {
            const joined = edits.length === 1 ? edits[0] : { range: edits[0].range, newText: edits.map((e) => e.newText).join('') };
            fixes.push({ title: `Add profile ${addProfiles.join(', ')} to ${dep.name}`, edits: [{ path: def.file, edits: [joined] }] });
          }
        }
        if (merged.profiles.length === 0 && target.profiles.length > 0 && !service.profilesNode) {
          const edit = prependToMap(model, service.node, [`profiles: [${target.profiles.map((p) => JSON.stringify(p)).join(', ')}]`]);
          if (edit) fixes.push({ title: `Enable ${service.name} only with profile ${target.profiles.join(', ')}`, edits: [{ path: file, edits: [edit] }] });
        }
        // docker-compose v1 rejects `required`; a file that still declares `version:` is probably meant for it too.
        const optional = entry(model.doc, model.doc.contents, 'version') ? undefined : optionalDependencyEdit(model, service, dep);
        if (optional) fixes.push({ title: `Make ${dep.name} optional (required: false, Compose v2.20+)`, edits: [{ path: file, edits: [optional] }] });
        reports.push({
          range: dep.range,
          message: `"${service.name}" depends on "${dep.name}", but ${describe(failing)} "${service.name}" starts and "${dep.name}" does not (profiles: ${target.profiles.join(', ')}). Compose refuses to start it.`,
          fixes,
        });
      }
    }
    return reports;
  },
};
