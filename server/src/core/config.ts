import type { SeveritySetting } from './types';

/** Settings every shell passes to the core: from `.dockwright.json|yaml`, VS Code settings, CLI flags. */
export interface DockwrightConfig {
  /** Per-rule severity override or `off`. */
  rules?: Record<string, SeveritySetting>;
  /** Files larger than this are not analysed (DW090). Default 2 MB. */
  maxFileBytes?: number;
  /** Dockerfile syntax diagnostics (DW0xx from dockerfile-utils): `auto` = on unless another Docker extension already shows them. */
  syntaxValidation?: SyntaxValidationSetting;
  /** Set by the VS Code client: a Docker extension that validates Dockerfile syntax itself is installed. */
  dockerExtensionInstalled?: boolean;
  /** BuildKit build checks (DW007, DW115–DW118 in part, DW130–DW144): `auto` = on unless Docker DX, which runs them itself, is installed. */
  buildkitChecks?: SyntaxValidationSetting;
  /** Set by the VS Code client: Docker DX (`docker.docker`), which shows BuildKit's build checks, is installed. */
  dockerDxInstalled?: boolean;
  /** Value of the `BUILDKIT_DOCKERFILE_CHECK` build argument the builds use (e.g. `skip=all`): replaces the files' `# check=` directive. */
  buildkitCheck?: string;
  /** Extra Go modules / pkg-config names that need cgo, merged over the built-in table (see core/golang/cgoTable.ts). */
  cgoModules?: Record<string, CgoPackages>;
}

export interface CgoPackageSet {
  build: string[];
  runtime: string[];
}

/** Build and runtime packages a cgo dependency needs, per package manager. */
export interface CgoPackages {
  apk?: CgoPackageSet;
  apt?: CgoPackageSet;
}

export type SyntaxValidationSetting = 'auto' | 'on' | 'off';
export const SYNTAX_VALIDATION_SETTINGS: readonly SyntaxValidationSetting[] = ['auto', 'on', 'off'];

/** Whether DW0xx syntax diagnostics are produced under this config. */
export function syntaxValidationEnabled(config: DockwrightConfig): boolean {
  const setting = config.syntaxValidation ?? 'auto';
  if (setting === 'auto') return !config.dockerExtensionInstalled;
  return setting === 'on';
}

/** Whether findings that are BuildKit build checks are produced under this config (Docker DX reports them itself). */
export function buildkitChecksEnabled(config: DockwrightConfig): boolean {
  const setting = config.buildkitChecks ?? 'auto';
  if (setting === 'auto') return !config.dockerDxInstalled;
  return setting === 'on';
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];

/** Later configs win, rule by rule. */
export function mergeConfigs(...configs: (DockwrightConfig | undefined)[]): DockwrightConfig {
  const rules: Record<string, SeveritySetting> = {};
  const cgoModules: Record<string, CgoPackages> = {};
  const merged: DockwrightConfig = { rules };
  for (const c of configs) {
    Object.assign(rules, c?.rules ?? {});
    Object.assign(cgoModules, c?.cgoModules ?? {});
    if (c?.syntaxValidation !== undefined) merged.syntaxValidation = c.syntaxValidation;
    if (c?.dockerExtensionInstalled !== undefined) merged.dockerExtensionInstalled = c.dockerExtensionInstalled;
    if (c?.buildkitChecks !== undefined) merged.buildkitChecks = c.buildkitChecks;
    if (c?.dockerDxInstalled !== undefined) merged.dockerDxInstalled = c.dockerDxInstalled;
    if (c?.buildkitCheck !== undefined) merged.buildkitCheck = c.buildkitCheck;
    if (c?.maxFileBytes !== undefined) merged.maxFileBytes = c.maxFileBytes;
  }
  if (Object.keys(cgoModules).length) merged.cgoModules = cgoModules;
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
  const maxFileBytes = (input as Record<string, unknown>).maxFileBytes;
  if (maxFileBytes !== undefined) {
    if (typeof maxFileBytes !== 'number' || !Number.isSafeInteger(maxFileBytes) || maxFileBytes < 1) problems.push('"maxFileBytes" must be a positive whole number of bytes');
    else config.maxFileBytes = maxFileBytes;
  }
  const syntaxValidation = (input as Record<string, unknown>).syntaxValidation;
  if (syntaxValidation !== undefined) {
    if (typeof syntaxValidation === 'string' && SYNTAX_VALIDATION_SETTINGS.includes(syntaxValidation as SyntaxValidationSetting)) config.syntaxValidation = syntaxValidation as SyntaxValidationSetting;
    else problems.push(`"syntaxValidation" must be one of ${SYNTAX_VALIDATION_SETTINGS.join(', ')}`);
  }
  const buildkitChecks = (input as Record<string, unknown>).buildkitChecks;
  if (buildkitChecks !== undefined) {
    if (typeof buildkitChecks === 'string' && SYNTAX_VALIDATION_SETTINGS.includes(buildkitChecks as SyntaxValidationSetting)) config.buildkitChecks = buildkitChecks as SyntaxValidationSetting;
    else problems.push(`"buildkitChecks" must be one of ${SYNTAX_VALIDATION_SETTINGS.join(', ')}`);
  }
  const buildkitCheck = (input as Record<string, unknown>).buildkitCheck;
  if (buildkitCheck !== undefined) {
    if (typeof buildkitCheck === 'string') config.buildkitCheck = buildkitCheck;
    else problems.push('"buildkitCheck" must be a string such as "skip=all" or "skip=JSONArgsRecommended;error=true"');
  }
  const cgo = (input as Record<string, unknown>).cgoModules;
  if (cgo !== undefined) {
    const parsed = normalizeCgoModules(cgo, problems);
    if (parsed) config.cgoModules = parsed;
  }
  return { config, problems };
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9.+_:-]*$/.test(v)) ? (value as string[]) : undefined;
}

function normalizeCgoModules(input: unknown, problems: string[]): Record<string, CgoPackages> | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.push('"cgoModules" must be an object of module → { apk: { build, runtime }, apt: { build, runtime } }');
    return undefined;
  }
  const out: Record<string, CgoPackages> = {};
  for (const [module, value] of Object.entries(input)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`cgoModules "${module}": must be an object with "apk" and/or "apt"`);
      continue;
    }
    const entry: CgoPackages = {};
    for (const manager of ['apk', 'apt'] as const) {
      const set = (value as Record<string, unknown>)[manager] as Record<string, unknown> | undefined;
      if (set === undefined) continue;
      const build = stringList(set?.build ?? []);
      const runtime = stringList(set?.runtime ?? []);
      if (!build || !runtime) problems.push(`cgoModules "${module}".${manager}: "build" and "runtime" must be lists of package names`);
      else entry[manager] = { build, runtime };
    }
    out[module] = entry;
  }
  return out;
}
