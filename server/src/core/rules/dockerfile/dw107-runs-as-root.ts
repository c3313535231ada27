import { effectiveUser, isRootUser, stageLineage, type DockerfileModel, type Stage } from '../../dockerfile/model';
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

/** Images that run as an unprivileged user unless told otherwise. */
function isDistrolessNonRoot(stage: Stage): boolean {
  const root = stageLineage(stage).pop()!;
  const name = root.image.name.toLowerCase();
  if (root.distro === 'distroless' && /nonroot/.test(root.image.tag ?? '')) return true;
  return /(^|\/)nginx-unprivileged$/.test(name) || /^(docker\.io\/)?bitnami\//.test(name) || /^cgr\.dev\/chainguard\/(?!.*-dev$)/.test(name) && !/-dev$/.test(root.image.tag ?? '');
}

/** Official images whose entrypoint starts as root and then drops to their own user (gosu/su-exec). */
const STEP_DOWN_IMAGES = /^(library\/)?(postgres|redis|mysql|mariadb|mongo|rabbitmq|memcached|elasticsearch|cassandra|couchdb|influxdb)$/;
/** Web servers whose master process binds :80 as root and runs workers as an unprivileged user. */
const ROOT_MASTER_IMAGES = /^(library\/)?nginx$/;

/** nginx → nginxinc/nginx-unprivileged (same tags, listens on 8080, runs as uid 101). */
function unprivilegedNginxFix(file: string, model: DockerfileModel, stage: Stage): Fix {
  const edits: TextEdit[] = [{ range: stage.image.range, newText: `nginxinc/nginx-unprivileged${stage.image.tag ? ':' + stage.image.tag : ''}` }];
  for (const instr of stage.instructions) {
    if (!instr.argsRange) continue;
    const start = model.lines.offsetAt(instr.argsRange.start);
    const patterns = instr.keyword === 'EXPOSE' ? /(^|\s)(80)(?=\/tcp|\s|$)/g : instr.keyword === 'HEALTHCHECK' ? /(\/\/(?:127\.0\.0\.1|localhost))(:80)?(?=[/\s"']|$)/g : undefined;
    if (!patterns) continue;
    for (const m of instr.argsText.matchAll(patterns)) {
      const at = start + m.index! + m[1].length;
      const len = m[0].length - m[1].length;
      edits.push({ range: { start: model.lines.positionAt(at), end: model.lines.positionAt(at + len) }, newText: instr.keyword === 'EXPOSE' ? '8080' : ':8080' });
    }
  }
  return { title: 'Use nginxinc/nginx-unprivileged (listens on 8080: update your nginx config and published ports)', edits: [{ path: file, edits }] };
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
    const root = stageLineage(stage).pop()!;
    const ownEntrypoint = stageLineage(stage).some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT'));
    if (!user && STEP_DOWN_IMAGES.test(root.image.name) && !ownEntrypoint) return [];
    if (!user && ROOT_MASTER_IMAGES.test(root.image.name) && !ownEntrypoint) {
      return [
        {
          range: stage.from.range,
          severity: 'info',
          message:
            'The final stage runs nginx as root: its master process binds port 80 as root and runs the workers as the `nginx` user. ' +
            'Adding `USER` alone breaks nginx (it cannot write its pid and cache files); to run fully unprivileged, use nginxinc/nginx-unprivileged, which listens on 8080.',
          fixes: root === stage ? [unprivilegedNginxFix(file, model, stage)] : [],
        },
      ];
    }
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
