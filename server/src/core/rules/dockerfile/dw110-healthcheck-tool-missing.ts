import { fileFix, insertLinesBefore } from '../../dockerfile/edits';
import { healthcheckCommand, toolAvailability } from '../../dockerfile/image';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import type { Fix } from '../../types';

const SHELLS = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', 'CMD-SHELL']);

/** `curl [-fsSL...] URL` → `wget -qO- URL >/dev/null` (busybox wget exits non-zero on HTTP errors). */
function curlToWget(model: DockerfileModel, file: string, stage: Stage, instr: import('../../dockerfile/model').Instr): Fix | undefined {
  if (toolAvailability(stage, 'wget') !== 'present' || !instr.argsRange) return undefined;
  const text = instr.argsText;
  const m = /\bcurl((?:\s+-{1,2}[A-Za-z-]+)*)\s+(['"]?)(https?:\/\/[^\s'"]+)\2((?:\s+-{1,2}[A-Za-z-]+)*)/.exec(text);
  if (!m || /\s-(X|d|H|u)\b|--(data|header|user|request)\b/.test(m[0])) return undefined;
  const start = model.lines.offsetAt(instr.argsRange.start) + m.index;
  const replacement = `wget -qO- ${m[2]}${m[3]}${m[2]} >/dev/null`;
  const exec = text.trim().startsWith('[');
  if (exec) return undefined;
  return fileFix(file, 'Use busybox wget instead of curl', [{ range: { start: model.lines.positionAt(start), end: model.lines.positionAt(start + m[0].length) }, newText: replacement }], true);
}

function installFix(model: DockerfileModel, file: string, stage: Stage, instr: import('../../dockerfile/model').Instr, tool: string): Fix | undefined {
  const line = stage.distro === 'alpine' ? `RUN apk add --no-cache ${tool}` : stage.distro === 'debian' ? `RUN apt-get update && apt-get install -y --no-install-recommends ${tool} && rm -rf /var/lib/apt/lists/*` : undefined;
  if (!line) return undefined;
  // Install as root: before the last USER of the stage if there is one, else before the HEALTHCHECK.
  const users = stage.instructions.filter((i) => i.keyword === 'USER' && i.range.start.line < instr.range.start.line);
  const before = users.length ? users[users.length - 1] : instr;
  return fileFix(file, `Install ${tool} in the final stage`, [insertLinesBefore(model, before, [line])]);
}

export const dw110: DockerfileRule = {
  code: 'DW110',
  target: 'dockerfile',
  title: 'HEALTHCHECK uses a tool the image lacks',
  defaultSeverity: 'error',
  description:
    'A health check whose program does not exist in the image fails every time, so the container is reported unhealthy ' +
    '(and `depends_on: condition: service_healthy` never starts its dependants). Typical: `curl` on plain alpine (which ' +
    'has busybox `wget`), or any shell tool on distroless/scratch images.',
  fixTitles: ['Use busybox wget instead of curl', 'Install the tool in the final stage'],
  check({ file, model }) {
    const stage = model.finalStage;
    if (!stage) return [];
    const reports: Report[] = [];
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'HEALTHCHECK') continue;
      const hc = healthcheckCommand(instr);
      if (!hc) continue;
      const { form } = hc;
      let argv = form.argv;
      if (form.form === 'exec' && SHELLS.has(argv[0]) ) {
        if (argv[0] === 'CMD-SHELL' || argv[1] === '-c') {
          if (toolAvailability(stage, 'sh') === 'absent') {
            reports.push({ range: instr.range, message: `HEALTHCHECK runs a shell, but the ${stage.distro} final stage has no /bin/sh.` });
            continue;
          }
          argv = argv.slice(argv[0] === 'CMD-SHELL' ? 1 : 2).join(' ').split(/\s+/);
        }
      }
      if (form.form === 'shell' && toolAvailability(stage, 'sh') === 'absent') {
        reports.push({ range: instr.range, message: `HEALTHCHECK in shell form needs /bin/sh, which the ${stage.distro} final stage does not have; use JSON form with a program the image contains.` });
        continue;
      }
      const tool = argv[0];
      if (!tool || toolAvailability(stage, tool) !== 'absent') continue;
      const fixes: Fix[] = [];
      if (tool.split('/').pop() === 'curl') {
        const f = curlToWget(model, file, stage, instr);
        if (f) fixes.push(f);
      }
      const install = installFix(model, file, stage, instr, tool.split('/').pop()!);
      if (install) fixes.push(install);
      reports.push({
        range: instr.range,
        message: `HEALTHCHECK runs ${tool}, which the final stage (${stage.image.raw}, ${stage.distro}) does not contain, so the check always fails.`,
        fixes,
      });
    }
    return reports;
  },
};
