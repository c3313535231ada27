import { fileFix } from '../../dockerfile/edits';
import { effectiveWorkdir } from '../../dockerfile/image';
import { effectiveUser, isRootUser, stageLineage, type Stage } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';

/** Folder names programs conventionally write to. */
const WRITABLE_NAME = /(^|\/)(data|uploads?|logs?|cache|tmp|storage|var|state|db|media|files)(\/|$)/i;

function resolve(path: string, workdir: string | undefined): string {
  const abs = path.startsWith('/') ? path : `${(workdir ?? '').replace(/\/$/, '')}/${path.replace(/^\.\/?/, '')}`;
  return abs.replace(/\/+$/, '') || '/';
}

/** Paths the program is expected to write to: VOLUMEs, ENV values naming folders, conventional data folders. */
function writablePaths(stage: Stage): string[] {
  const out: string[] = [];
  for (const s of stageLineage(stage)) {
    for (const instr of s.instructions) {
      if (instr.keyword === 'VOLUME') {
        const text = instr.argsText.trim();
        let paths: string[] = [];
        try {
          paths = text.startsWith('[') ? JSON.parse(text) : text.split(/\s+/);
        } catch {
          paths = [];
        }
        out.push(...paths.filter((p) => typeof p === 'string' && p.startsWith('/')).map((p) => p.replace(/\/+$/, '')));
      }
    }
    for (const v of s.vars) {
      if (v.kind === 'ENV' && /_(DIR|PATH|ROOT)$/.test(v.name) && v.value?.startsWith('/') && WRITABLE_NAME.test(v.value)) out.push(v.value.replace(/\/+$/, ''));
    }
  }
  return out;
}

/** `user:group` for --chown from the USER value and how the user was created. */
function ownerOf(stage: Stage, user: string): string {
  if (user.includes(':')) return user;
  for (const s of stageLineage(stage)) {
    for (const run of s.runs) {
      for (const c of run.commands) {
        const w = c.words.map((x) => x.value);
        const program = w[0];
        if ((program === 'adduser' || program === 'useradd') && w[w.length - 1] === user) {
          const g = w.findIndex((x) => x === '-G' || x === '-g' || x === '--gid' || x === '--ingroup');
          if (g > 0 && w[g + 1] && !(program === 'useradd' && w[g] === '-G')) return `${user}:${w[g + 1]}`;
        }
      }
    }
  }
  return user;
}

function chownedLater(stage: Stage, after: number, path: string): boolean {
  return stage.runs.some(
    (r) =>
      stage.instructions.indexOf(r.instr) > after &&
      r.commands.some((c) => c.words[0]?.value === 'chown' && c.words.slice(1).some((w) => path === w.value.replace(/\/+$/, '') || path.startsWith(w.value.replace(/\/+$/, '') + '/'))),
  );
}

export const dw108: DockerfileRule = {
  code: 'DW108',
  target: 'dockerfile',
  title: 'COPY into a writable folder without --chown',
  defaultSeverity: 'info',
  description:
    '`COPY`/`ADD` create files owned by root, whatever `USER` says. When the image runs as an unprivileged user and the ' +
    'program writes to the copied folder (a VOLUME, a data/uploads/cache folder, a folder an `*_DIR` variable points at), ' +
    'it fails with "permission denied" at run time. `--chown=<user>:<group>` sets the owner in the same layer.',
  fixTitles: ['Add --chown=<user>:<group>'],
  check({ file, model }) {
    const stage = model.finalStage;
    if (!stage) return [];
    const user = effectiveUser(stage);
    if (!user || isRootUser(user.user) || user.user.includes('$')) return [];
    const writable = writablePaths(stage);
    const reports: Report[] = [];
    for (const copy of stage.copies) {
      if (copy.chown || !copy.destination || copy.destination.value.includes('$')) continue;
      const dest = resolve(copy.destination.value, effectiveWorkdir(stage, copy.instr));
      const hit = writable.find((w) => dest === w || dest.startsWith(w + '/')) ?? (WRITABLE_NAME.test(dest) ? dest : undefined);
      if (!hit) continue;
      if (chownedLater(stage, stage.instructions.indexOf(copy.instr), dest)) continue;
      const owner = ownerOf(stage, user.user);
      const at = copy.instr.node.getInstructionRange().end;
      reports.push({
        range: copy.instr.range,
        message: `${copy.keyword} into ${dest} creates root-owned files, but the image runs as ${user.user} and ${dest} is a folder the program writes to; add --chown=${owner}.`,
        fixes: [fileFix(file, `Add --chown=${owner}`, [{ range: { start: at, end: at }, newText: ` --chown=${owner}` }], true)],
      });
    }
    return reports;
  },
};
