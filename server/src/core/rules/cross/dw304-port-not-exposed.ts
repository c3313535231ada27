import { serviceDockerfile } from '../../compose/services';
import { listOrDict } from '../../compose/merge';
import { interpolate } from '../../compose/interpolate';
import { baseImagePorts, baseImagePortsKnown } from '../../dockerfile/baseImagePorts';
import { scopeValues, stageLineage, type DockerfileModel, type Stage } from '../../dockerfile/model';
import type { ComposeRule, Report } from '../../rule';
import type { TextEdit } from '../../types';
import { insertInStage } from './dockerfileEdits';

/**
 * Ports the image exposes: its own EXPOSE lines (variables resolved from the compose build args, then ARG/ENV defaults)
 * and the well-known base image's. `unknown` is true when an EXPOSE names a variable with no value.
 */
function exposedBy(dockerfile: DockerfileModel, stage: Stage, buildArgs: Record<string, unknown>): { ports: string[]; unknown: boolean } {
  const ports: string[] = [];
  let unknown = false;
  for (const s of stageLineage(stage)) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      const scope = scopeValues(s, dockerfile.globalArgs, instr);
      const declaredByArg = (name: string) => stageLineage(s).some((x) => x.vars.some((d) => d.name === name && d.kind === 'ARG'));
      // A compose build arg replaces the default of an ARG the stage declares.
      const lookup = (name: string) => {
        const arg = buildArgs[name];
        if (arg !== undefined && arg !== null && declaredByArg(name)) return String(arg);
        return scope.get(name);
      };
      for (const token of instr.argsText.split(/\s+/).filter(Boolean)) {
        const value = token.includes('$') ? interpolate(token, lookup).value : token;
        if (!value || value.includes('$') || !/^\d/.test(value)) {
          unknown ||= token.includes('$');
          continue;
        }
        ports.push(value.split('/')[0]);
      }
    }
  }
  ports.push(...baseImagePorts(stage));
  return { ports, unknown };
}

export const dw304: ComposeRule = {
  code: 'DW304',
  target: 'compose',
  title: 'Published port not exposed by the image',
  defaultSeverity: 'info',
  description:
    'The service publishes a container port that its image does not `EXPOSE`. Publishing works without EXPOSE (it only ' +
    'documents the port), so this is advice: the Dockerfile does not say which port the program listens on, or says ' +
    'another one, and tools that read EXPOSE (healthcheck fixes, proxies, readers) miss it. Add `EXPOSE`. Not reported ' +
    'when the base image is unknown (it may EXPOSE the port itself).',
  fixTitles: ['EXPOSE <port> in <Dockerfile>'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      if (service.ports.length === 0) continue;
      const image = serviceDockerfile(analysis, project, file, service.name);
      if (!image) continue;
      const build = project.services.get(service.name)?.data.build;
      const buildArgs = build && typeof build === 'object' && !Array.isArray(build) ? listOrDict((build as Record<string, unknown>).args) : {};
      const found = exposedBy(image.dockerfile, image.stage, buildArgs);
      // An EXPOSE of a variable nobody sets may be the port, and a base image Dockwright does not know may EXPOSE it
      // (EXPOSE is inherited): not sure enough to report.
      if (found.unknown || !baseImagePortsKnown(image.stage)) continue;
      const exposed = new Set(found.ports);
      for (const port of service.ports) {
        const target = port.target.split('-')[0];
        if (!/^\d+$/.test(target) || exposed.has(target)) continue;
        const expose = image.stage.instructions.filter((i) => i.keyword === 'EXPOSE').pop();
        const inStage = expose && image.stage.instructions.includes(expose);
        const edit: TextEdit = inStage ? { range: { start: expose!.range.end, end: expose!.range.end }, newText: ` ${target}` } : insertInStage(image.dockerfile, image.stage, [`EXPOSE ${target}`], false);
        reports.push({
          range: port.range,
          message: `"${service.name}" publishes container port ${target}, but ${image.dockerfilePath} does not EXPOSE it${exposed.size ? ` (it exposes ${[...exposed].join(', ')})` : ''}; publishing works without EXPOSE, which only documents the port.`,
          fixes: [{ title: `EXPOSE ${target} in ${image.dockerfilePath}`, isPreferred: true, edits: [{ path: image.dockerfilePath, edits: [edit] }] }],
        });
      }
    }
    return reports;
  },
};
