import { findStage, type DockerfileModel, type Stage } from '../dockerfile/model';
import type { ComposeService } from './services';

/** The `build.target` most compose services that build the Dockerfile name ('' when most name none). */
export function commonTarget(services: ComposeService[]): string {
  const targets = services.map((s) => s.target ?? '');
  const count = (t: string) => targets.filter((x) => x === t).length;
  return [...targets].sort((a, b) => count(b) - count(a))[0] ?? '';
}

/**
 * The stage the original ships for these services: their `build.target`, else the target most services build, else
 * the last stage. Never a `tests` stage that happens to be last when the services name their target.
 */
export function shippedStageOf(model: DockerfileModel, services: ComposeService[]): Stage | undefined {
  const target = commonTarget(services);
  return (target && findStage(model, target)) || model.finalStage;
}
