import { fileFix, insertLinesBefore, appendLines } from '../../dockerfile/edits';
import { effectiveHealthcheck, exposedPorts, toolAvailability } from '../../dockerfile/image';
import type { Analysis } from '../../analysis';
import type { DockerfileRule } from '../../rule';
import type { Fix } from '../../types';
import { baseName } from '../../workspace';

/**
 * Whether compose health checks cover this Dockerfile: every service built from it that runs the image's own
 * command (no `command:` override) or publishes/exposes ports has a healthcheck. One-shot services that
 * override the command (migrations) do not need one.
 */
export function composeHealthcheckCovers(analysis: Analysis, dockerfile: string): boolean {
  const services = analysis.composeServicesUsing(dockerfile).map((u) => u.service);
  if (!services.length) return false;
  const servers = services.filter((s) => !s.command || s.ports.length > 0 || s.expose.length > 0);
  const mustCheck = servers.length ? servers : services;
  return mustCheck.every((s) => s.healthcheck && !s.healthcheck.disabled);
}

function noProbeHint(stage: import('../../dockerfile/model').Stage): string {
  const known = toolAvailability(stage, 'wget') === 'absent' && toolAvailability(stage, 'curl') === 'absent';
  return known
    ? ` ${stage.image.raw} has neither wget nor curl: install one, or give the program a health subcommand for an exec-form HEALTHCHECK.`
    : ` Dockwright cannot tell whether ${stage.image.raw} has wget or curl, so no fix is offered; install one explicitly or use the program's own health subcommand.`;
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
    'that. Not reported when every compose service that runs this image as a server has its own healthcheck.',
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
        message: `${name} exposes port ${port.port} but has no HEALTHCHECK; nothing tells Docker whether the server answers.${probe ? '' : noProbeHint(stage)}`,
        fixes,
      },
    ];
  },
};
