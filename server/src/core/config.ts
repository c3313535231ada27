import type { SeveritySetting } from './types';

/** Settings every shell passes to the core: from `.dockwright.json|yaml`, VS Code settings, CLI flags. */
export interface DockwrightConfig {
  /** Per-rule severity override or `off`. */
  rules?: Record<string, SeveritySetting>;
  /** Dockerfile syntax diagnostics (DW0xx from dockerfile-utils): `auto` = on unless another Docker extension already shows them. */
  syntaxValidation?: SyntaxValidationSetting;
  /** Set by the VS Code client: a Docker extension that validates Dockerfile syntax itself is installed. */
  dockerExtensionInstalled?: boolean;
}

export type SyntaxValidationSetting = 'auto' | 'on' | 'off';
export const SYNTAX_VALIDATION_SETTINGS: readonly SyntaxValidationSetting[] = ['auto', 'on', 'off'];

/** Whether DW0xx syntax diagnostics are produced under this config. */
export function syntaxValidationEnabled(config: DockwrightConfig): boolean {
  const setting = config.syntaxValidation ?? 'auto';
  if (setting === 'auto') return !config.dockerExtensionInstalled;
  return setting === 'on';
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Later configs win, rule by rule. */
export function mergeConfigs(...configs: (DockwrightConfig | undefined)[]): DockwrightConfig {
  const rules: Record<string, SeveritySetting> = {};
  const merged: DockwrightConfig = { rules };
  for (const c of configs) {
    Object.assign(rules, c?.rules ?? {});
    if (c?.syntaxValidation !== undefined) merged.syntaxValidation = c.syntaxValidation;
    if (c?.dockerExtensionInstalled !== undefined) merged.dockerExtensionInstalled = c.dockerExtensionInstalled;
  }
  return merged;
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
  const syntaxValidation = (input as Record<string, unknown>).syntaxValidation;
  if (syntaxValidation !== undefined) {
    if (typeof syntaxValidation === 'string' && SYNTAX_VALIDATION_SETTINGS.includes(syntaxValidation as SyntaxValidationSetting)) config.syntaxValidation = syntaxValidation as SyntaxValidationSetting;
    else problems.push(`"syntaxValidation" must be one of ${SYNTAX_VALIDATION_SETTINGS.join(', ')}`);
  }
  return { config, problems };
}
