import type { Analysis } from '../analysis';
import type { DockerfileModel } from '../dockerfile/model';
import { notMonolith } from './index';
import { discoverPrograms, type Discovery } from './programs';
import { servicesBuilding, type ComposeService } from './services';

export interface MonolithInfo {
  discovery: Discovery;
  services: ComposeService[];
  /** Undefined when the Dockerfile is a monolith worth splitting. */
  notMonolithReason?: string;
}

const cache = new WeakMap<DockerfileModel, Map<string, { key: string; info: MonolithInfo }>>();

/** The planner's view of one Dockerfile (programs, services running them, cgo analysis), shared by the DW10x rules. */
export function monolithInfo(analysis: Analysis, path: string, model: DockerfileModel): MonolithInfo {
  const workspace = analysis.workspace;
  // The analysis' listing is memoised (and invalidated by the language server when files come and go).
  const composeFiles = analysis.filesOfKind('compose');
  // Cheap invalidation key: compose texts; source changes are picked up when the Dockerfile model changes.
  const key = composeFiles.map((f) => `${f}\u0000${workspace.readText(f)?.length ?? -1}`).join('\u0001') + JSON.stringify(analysis.config.cgoModules ?? {});
  const perModel = cache.get(model) ?? new Map();
  cache.set(model, perModel);
  const hit = perModel.get(path);
  if (hit && hit.key === key) return hit.info;
  const { services } = servicesBuilding(workspace, composeFiles, path);
  const discovery = discoverPrograms(workspace, path, model, services, analysis.config);
  const info: MonolithInfo = { discovery, services, notMonolithReason: notMonolith(discovery, services) };
  perModel.set(path, { key, info });
  return info;
}
