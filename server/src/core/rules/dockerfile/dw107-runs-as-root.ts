import { effectiveUser, isRootUser, type DockerfileModel, type Stage } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import { insertAt } from '../../text';
import type { Fix, TextEdit } from '../../types';

export const NON_ROOT_UID = 1001;

/** Instructions that create a non-root `app` user on this distro family, or just a USER line where none can be created. */
export function nonRootUserLines(stage: Stage, name = 'app', uid = NON_ROOT_UID): string[] {
  switch (stage.distro) {
    case 'alpine':
      return [`RUN addgroup -S -g ${uid} ${name} && adduser -S -u ${uid} -G ${name} ${name}`, `USER ${name}`];
    case 'debian':
      return [`RUN groupadd --system --gid ${uid} ${name} && useradd --system --uid ${uid} --gid ${name} --no-create-home ${name}`, `USER ${name}`];
    case 'distroless':
      return ['USER nonroot:nonroot'];
    default:
      return [`USER ${uid}:${uid}`];
  }
}

/** Inserts the user lines before the first CMD/ENTRYPOINT/HEALTHCHECK of the stage, or at the end of the file. */
function insertUserLines(model: DockerfileModel, stage: Stage, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  const runtimeStart = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'HEALTHCHECK');
  if (runtimeStart) return insertAt({ line: runtimeStart.range.start.line, character: 0 }, lines.join(eol) + eol);
  const lastLine = model.lines.lineCount - 1;
  const end = { line: lastLine, character: model.lines.lineText(lastLine).length };
  const lead = model.lines.lineText(lastLine) === '' ? '' : eol;
  return insertAt(end, lead + lines.join(eol) + eol);
}

function isDistrolessNonRoot(stage: Stage): boolean {
  return stage.distro === 'distroless' && /nonroot/.test(stage.image.tag ?? '');
}

export const dw107: DockerfileRule = {
  code: 'DW107',
  target: 'dockerfile',
  title: 'Final stage runs as root',
  defaultSeverity: 'warning',
  description:
    'The image that ships runs its program as root when the final stage has no `USER` or its last `USER` is `root`/`0`. ' +
    'A compromised process then owns the container and every volume mounted into it. Create an unprivileged user that ' +
    'fits the base distribution and switch to it before `CMD`.',
  fixTitles: ['Create a non-root user and switch to it'],
  check({ file, model }) {
    const stage = model.finalStage;
    if (!stage || isDistrolessNonRoot(stage)) return [];
    const user = effectiveUser(stage);
    if (user && !isRootUser(user.user)) return [];
    const lines = nonRootUserLines(stage);
    let range = stage.from.range;
    let message = `The final stage${stage.name ? ` "${stage.name}"` : ''} has no USER instruction, so the container runs as root.`;
    let edit: TextEdit;
    if (user && stage.instructions.includes(user.instr)) {
      range = user.instr.range;
      message = `The final stage switches to ${user.user} with USER, so the container runs as root.`;
      edit = { range: { start: { line: range.start.line, character: 0 }, end: range.end }, newText: lines.join(model.lines.eol) };
    } else {
      edit = insertUserLines(model, stage, lines);
    }
    const fix: Fix = { title: 'Create a non-root user and switch to it', isPreferred: true, edits: [{ path: file, edits: [edit] }] };
    return [{ range, message, fixes: [fix] }];
  },
};
