import { parse as parseYaml } from 'yaml';
import { normalizeConfig, type DockwrightConfig } from '../core/config';
import type { Workspace } from '../core/workspace';

export const CONFIG_FILES = ['.dockwright.json', '.dockwright.yaml', '.dockwright.yml'];

/** Reads the workspace's `.dockwright.json|yaml`, if any. */
export function readWorkspaceConfig(workspace: Workspace): { config: DockwrightConfig; file?: string; problems: string[] } {
  for (const file of CONFIG_FILES) {
    const text = workspace.readText(file);
    if (text === undefined) continue;
    let raw: unknown;
    try {
      raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
    } catch (err) {
      return { config: {}, file, problems: [`cannot parse ${file}: ${(err as Error).message}`] };
    }
    const { config, problems } = normalizeConfig(raw);
    return { config, file, problems: problems.map((p) => `${file}: ${p}`) };
  }
  return { config: {}, problems: [] };
}
