// Services of a compose file as the engine commands need them. The language server reads the file
// (`dockwright/composeServices`, shared/protocol.ts); this module only selects among the services it returned.
// Pure: no vscode, no I/O.
import type { ComposeFileModel, ComposeService } from '../../../shared/protocol';

export type { ComposeFileModel, ComposeService };

/** Services enabled by the given profiles: services without profiles are always enabled, `*` enables every profile. */
export function activeServices(model: ComposeFileModel, profiles: readonly string[]): ComposeService[] {
  const active = new Set(profiles);
  return model.services.filter((s) => s.profiles.length === 0 || active.has('*') || s.profiles.some((p) => active.has(p)));
}

export function allProfiles(model: ComposeFileModel): string[] {
  return [...new Set(model.services.flatMap((s) => s.profiles))].sort();
}
