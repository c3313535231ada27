import { buildkitSecretName } from '../../dockerfile/buildkit';
import { afterKeyword, deleteInstructionLines, fileFix } from '../../dockerfile/edits';
import type { DockerfileModel, Stage, VarDecl } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import type { Fix, TextEdit } from '../../types';

/** BuildKit's SecretsUsedInArgOrEnv token rules: a `_`-separated word such as `secret`, `token`, `key`, `password`, `auth`, unless a word is `public`, `file` or `version`. */
export function looksSecret(name: string): boolean {
  return buildkitSecretName(name);
}

function usesVar(text: string, name: string): RegExp {
  void text;
  return new RegExp(`\\$\\{${name}\\}|\\$${name}(?![A-Za-z0-9_])`, 'g');
}

/** Replaces the ARG/ENV by a secret mount on every RUN of the stage that reads it. */
function secretMountFix(file: string, model: DockerfileModel, stage: Stage, decl: VarDecl): Fix | undefined {
  const id = decl.name.toLowerCase();
  const readers = stage.runs.filter((r) => usesVar(r.instr.argsText, decl.name).test(r.instr.argsText));
  if (!readers.length || stage.vars.filter((v) => v.instr === decl.instr).length !== 1) return undefined;
  const edits: TextEdit[] = [deleteInstructionLines(model, decl.instr)];
  for (const run of readers) {
    edits.push({ range: { start: afterKeyword(run.instr), end: afterKeyword(run.instr) }, newText: ` --mount=type=secret,id=${id}` });
    const start = model.lines.offsetAt(run.instr.argsRange!.start);
    const text = run.instr.argsText;
    for (const m of text.matchAll(usesVar(text, decl.name))) {
      const s = model.lines.positionAt(start + m.index!);
      const e = model.lines.positionAt(start + m.index! + m[0].length);
      edits.push({ range: { start: s, end: e }, newText: `$(cat /run/secrets/${id})` });
    }
  }
  return fileFix(file, `Pass ${decl.name} as a build secret (RUN --mount=type=secret,id=${id})`, edits, true);
}

export const dw116: DockerfileRule = {
  code: 'DW116',
  target: 'dockerfile',
  title: 'Secret passed through ARG or ENV',
  defaultSeverity: 'warning',
  description:
    'Values of `ARG` and `ENV` end up in the image metadata and history (`docker history`, `docker inspect`): anyone who can ' +
    'pull the image can read a token or password passed that way. Use a BuildKit secret mount (`RUN --mount=type=secret`) ' +
    'for build-time secrets and pass run-time secrets from the environment or compose `secrets:`.',
  fixTitles: ['Pass it as a build secret (RUN --mount=type=secret)'],
  check({ file, model }) {
    const reports: Report[] = [];
    const globals = model.globalVars.filter((v) => looksSecret(v.name));
    for (const decl of globals) {
      reports.push({ range: decl.nameRange, message: `ARG ${decl.name} looks like a secret; build arguments are visible in the image history. Use RUN --mount=type=secret.` });
    }
    for (const stage of model.stages) {
      for (const decl of stage.vars) {
        if (!looksSecret(decl.name)) continue;
        if (decl.value !== undefined && decl.value.startsWith('/run/secrets/')) continue;
        const where = decl.kind === 'ARG' ? 'build arguments are visible in the image history' : 'ENV values are stored in the image for anyone who pulls it';
        const fix = secretMountFix(file, model, stage, decl);
        reports.push({
          range: decl.nameRange,
          message: `${decl.kind} ${decl.name} looks like a secret; ${where}. Use RUN --mount=type=secret${decl.kind === 'ENV' ? ' at build time, or pass it at run time' : ''} [BuildKit SecretsUsedInArgOrEnv].`,
          fixes: fix ? [fix] : [],
          buildkit: 'SecretsUsedInArgOrEnv',
        });
      }
    }
    return reports;
  },
};
