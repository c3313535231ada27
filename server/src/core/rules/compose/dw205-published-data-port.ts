import { removePair, replaceNode } from '../../compose/edits';
import { isScalar } from '../../compose/yamlNodes';
import { infraKind, isDataService } from '../../compose/knowledge';
import { prodEvidence, wireProfilesFix } from '../../compose/services';
import type { ComposeRule, Report } from '../../rule';
import type { Fix, TextEdit } from '../../types';

export const dw205: ComposeRule = {
  code: 'DW205',
  target: 'compose',
  title: 'Database or cache publishes ports in production',
  defaultSeverity: 'warning',
  description:
    'A database, cache or broker that runs in production should only be reachable on the compose network. ' +
    'Publishing its port (`ports: ["5432:5432"]`) opens it on every interface of the host. Remove `ports:` ' +
    '(the apps reach it by service name), or bind it to 127.0.0.1. A warning when production is known (a prod-like ' +
    'profile, a file named for production such as `docker-compose.prod.yml`, or a `-f` set with one); info when it is ' +
    'only assumed (no profiles); not reported in test, CI and development stacks (`tests/`, `.devcontainer/`, `*.dev.yml`).',
  fixTitles: ['Remove ports', 'Bind the ports to 127.0.0.1'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const merged = project.services.get(service.name);
      const portsEntry = service.keys.get('ports');
      if (!merged || !portsEntry || !isDataService(merged.image)) continue;
      const prod = prodEvidence(analysis, project, file, service.name);
      if (!prod) continue;
      const open = service.ports.filter((p) => p.published !== undefined && !/^(127\.0\.0\.1|::1|localhost)$/.test(p.hostIp ?? ''));
      if (open.length === 0) continue;
      const fixes: Fix[] = [{ title: 'Remove ports', isPreferred: true, edits: [{ path: file, edits: [removePair(model, portsEntry.pair)] }] }];
      const binds: TextEdit[] = open.filter((p) => !p.hostIp && isScalar(p.node)).map((p) => replaceNode(model, p.node, JSON.stringify(`127.0.0.1:${p.raw}`)));
      if (binds.length === open.length) fixes.push({ title: 'Bind the ports to 127.0.0.1', edits: [{ path: file, edits: binds }] });
      if (!prod.known) fixes.push(...wireProfilesFix(project, file));
      reports.push({
        // Production only assumed (no prod profile, no prod file): advice; host ports are intended in dev/sample stacks.
        severity: prod.known ? undefined : 'info',
        range: { start: portsEntry.keyNode.range ? model.lines.positionAt(portsEntry.keyNode.range[0]) : service.keyRange.start, end: portsEntry.keyNode.range ? model.lines.positionAt(portsEntry.keyNode.range[1]) : service.keyRange.end },
        message: `The ${infraKind(merged.image)} "${service.name}" publishes ${open.map((p) => p.raw).join(', ')} to the host ${prod.where}.`,
        fixes,
      });
    }
    return reports;
  },
};
