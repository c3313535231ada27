import type { Analysis } from '../analysis';
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

const cache = new WeakMap<DockerfileModel, Map<string, { index: ComposeBuildIndex; cgo: string; info: MonolithInfo }>>();

/** The planner's view of one Dockerfile (programs, services running them, cgo analysis), shared by the DW10x rules. */
export function monolithInfo(analysis: Analysis, path: string, model: DockerfileModel): MonolithInfo {
  const workspace = analysis.workspace;
  // The analysis' listing is memoised (and invalidated by the language server when files come and go).
  const composeFiles = analysis.filesOfKind('compose');
  // Built once per state of the compose files; a new index means some compose text changed. Source changes are
  // picked up when the Dockerfile model changes.
  const index = analysis.workspaceIndex('split compose builds', 'compose', () => indexComposeBuilds(workspace, composeFiles, (f) => analysis.compose(f)));
  const cgo = JSON.stringify(analysis.config.cgoModules ?? {});
  const perModel = cache.get(model) ?? new Map();
  cache.set(model, perModel);
  const hit = perModel.get(path);
  if (hit && hit.index === index && hit.cgo === cgo) return hit.info;
  const { services } = servicesBuilding(workspace, composeFiles, path, index);
  const discovery = discoverPrograms(workspace, path, model, services, analysis.config);
  const info: MonolithInfo = { discovery, services, notMonolithReason: notMonolith(discovery, services, workspace) };
  perModel.set(path, { index, cgo, info });
  return info;
}
