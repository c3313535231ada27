import { interpolate } from '../../compose/interpolate';
import { enabledServices, profileSets } from '../../compose/profiles';
import type { ComposeRule, Report } from '../../rule';

/** `ip|port/protocol` keys of a service's published ports (ranges expanded up to 100 ports). */
export function publishedKeys(ports: unknown[], env: Map<string, string>): string[] {
  const out: string[] = [];
  for (const p of ports) {
    let ip = '';
    let published = '';
    let protocol = 'tcp';
    if (p && typeof p === 'object') {
      const o = p as Record<string, unknown>;
      ip = String(o.host_ip ?? '');
      published = String(o.published ?? '');
      protocol = String(o.protocol ?? 'tcp');
    } else {
      const m = /^(?:(?:\[([^\]]+)\]|([0-9]+(?:\.[0-9]+){3})):)?(?:([^:]*):)?([^:/]+)(?:\/(\w+))?$/.exec(interpolate(String(p), (n) => env.get(n)).value);
      if (!m || !m[3]) continue;
      ip = m[1] ?? m[2] ?? '';
      published = m[3];
      protocol = m[5] ?? 'tcp';
    }
    const range = /^(\d+)-(\d+)$/.exec(published);
    const numbers = range ? Array.from({ length: Math.min(100, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => String(Number(range[1]) + i)) : [published];
    for (const n of numbers) if (/^\d+$/.test(n)) out.push(`${ip === '0.0.0.0' ? '' : ip}|${n}/${protocol}`);
  }
  return out;
}

export const dw211: ComposeRule = {
  code: 'DW211',
  target: 'compose',
  title: 'Two services publish the same host port',
  defaultSeverity: 'error',
  description:
    'Two services that start together (in the same profile set) cannot both bind the same host port: the second fails ' +
    'with "port is already allocated". Give one of them another host port, or put them in different profiles.',
  fixTitles: [],
  check({ model, project }) {
    const reports: Report[] = [];
    const done = new Set<string>();
    for (const set of profileSets(project.services)) {
      const enabled = enabledServices(project.services, set).services;
      const isEnabled = new Set(enabled);
      const owners = new Map<string, string[]>();
      for (const name of enabled) for (const key of publishedKeys(project.services.get(name)!.ports, project.env)) owners.set(key, [...(owners.get(key) ?? []), name]);
      for (const service of model.services) {
        if (!isEnabled.has(service.name)) continue;
        for (const port of service.ports) {
          for (const key of publishedKeys([port.node.toJSON()], project.env)) {
            const owner = owners.get(key)?.find((o) => o !== service.name);
            if (!owner) continue;
            const id = `${service.name}@${port.range.start.line}:${port.range.start.character}`;
            if (done.has(id)) continue;
            done.add(id);
            reports.push({ range: port.range, message: `Host port ${key.split('|')[1]} is also published by "${owner}"${set.length ? ` (profile ${set[0]})` : ''}; both start together.` });
          }
        }
      }
    }
    return reports;
  },
};
