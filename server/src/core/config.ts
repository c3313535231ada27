import type { SeveritySetting } from './types';

/** Settings every shell passes to the core: from `.dockwright.json|yaml`, VS Code settings, CLI flags. */
export interface DockwrightConfig {
  /** Per-rule severity override or `off`. */
  rules?: Record<string, SeveritySetting>;
  /** Files larger than this are not analysed (DW090). Default 2 MB. */
  maxFileBytes?: number;
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Later configs win, rule by rule. */
export function mergeConfigs(...configs: (DockwrightConfig | undefined)[]): DockwrightConfig {
  const rules: Record<string, SeveritySetting> = {};
  let maxFileBytes: number | undefined;
  for (const c of configs) {
    Object.assign(rules, c?.rules ?? {});
    maxFileBytes = c?.maxFileBytes ?? maxFileBytes;
  }
  return maxFileBytes === undefined ? { rules } : { rules, maxFileBytes };
}

/** Validates an untrusted config object (from a file or settings); returns the config and what was wrong with it. */
export function normalizeConfig(input: unknown): { config: DockwrightConfig; problems: string[] } {
  const problems: string[] = [];
  const config: DockwrightConfig = { rules: {} };
  if (input === undefined || input === null) return { config, problems };
  if (typeof input !== 'object' || Array.isArray(input)) return { config, problems: ['configuration must be an object'] };
  const rules = (input as Record<string, unknown>).rules;
  if (rules !== undefined) {
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) problems.push('"rules" must be an object of code → severity');
    else {
      for (const [code, value] of Object.entries(rules)) {
        if (!/^DW\d{3}$/.test(code)) problems.push(`unknown rule code "${code}"`);
        else if (typeof value !== 'string' || !SEVERITY_SETTINGS.includes(value as SeveritySetting)) problems.push(`rule ${code}: severity must be one of ${SEVERITY_SETTINGS.join(', ')}`);
        else config.rules![code] = value as SeveritySetting;
      }
    }
  }
  const maxFileBytes = (input as Record<string, unknown>).maxFileBytes;
  if (maxFileBytes !== undefined) {
    if (typeof maxFileBytes !== 'number' || !Number.isSafeInteger(maxFileBytes) || maxFileBytes < 1) problems.push('"maxFileBytes" must be a positive whole number of bytes');
    else config.maxFileBytes = maxFileBytes;
  }
  return { config, problems };
}
