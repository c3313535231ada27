import { serviceDockerfile } from '../../compose/services';
import { effectiveUser, isRootUser, stageLineage, type Stage } from '../../dockerfile/model';
import type { ComposeRule, Report } from '../../rule';
import { insertInStage } from './dockerfileEdits';

function covers(dir: string, target: string): boolean {
  const d = dir.replace(/\/+$/, '');
  return target === d || target.startsWith(d + '/');
}

/** Whether the stage creates the path and gives it to a non-root user (mkdir + chown, install -d -o, WORKDIR after USER, COPY --chown). */
export function preparesPath(stage: Stage, target: string): boolean {
  let chowned = false;
  for (const s of [...stageLineage(stage)].reverse()) {
    let userSet = false;
    for (const instr of s.instructions) {
      if (instr.keyword === 'USER') userSet = !isRootUser(instr.argsText.trim());
      if (instr.keyword === 'WORKDIR' && userSet && covers(instr.argsText.trim(), target)) chowned = true;
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.flags.some((f) => f.name.toLowerCase() === 'chown')) {
        const dest = instr.argsText.trim().split(/\s+/).pop() ?? '';
        if (covers(dest, target) || covers(target, dest)) chowned = true;
      }
    }
    for (const run of s.runs) {
      for (const c of run.commands) {
        const words = c.words.map((w) => w.value);
        const program = words[0]?.split('/').pop();
        if (program === 'chown' || (program === 'install' && words.includes('-o'))) {
          if (words.slice(1).some((w) => !w.startsWith('-') && w.startsWith('/') && (covers(w, target) || (words.includes('-R') && covers(w, target))))) chowned = true;
        }
        if (program === 'chmod' && words.slice(1).some((w) => /^(0?777|a\+w|o\+w)$/.test(w)) && words.slice(1).some((w) => w.startsWith('/') && covers(w, target))) chowned = true;
      }
    }
  }
  return chowned;
}

export const dw301: ComposeRule = {
  code: 'DW301',
  target: 'compose',
  title: 'Mounted volume not writable by the image user',
  defaultSeverity: 'warning',
  description:
    'A named volume starts as a copy of the image directory it is mounted on. When the image runs as a non-root user and ' +
    'never creates and chowns that directory, the volume is owned by root and the program cannot write to it. Create the ' +
    'directory and give it to the user in the Dockerfile, before `USER`.',
  fixTitles: ['Create <path> for <user> in <Dockerfile>'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const image = serviceDockerfile(analysis, project, file, service.name);
      if (!image) continue;
      const user = effectiveUser(image.stage);
      if (!user || isRootUser(user.user) || user.user.includes('$')) continue;
      for (const volume of service.volumes) {
        if (volume.type !== 'volume' || volume.readOnly || !volume.target.startsWith('/')) continue;
        if (preparesPath(image.stage, volume.target)) continue;
        const [name, group = name] = user.user.split(':');
        // distroless/scratch have no shell for `RUN mkdir`: report without a fix there.
        const shell = !['distroless', 'scratch'].includes(stageLineage(image.stage).pop()!.distro);
        const edit = shell ? insertInStage(image.dockerfile, image.stage, [`RUN mkdir -p ${volume.target} && chown ${name}:${group} ${volume.target}`], true) : undefined;
        reports.push({
          range: volume.range,
          message: `"${service.name}" mounts a volume at ${volume.target}, but ${image.dockerfilePath} runs as ${user.user} and never creates and chowns it: the app cannot write there.${shell ? '' : ' The image has no shell: create the directory in a build stage and COPY it with --chown.'}`,
          fixes: edit ? [{ title: `Create ${volume.target} for ${name} in ${image.dockerfilePath}`, isPreferred: true, edits: [{ path: image.dockerfilePath, edits: [edit] }] }] : [],
        });
      }
    }
    return reports;
  },
};
