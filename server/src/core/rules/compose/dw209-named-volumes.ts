import { addTopLevelEntry, deleteLines, removePair } from '../../compose/edits';
import type { ComposeRule, Report } from '../../rule';

/** Named volumes the project's services use (sources that are not paths). */
export function usedVolumeNames(data: Record<string, unknown>): Set<string> {
  const used = new Set<string>();
  for (const service of Object.values((data.services ?? {}) as Record<string, any>)) {
    for (const v of Array.isArray(service?.volumes) ? service.volumes : []) {
      if (typeof v === 'string') {
        const parts = v.split(':');
        if (parts.length > 1 && !/^[.~/\\$]/.test(parts[0]) && !/^[A-Za-z]$/.test(parts[0])) used.add(parts[0]);
      } else if (v && typeof v === 'object' && (v.type ?? 'volume') === 'volume' && typeof v.source === 'string') used.add(v.source);
    }
  }
  return used;
}

export const dw209: ComposeRule = {
  code: 'DW209',
  target: 'compose',
  title: 'Named volume not declared, or declared and unused',
  defaultSeverity: 'warning',
  description:
    'A named volume a service mounts must be declared under the top-level `volumes:` (Compose refuses an undeclared one), ' +
    'and a declared volume that no service mounts is dead configuration (often left behind after renaming). Declare or remove it.',
  fixTitles: ['Declare volume <name>', 'Remove unused volume <name>'],
  check({ file, model, project }) {
    const reports: Report[] = [];
    const declared = new Set(Object.keys((project.data.volumes ?? {}) as Record<string, unknown>));
    const used = usedVolumeNames(project.data);
    const reported = new Set<string>();
    for (const service of model.services) {
      for (const volume of service.volumes) {
        if (volume.type !== 'volume' || !volume.source || declared.has(volume.source) || volume.source.includes('$')) continue;
        const first = !reported.has(volume.source);
        reported.add(volume.source);
        reports.push({
          range: volume.range,
          message: `Volume "${volume.source}" is not declared under the top-level volumes:.`,
          fixes: first ? [{ title: `Declare volume ${volume.source}`, isPreferred: true, edits: [{ path: file, edits: [addTopLevelEntry(model, 'volumes', model.volumesNode, volume.source)] }] }] : [],
        });
      }
    }
    for (const volume of model.volumes) {
      if (used.has(volume.name) || volume.external) continue;
      const onlyOne = model.volumes.length === 1;
      const sectionPair = (model.doc.contents as any)?.items?.find((p: any) => p.key?.value === 'volumes');
      const edit = onlyOne && sectionPair ? removePair(model, sectionPair) : removePair(model, volume.pair);
      reports.push({
        range: volume.range,
        message: `Volume "${volume.name}" is declared but no service mounts it.`,
        fixes: [{ title: `Remove unused volume ${volume.name}`, isPreferred: true, edits: [{ path: file, edits: [edit ?? deleteLines(model, volume.range.start.line, volume.range.end.line)] }] }],
      });
    }
    return reports;
  },
};
