// Small client-side reader of compose files: services with their build context, Dockerfile, profiles,
// healthcheck and published ports. Stand-in until the shared compose model (branch `compose`) lands.
// Pure: takes file text, returns plain data.
import { parseDocument } from 'yaml';
import { PROFILE_NAME, SERVICE_NAME } from './validate';

export interface ComposeService {
  name: string;
  profiles: string[];
  /** Build context as written (relative to the compose file's folder), when the service builds. */
  buildContext?: string;
  /** Dockerfile as written (relative to the build context), default `Dockerfile`. */
  dockerfile?: string;
  image?: string;
  /** True when the compose file defines a healthcheck test (not disabled). */
  hasHealthcheck: boolean;
  healthcheckDisabled: boolean;
  /** Path to probe over HTTP: label `dockwright.health.path`, else a URL path in the healthcheck test, else `/health`. */
  healthPath: string;
  labels: Record<string, string>;
}

export interface ComposeFileModel {
  services: ComposeService[];
  /** Names that were skipped because they fail the strict name rules. */
  rejected: string[];
  error?: string;
}

export function readComposeFile(text: string): ComposeFileModel {
  const model: ComposeFileModel = { services: [], rejected: [] };
  let root: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length) model.error = doc.errors[0].message;
    root = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    model.error = e instanceof Error ? e.message : String(e);
    return model;
  }
  const services = isObject(root) && isObject(root.services) ? root.services : {};
  for (const [name, raw] of Object.entries(services).slice(0, 5000)) {
    if (!SERVICE_NAME.test(name)) {
      model.rejected.push(name);
      continue;
    }
    const def = isObject(raw) ? raw : {};
    const profiles = Array.isArray(def.profiles) ? def.profiles.filter((p): p is string => typeof p === 'string' && PROFILE_NAME.test(p)) : [];
    let buildContext: string | undefined;
    let dockerfile: string | undefined;
    if (typeof def.build === 'string') buildContext = def.build;
    else if (isObject(def.build)) {
      buildContext = typeof def.build.context === 'string' ? def.build.context : '.';
      if (typeof def.build.dockerfile === 'string') dockerfile = def.build.dockerfile;
    }
    if (buildContext !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(buildContext)) buildContext = undefined; // git/http contexts: nothing local
    const hc = isObject(def.healthcheck) ? def.healthcheck : undefined;
    const healthcheckDisabled = hc?.disable === true || (Array.isArray(hc?.test) && hc.test[0] === 'NONE');
    const testText = Array.isArray(hc?.test) ? hc.test.map(String).join(' ') : typeof hc?.test === 'string' ? hc.test : '';
    const labels = labelsOf(def.labels);
    const urlPath = /https?:\/\/[^/\s"']+(\/[^\s"']*)/.exec(testText)?.[1];
    const labelPath = labels['dockwright.health.path'];
    model.services.push({
      name,
      profiles,
      buildContext,
      dockerfile: buildContext !== undefined ? dockerfile ?? 'Dockerfile' : undefined,
      image: typeof def.image === 'string' ? def.image : undefined,
      hasHealthcheck: !!testText && !healthcheckDisabled,
      healthcheckDisabled,
      healthPath: safeHttpPath(labelPath) ?? safeHttpPath(urlPath) ?? '/health',
      labels,
    });
  }
  return model;
}

/** Services enabled by the given profiles (services without profiles are always enabled). */
export function activeServices(model: ComposeFileModel, profiles: readonly string[]): ComposeService[] {
  const active = new Set(profiles);
  return model.services.filter((s) => s.profiles.length === 0 || active.has('*') || s.profiles.some((p) => active.has(p)));
}

export function allProfiles(model: ComposeFileModel): string[] {
  return [...new Set(model.services.flatMap((s) => s.profiles))].sort();
}

function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item !== 'string') continue;
      const eq = item.indexOf('=');
      if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
    }
  } else if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) if (val !== null && typeof val !== 'object') out[k] = String(val);
  }
  return out;
}

function safeHttpPath(p: string | undefined): string | undefined {
  return p && /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,200}$/.test(p) ? p : undefined;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
