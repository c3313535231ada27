import type { Analysis } from '../../analysis';
import { findStage, type DockerfileModel, type Stage } from '../../dockerfile/model';

/**
 * The stages compose runs from this Dockerfile: each building service's `build.target`, or the final stage for a
 * service without one (a target that names no stage counts as the final stage: DW115's business, not ours).
 * Undefined when no compose service builds the Dockerfile (then `docker build` gives the final stage).
 */
export function composeRunStages(analysis: Analysis, file: string, model: DockerfileModel): Stage[] | undefined {
  const users = analysis.composeServicesUsing(file);
  if (users.length === 0 || !model.finalStage) return undefined;
  const out: Stage[] = [];
  for (const { service } of users) {
    const target = service.build?.target?.value;
    const stage = (target && !target.includes('$') ? findStage(model, target) : undefined) ?? model.finalStage;
    if (!out.includes(stage)) out.push(stage);
  }
  return out;
}

/** The stages that run: the compose targets when compose builds this Dockerfile, else the final stage. */
export function stagesThatRun(analysis: Analysis, file: string, model: DockerfileModel): Stage[] {
  return composeRunStages(analysis, file, model) ?? (model.finalStage ? [model.finalStage] : []);
}

/** Folders and file names of images that build, test or tool, rather than serve: CI, tests, e2e, dev containers, tools. */
const TEST_TOOL_DIR = /(^|\/)(tests?|e2e|integration|integration-?tests?|integrationtest|regression|antithesis|\.?ci|tools|\.?devcontainer)\//i;
const TEST_TOOL_NAME = /(^|[./_-])(playwright|cypress|complement\w*|tests?|e2e|ci|devcontainer)([./_-]|$)/i;

/** The reason a Dockerfile looks like a test/CI/tool image, or undefined. */
export function testOrToolImage(file: string): string | undefined {
  const dir = TEST_TOOL_DIR.exec(file);
  if (dir) return `it lives in ${dir[2]}/`;
  const base = file.split('/').pop()!;
  const name = TEST_TOOL_NAME.exec(base);
  return name ? `its name says ${name[2]}` : undefined;
}
