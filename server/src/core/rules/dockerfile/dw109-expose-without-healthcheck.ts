import { parse as parseYaml } from 'yaml';
import { fileFix, insertLinesBefore, appendLines } from '../../dockerfile/edits';
import { effectiveHealthcheck, exposedPorts, toolAvailability } from '../../dockerfile/image';
import type { Analysis } from '../../analysis';
import type { DockerfileRule } from '../../rule';
import type { Fix } from '../../types';
import { baseName, dirName, joinPath } from '../../workspace';

// Checked once per Dockerfile against every compose file: memoise the parse by text (read-only results),
// so a workspace with many of each does not parse every compose file once per Dockerfile.
const PARSED_LIMIT = 1024;
const parsedCompose = new Map<string, { doc: any } | 'invalid'>();

function composeDocument(text: string): any {
  let hit = parsedCompose.get(text);
  if (hit !== undefined) parsedCompose.delete(text);
  else {
    try {
      hit = { doc: parseYaml(text, { maxAliasCount: 100 }) };
    } catch {
      hit = 'invalid';
    }
    if (parsedCompose.size >= PARSED_LIMIT) parsedCompose.delete(parsedCompose.keys().next().value!);
  }
  parsedCompose.set(text, hit);
  return hit === 'invalid' ? undefined : hit.doc;
}

/** Whether a compose service built from this Dockerfile defines a healthcheck (then the image needs none). */
export function composeHealthcheckCovers(analysis: Analysis, dockerfile: string): boolean {
  for (const composeFile of analysis.filesOfKind('compose')) {
    const text = analysis.workspace.readText(composeFile);
    if (!text || text.length > 2_000_000) continue;
    const doc = composeDocument(text);
    if (doc === undefined) continue;
    const services = doc?.services;
    if (!services || typeof services !== 'object') continue;
    for (const service of Object.values<any>(services)) {
      if (!service || typeof service !== 'object' || !service.build) continue;
      const build = typeof service.build === 'string' ? { context: service.build } : service.build;
      const context = joinPath(dirName(composeFile), String(build.context ?? '.'));
      if (context === undefined) continue;
      const df = joinPath(context, String(build.dockerfile ?? 'Dockerfile'));
      if (df === dockerfile && service.healthcheck && !service.healthcheck.disable) return true;
    }
  }
  return false;
}

export const dw109: DockerfileRule = {
  code: 'DW109',
  target: 'dockerfile',
  title: 'EXPOSE without HEALTHCHECK',
  defaultSeverity: 'info',
  description:
    'The image serves a port but says nothing about whether the server is healthy: `docker ps`, compose ' +
    '`depends_on: condition: service_healthy` and orchestrators only know the process is running. A `HEALTHCHECK` with a ' +
    '`--start-period` that probes the port with a tool the image has (busybox `wget` on alpine, `curl` where installed) fixes ' +
    'that. Not reported when a compose service built from this Dockerfile has its own healthcheck.',
  fixTitles: ['Add a HEALTHCHECK probing the exposed port'],
  check({ file, model, analysis }) {
    const stage = model.finalStage;
    if (!stage) return [];
    const ports = exposedPorts(stage).filter((p) => p.protocol === 'tcp');
    if (!ports.length || effectiveHealthcheck(stage)) return [];
    if (composeHealthcheckCovers(analysis, file)) return [];
    const port = ports[0];
    const url = `http://127.0.0.1:${port.port}/health`;
    const probe = toolAvailability(stage, 'wget') === 'present' ? `wget -qO- ${url} >/dev/null || exit 1` : toolAvailability(stage, 'curl') === 'present' ? `curl -fsS ${url} >/dev/null || exit 1` : undefined;
    const fixes: Fix[] = [];
    if (probe) {
      const line = `HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD ${probe}`;
      const runtime = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
      fixes.push(fileFix(file, `Add HEALTHCHECK probing ${url}`, [runtime ? insertLinesBefore(model, runtime, [line]) : appendLines(model, [line])], true));
    }
    const name = baseName(file);
    return [
      {
        range: port.instr.range,
        message: `${name} exposes port ${port.port} but has no HEALTHCHECK${probe ? '' : ` (and no wget/curl in ${stage.image.raw} to probe it — add a health subcommand to the program or install a probe tool)`}; nothing tells Docker whether the server answers.`,
        fixes,
      },
    ];
  },
};
