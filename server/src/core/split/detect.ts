import type { Analysis } from '../analysis';
import { mayBuildPrograms } from '../dockerfile/buildCommands';
import type { DockerfileModel } from '../dockerfile/model';
import { notMonolith } from './index';
import { discoverPrograms, type Discovery } from './programs';
import { indexComposeBuilds, servicesBuilding, type ComposeBuildIndex, type ComposeService } from './services';

export interface MonolithInfo {
  discovery: Discovery;
  services: ComposeService[];
  /** Undefined when the Dockerfile is a monolith worth splitting. */
  notMonolithReason?: string;
}

const cache = new WeakMap<DockerfileModel, Map<string, { index: ComposeBuildIndex; cgo: string; info: MonolithInfo | undefined }>>();
const builds = new WeakMap<DockerfileModel, boolean>();
let precondition = true;

/** Tests: turn the precondition off to compare with the plain computation. */
export function setSplitPrecondition(enabled: boolean): void {
  precondition = enabled;
}

/**
 * The planner's view of one Dockerfile (programs, services running them, cgo analysis), shared by the DW10x rules.
 * Undefined when it can have no program at all, so that none of those rules can report (checked without
 * `discoverPrograms`): no RUN command names a go tool, cargo or make (`mayBuildPrograms`), and fewer than two compose
 * services build it (different compose commands of one image need two services). `discoverPrograms` then finds no
 * program, and every DW10x rule reports nothing (test/unit/splitPrecondition.test.ts).
 */
export function monolithInfo(analysis: Analysis, path: string, model: DockerfileModel): MonolithInfo | undefined {
  const workspace = analysis.workspace;
  // The analysis' listing is memoised (and invalidated by the language server when files come and go).
  const composeFiles = analysis.filesOfKind('compose');
  // Built once per state of the compose files; a new index means some compose text changed. Source changes are
  // picked up when the Dockerfile model changes.
  const index = analysis.workspaceIndex('split compose builds', 'compose', () => indexComposeBuilds(workspace, composeFiles, (f) => analysis.compose(f)));
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  const hit = perModel.get(path);
  // The precondition does not read the cgo table: its result holds for any.
  if (hit && hit.index === index && (hit.info === undefined || hit.cgo === JSON.stringify(analysis.config.cgoModules ?? {}))) return hit.info;
  const { services } = servicesBuilding(workspace, composeFiles, path, index);
  let mayBuild = builds.get(model);
  if (mayBuild === undefined) builds.set(model, (mayBuild = mayBuildPrograms(model)));
  if (precondition && !mayBuild && services.length < 2) {
    perModel.set(path, { index, cgo: '', info: undefined });
    return undefined;
  }
  const cgo = JSON.stringify(analysis.config.cgoModules ?? {});
  const discovery = discoverPrograms(workspace, path, model, services, analysis.config);
  const info: MonolithInfo = { discovery, services, notMonolithReason: notMonolith(discovery, services, workspace) };
  perModel.set(path, { index, cgo, info });
  return info;
}
