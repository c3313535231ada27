// Services of a compose file as the client's engine commands need them: build context, Dockerfile, profiles,
// healthcheck and health path. Built on the compose model. Pure: takes file text, returns plain data. The
// client asks for it with the `dockwright/composeServices` request (shared/protocol.ts, lsp/customRequests.ts).
import type { ComposeFileModel, ComposeService } from '../../../../shared/protocol';
import { PROFILE_NAME, SERVICE_NAME } from '../../../../shared/names';
import { parseCompose } from './model';

export type { ComposeFileModel, ComposeService };

export function readComposeFile(text: string): ComposeFileModel {
  const out: ComposeFileModel = { services: [], rejected: [] };
  let model: ReturnType<typeof parseCompose>;
  try {
    model = parseCompose(text);
  } catch (e) {
    out.error = e instanceof Error ? e.message : String(e);
    return out;
  }
  if (model.syntaxErrors.length) out.error = model.syntaxErrors[0].message;
  const data = isObject(model.data) && isObject(model.data.services) ? model.data.services : {};
  for (const svc of model.services.slice(0, 5000)) {
    const name = svc.name;
    if (!SERVICE_NAME.test(name)) {
      out.rejected.push(name);
      continue;
    }
    const plain = isObject(data[name]) ? data[name] : {};
    let buildContext: string | undefined = svc.build && !svc.build.dockerfileInline ? svc.build.context || '.' : undefined;
    if (buildContext !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(buildContext)) buildContext = undefined; // git/http contexts: nothing local
    if (buildContext !== undefined && buildContext.includes('$')) buildContext = undefined; // needs interpolation: not guessed
    const hc = svc.healthcheck;
    const testText = Array.isArray(hc?.test) ? hc.test.join(' ') : typeof hc?.test === 'string' ? hc.test : '';
    const healthcheckDisabled = hc?.disabled === true;
    const labels = labelsOf(plain.labels);
    const urlPath = /https?:\/\/[^/\s"']+(\/[^\s"']*)/.exec(testText)?.[1];
    out.services.push({
      name,
      profiles: svc.profiles.map((p) => p.value).filter((p) => PROFILE_NAME.test(p)),
      buildContext,
      dockerfile: buildContext !== undefined ? svc.build?.dockerfile?.value ?? 'Dockerfile' : undefined,
      image: svc.image?.value,
      hasHealthcheck: !!testText && !healthcheckDisabled,
      healthcheckDisabled,
      healthPath: safeHttpPath(labels['dockwright.health.path']) ?? safeHttpPath(urlPath) ?? '/health',
      labels,
    });
  }
  return out;
}

/** Services enabled by the given profiles (services without profiles are always enabled). */
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
