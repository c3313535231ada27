import { removePair } from '../../compose/edits';
import { serviceDockerfile } from '../../compose/services';
import { effectiveInstruction } from '../../dockerfile/model';
import type { ComposeRule, Report } from '../../rule';

/** The argv of a CMD instruction (JSON form, or the words of the shell form). */
export function cmdArgv(argsText: string): { argv: string[]; exec: boolean } {
  const text = argsText.trim();
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return { argv: parsed.map(String), exec: true };
    } catch {
      /* fall through to shell form */
    }
  }
  return { argv: text.split(/\s+/).filter(Boolean), exec: false };
}

export function commandArgv(value: string[] | string): string[] {
  return Array.isArray(value) ? value : value.trim().split(/\s+/).filter(Boolean);
}

export const dw203: ComposeRule = {
  code: 'DW203',
  target: 'compose',
  title: 'command: repeats the image CMD',
  defaultSeverity: 'info',
  description:
    'A `command:` that is the same as the `CMD` of the image the service builds changes nothing. It is usually left over ' +
    'from a split Dockerfile, and it hides later changes to the Dockerfile\'s `CMD`. Remove it.',
  fixTitles: ['Remove the redundant command'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      if (!service.command) continue;
      const image = serviceDockerfile(analysis, project, file, service.name);
      if (!image) continue;
      const cmd = effectiveInstruction(image.stage, 'CMD');
      if (!cmd) continue;
      const { argv, exec } = cmdArgv(cmd.argsText);
      const command = commandArgv(service.command.value);
      const same = exec ? JSON.stringify(argv) === JSON.stringify(command) : argv.join(' ') === command.join(' ');
      if (!same) continue;
      reports.push({
        range: service.command.range,
        message: `The command of "${service.name}" is the same as the CMD of ${image.dockerfilePath}; it is redundant.`,
        fixes: [{ title: 'Remove the redundant command', isPreferred: true, edits: [{ path: file, edits: [removePair(model, service.command.pair)] }] }],
      });
    }
    return reports;
  },
};
