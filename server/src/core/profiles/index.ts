import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import { addTopLevelEntry, appendToMap, indentStep, insertLinesAfter, prependToMap, removePair, replaceNode } from '../compose/edits';
import { debugSetting, infraImage, isDevTool, isSecretName } from '../compose/knowledge';
import type { ComposeModel, ComposeService, EnvVar } from '../compose/model';
import { parseCompose } from '../compose/model';
import { hardCodedSecret, requiredRef } from '../rules/compose/dw206-secret-in-prod';
import { removeEnvEdit, setEnvEdit } from '../rules/compose/dw207-debug-in-prod';
import type { EditPlan, TextEdit } from '../types';
import { dirName, joinPath, type Workspace } from '../workspace';

export type WiringStrategy = 'twins' | 'shared';

export interface ProfilesOptions {
  /** `twins` (default): dev infra + a `-prod` twin per infra service apps use. `shared`: one infra service in both profiles. */
  strategy?: WiringStrategy;
  devProfile?: string;
  prodProfile?: string;
}

const TWIN_SUFFIX = '-prod';
/** Folder (next to the compose file) of the per-service env files that hold the prod-only required variables. */
export const ENV_FILE_DIR = 'env';

/** `env/<service>.<prod>.env`, relative to the compose file's folder (the form written in `env_file:`). */
export function prodEnvFile(service: string, prod: string): string {
  return `${ENV_FILE_DIR}/${service}.${prod}.env`;
}

/** Whether a value makes Compose require a variable (`${VAR:?…}`, `${VAR?…}`). */
function requiresVariable(value: string): boolean {
  return /\$\{[A-Za-z_][A-Za-z0-9_]*:?\?/.test(value.replace(/\$\$/g, ''));
}


/**
 * Plans the dev/prod profile wiring of a compose file: `dev` = infrastructure only (databases, caches, brokers,
 * with host ports for apps run on the host), `prod` = the full stack. With the `twins` strategy every infra service
 * an app uses gets a `-prod` twin (profile prod, no host ports, named volume, healthcheck, required secrets) and the
 * apps' depends_on and connection URLs point at it. Secret-like variables of prod services become required, debug
 * settings go. A required variable of a service that does not run in dev is written into that service's own env file
 * (`env/<service>.prod.env`, `KEY=${KEY:?KEY must be set}`), never into the compose file: Compose interpolates every
 * service of the file before it applies `--profile`, so `${KEY:?…}` there would make `--profile dev` fail too, while
 * Compose v2 reads (and interpolates) the env files of enabled services only. Idempotent: every step checks whether it is already done. Edits are minimal text edits, so comments
 * and formatting survive.
 */
export function planProfiles(workspace: Workspace, composePath: string, options: ProfilesOptions = {}): { plan: EditPlan; notes: string[] } {
  const notes: string[] = [];
  const plan: EditPlan = { creates: [], edits: [], deletes: [], notes };
  const text = workspace.readText(composePath);
  if (text === undefined) {
    notes.push(`${composePath} cannot be read.`);
    return { plan, notes };
  }
  const model = parseCompose(text);
  if (model.syntaxErrors.length > 0) {
    notes.push(`${composePath} has YAML errors (${model.syntaxErrors[0].message}); fix them first.`);
    return { plan, notes };
  }
  const strategy = options.strategy ?? 'twins';
  const dev = options.devProfile ?? 'dev';
  const prod = options.prodProfile ?? 'prod';
  const edits: TextEdit[] = [];
  const step = indentStep(model);
  const names = new Set(model.services.map((s) => s.name));

  const isInfra = (s: ComposeService) => !s.build && !!infraImage(s.image?.value);
  const isTwin = (s: ComposeService) => s.name.endsWith(TWIN_SUFFIX) && names.has(s.name.slice(0, -TWIN_SUFFIX.length));
  const infra = model.services.filter((s) => isInfra(s) && !isTwin(s));
  const devTools = model.services.filter((s) => !s.build && isDevTool(s.image?.value));
  const apps = model.services.filter((s) => !isInfra(s) && !devTools.includes(s));
  for (const tool of devTools) {
    if (tool.profiles.length > 0) continue;
    pushEdit(edits, prependToMap(model, tool.node, [`profiles: [${JSON.stringify(dev)}]`]));
    notes.push(`${tool.name}: developer tool → profile ${dev}.`);
  }
  if (infra.length === 0) {
    // Without infrastructure there is no dev-only part: profiling the apps would make `docker compose up` start nothing.
    notes.push('No database, cache or broker image found: nothing to split into dev and prod, the file is left as it is.');
    return { plan, notes };
  }

  const usedByApps = new Set<string>();
  for (const app of apps) {
    for (const d of app.dependsOn) if (infra.some((i) => i.name === d.name)) usedByApps.add(d.name);
    for (const env of app.environment) for (const i of infra) if (env.value && hostPattern(i.name).test(env.value)) usedByApps.add(i.name);
  }

  const twinOf = new Map<string, string>();
  /** Prod-only services → the `KEY=value` lines of their env file, in order. */
  const required = new Map<string, { name: string; value: string }[]>();
  const addRequired = (service: string, name: string, value: string) => {
    const list = required.get(service) ?? [];
    if (!list.some((l) => l.name === name)) list.push({ name, value });
    required.set(service, list);
  };
  const newVolumes: string[] = [];

  for (const service of infra) {
    const info = infraImage(service.image?.value)!;
    if (service.profiles.length === 0) {
      const profiles = strategy === 'shared' ? [dev, prod] : [dev];
      const edit = prependToMap(model, service.node, [`profiles: [${profiles.map((p) => JSON.stringify(p)).join(', ')}]`]);
      pushEdit(edits, edit);
      notes.push(edit ? `${service.name}: ${info.kind} → profile${profiles.length > 1 ? 's' : ''} ${profiles.join(', ')}.` : `${service.name}: written as a flow mapping; add profiles: [${profiles.join(', ')}] by hand.`);
    }
    if (strategy === 'twins' && service.ports.length === 0 && !service.profiles.some((p) => p.value !== dev)) {
      pushEdit(edits, appendToMap(model, service.node, ['ports:', `${' '.repeat(step)}- "${info.port}:${info.port}"`]));
      notes.push(`${service.name}: publishes ${info.port} so apps running on the host reach it in dev.`);
    }
    if (strategy === 'shared') {
      for (const port of service.ports) {
        if (!port.hostIp && port.published && isScalar(port.node)) pushEdit(edits, replaceNode(model, port.node, JSON.stringify(`127.0.0.1:${port.raw}`)));
      }
      if (service.ports.some((p) => !p.hostIp && p.published)) notes.push(`${service.name}: host ports bound to 127.0.0.1 (it also runs in ${prod}).`);
      if (service.environment.some((e) => isSecretName(e.name) && hardCodedSecret(e.value))) notes.push(`${service.name}: secrets are now required in every profile (shared infra); set them in .env for dev.`);
      if (!service.healthcheck && info.healthcheck) {
        pushEdit(edits, appendToMap(model, service.node, healthcheckBlock(info.healthcheck(envRecord(service.environment)), step)));
      }
      for (const env of service.environment) {
        if (isSecretName(env.name) && hardCodedSecret(env.value)) pushEdit(edits, requireEdit(env));
      }
      continue;
    }
    if (!usedByApps.has(service.name)) continue;
    const twin = service.name + TWIN_SUFFIX;
    twinOf.set(service.name, twin);
    if (names.has(twin)) continue;
    const volume = `${service.name}${TWIN_SUFFIX}-data`;
    const secrets = service.environment.filter((e) => isSecretName(e.name) && hardCodedSecret(e.value)).map((e) => e.name);
    for (const name of secrets) addRequired(twin, name, requiredRef(name));
    const block = twinBlock(model, service, twin, prod, volume, step, secrets.length ? prodEnvFile(twin, prod) : undefined);
    const lastLine = lastLineOf(model, service);
    pushEdit(edits, insertLinesAfter(model, lastLine, ['', ...block]));
    if (info.dataDir) newVolumes.push(volume);
    const parts = ['no host ports', `named volume ${info.dataDir ? volume : '(none: no known data dir)'}`];
    if (block.some((l) => l.trim() === 'healthcheck:')) parts.push('healthcheck');
    if (secrets.length) parts.push(`${secrets.join(', ')} required from ${prodEnvFile(twin, prod)}`);
    notes.push(`${twin}: new ${prod} twin of ${service.name} — ${parts.join(', ')}.`);
  }

  if (newVolumes.length) {
    const declared = new Set(model.volumes.map((v) => v.name));
    const missing = newVolumes.filter((v) => !declared.has(v));
    if (missing.length) {
      const first = addTopLevelEntry(model, 'volumes', model.volumesNode, missing[0]);
      const eol = model.lines.eol;
      const extra = missing.slice(1).map((v) => (first.newText.endsWith(eol) ? `${' '.repeat(step)}${v}:${eol}` : `${eol}${' '.repeat(step)}${v}:`)).join('');
      pushEdit(edits, { range: first.range, newText: first.newText + extra });
    }
  }

  for (const app of apps) {
    // Not started by `--profile dev`: its required variables go to its env file (see the function's comment).
    const prodOnly = !app.profiles.some((p) => p.value === dev || p.value === '*');
    const ownEnvFile = app.keys.get('env_file');
    const moveRequired = prodOnly && !ownEnvFile;
    if (prodOnly && ownEnvFile) notes.push(`${app.name}: already has an env_file, so its required variables stay in the compose file; move them into that env file, or \`--profile ${dev}\` fails without them.`);
    const moved: EnvVar[] = [];
    const dropped: EnvVar[] = [];
    const newlyRequired: string[] = [];
    const move = (env: EnvVar, value: string) => {
      addRequired(app.name, env.name, value);
      moved.push(env);
    };
    if (app.profiles.length === 0) {
      const edit = prependToMap(model, app.node, [`profiles: [${JSON.stringify(prod)}]`]);
      pushEdit(edits, edit);
      notes.push(edit ? `${app.name}: application → profile ${prod}.` : `${app.name}: written as a flow mapping; add profiles: [${prod}] by hand.`);
    }
    for (const dep of app.dependsOn) {
      const twin = twinOf.get(dep.name);
      if (twin) pushEdit(edits, replaceNode(model, dep.node, twin));
    }
    const appEnvEdits: TextEdit[] = [];
    for (const env of app.environment) {
      const debug = debugSetting(env.name, env.value);
      if (debug) {
        if (!debug.production) {
          dropped.push(env);
          notes.push(`${app.name}: removed ${env.name} for ${prod}.`);
          continue;
        }
        const edit = setEnvEdit(env, debug.production);
        if (edit) {
          appEnvEdits.push(edit);
          notes.push(`${app.name}: ${env.name}=${debug.production} for ${prod}.`);
        }
        continue;
      }
      if (isSecretName(env.name) && hardCodedSecret(env.value)) {
        if (moveRequired) {
          move(env, requiredRef(env.name));
          newlyRequired.push(env.name);
          continue;
        }
        const edit = requireEdit(env);
        if (edit) {
          appEnvEdits.push(edit);
          notes.push(`${app.name}: ${env.name} is now required (\${${env.name}:?…}).`);
        }
        continue;
      }
      const rewritten = rewriteConnection(model, env, infra, twinOf, strategy === 'shared');
      const value = rewritten ? connectionValue(env, rewritten.newText) : env.value;
      if (moveRequired && value !== undefined && requiresVariable(value) && !value.includes('$$')) {
        move(env, value);
        continue;
      }
      if (rewritten) appEnvEdits.push(rewritten);
    }
    const gone = [...dropped, ...moved];
    const whole = app.keys.get('environment');
    if (gone.length && gone.length === app.environment.length && whole && !whole.merged) appEnvEdits.push(removePair(model, whole.pair));
    else for (const env of gone) pushEdit(appEnvEdits, removeEnvEdit(model, app, env));
    if (moved.length) {
      pushEdit(edits, prependToMap(model, app.node, [`env_file: ${prodEnvFile(app.name, prod)}`]));
      const names = moved.map((e) => (newlyRequired.includes(e.name) ? `${e.name} (now required)` : e.name)).join(', ');
      notes.push(`${app.name}: ${names} moved to ${prodEnvFile(app.name, prod)}, which Compose reads only when ${app.name} runs, so \`--profile ${dev}\` does not need ${moved.length > 1 ? 'them' : 'it'}.`);
    }
    for (const e of appEnvEdits) pushEdit(edits, e);
  }

  for (const [service, lines] of required) {
    const rel = prodEnvFile(service, prod);
    const path = joinPath(dirName(composePath), rel);
    if (path === undefined) continue;
    const existing = workspace.readText(path);
    if (existing === undefined) {
      plan.creates.push({ path, content: envFileText(service, prod, dev, lines) });
      continue;
    }
    const have = new Set([...existing.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]));
    const missing = lines.filter((l) => !have.has(l.name));
    if (!missing.length) continue;
    const all = existing.split('\n');
    const last = all.length - 1;
    const end = { line: last, character: all[last].length };
    const lead = existing === '' || existing.endsWith('\n') ? '' : '\n';
    plan.edits.push({ path, edits: [{ range: { start: end, end }, newText: lead + missing.map(envLine).join('\n') + '\n' }] });
  }

  if (edits.length) plan.edits.unshift({ path: composePath, edits: mergeInserts(edits) });
  else if (!plan.creates.length && !plan.edits.length) notes.push('Already wired: nothing to change.');
  return { plan, notes };
}

/** The value a connection-URL edit writes, as Compose reads it (a JSON-quoted scalar unquoted). */
function connectionValue(env: EnvVar, newText: string): string {
  // The value range of a list entry (`- NAME=value`) covers `NAME=` too.
  if (env.form === 'list' && newText.startsWith(`${env.name}=`)) newText = newText.slice(env.name.length + 1);
  if (newText.startsWith('"')) {
    try {
      return JSON.parse(newText) as string;
    } catch {
      return newText;
    }
  }
  return newText;
}

function envLine(line: { name: string; value: string }): string {
  // Unquoted values end at ` #` (a comment) in dotenv files: quote those. Double quotes keep `${…}` interpolated.
  const value = /\s#|^["']|\s$|\n/.test(line.value) ? JSON.stringify(line.value) : line.value;
  return `${line.name}=${value}`;
}

function envFileText(service: string, prod: string, dev: string, lines: { name: string; value: string }[]): string {
  return [
    `# Variables "${service}" needs in profile ${prod}, written by Dockwright's Wire Compose Profiles.`,
    `# Compose v2 reads this file only when "${service}" runs, so \`docker compose --profile ${dev} up\` works without them,`,
    `# and \`--profile ${prod}\` stops with the message of the first one that is not set. Set the values in your shell or in`,
    '# the .env next to the compose file; keep real secrets out of this file (it can be committed).',
    '# docker-compose v1 does not expand ${…} in env files (it would pass the text as it is): use Compose v2.',
    ...lines.map(envLine),
    '',
  ].join('\n');
}

function pushEdit(edits: TextEdit[], edit: TextEdit | undefined): void {
  if (edit) edits.push(edit);
}

/** Zero-width inserts at the same spot become one edit (in order), so they cannot be reordered or collide. */
function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const empty = e.range.start.line === e.range.end.line && e.range.start.character === e.range.end.character;
    const same = empty && out.find((o) => o.range.start.line === e.range.start.line && o.range.start.character === e.range.start.character && o.range.end.line === o.range.start.line && o.range.end.character === o.range.start.character);
    if (same) same.newText += e.newText;
    else out.push({ ...e, range: { start: { ...e.range.start }, end: { ...e.range.end } } });
  }
  return out;
}

function hostPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<=[@/]|^)${escaped}(?=:\\d|[/?]|$)`, 'g');
}

function envRecord(env: EnvVar[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const e of env) out[e.name] = e.value;
  return out;
}

function requireEdit(env: EnvVar): TextEdit | undefined {
  if (env.form === 'map') return env.valueRange ? { range: env.valueRange, newText: requiredRef(env.name) } : undefined;
  return { range: env.range, newText: `${env.name}=${requiredRef(env.name)}` };
}

/** Points a connection URL at the twin; a literal password of the infra service in it becomes a required variable. */
function rewriteConnection(model: ComposeModel, env: EnvVar, infra: ComposeService[], twinOf: Map<string, string>, shared: boolean): TextEdit | undefined {
  if (!env.value || !env.valueRange) return undefined;
  const start = model.lines.offsetAt(env.valueRange.start);
  const end = model.lines.offsetAt(env.valueRange.end);
  let source = model.text.slice(start, end);
  const original = source;
  for (const service of infra) {
    const twin = twinOf.get(service.name);
    if (!hostPattern(service.name).test(env.value)) continue;
    if (!twin && !shared) continue;
    const host = twin ?? service.name;
    if (twin) source = source.replace(hostPattern(service.name), twin);
    for (const secret of service.environment) {
      if (!isSecretName(secret.name) || !secret.value || secret.value.includes('$') || secret.value.length < 3) continue;
      source = source.replace(new RegExp(`(//[^:/@\\s]+:)${secret.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(@${host.replace(/[-]/g, '\\-')})`), `$1${requiredRef(secret.name)}$2`);
    }
  }
  if (source === original) return undefined;
  if (env.form === 'map' && /^[^"']/.test(source) && /\$\{/.test(source) && /: /.test(source)) source = JSON.stringify(source);
  return { range: env.valueRange, newText: source };
}

function lastLineOf(model: ComposeModel, service: ComposeService): number {
  const r = (service.node as Node | undefined)?.range;
  if (!r) return service.keyRange.end.line;
  let end = r[1];
  while (end > r[0] && /\s/.test(model.text[end - 1])) end--;
  return model.lines.positionAt(end).line;
}

function healthcheckBlock(test: string[], step: number): string[] {
  const pad = ' '.repeat(step);
  return ['healthcheck:', `${pad}test: [${test.map((t) => JSON.stringify(t)).join(', ')}]`, `${pad}interval: 5s`, `${pad}timeout: 3s`, `${pad}retries: 10`];
}

/** The twin's lines, indented like the services: same image and environment, prod profile, named volume, healthcheck, no ports. */
function twinBlock(model: ComposeModel, service: ComposeService, twin: string, prod: string, volume: string, step: number, envFile?: string): string[] {
  const info = infraImage(service.image?.value)!;
  const base = service.keyRange.start.character;
  const pad = (n: number) => ' '.repeat(base + n * step);
  const lines: string[] = [`${pad(0)}${twin}:`, `${pad(1)}profiles: [${JSON.stringify(prod)}]`];
  const doc = new Document();
  const emit = (key: string, value: unknown, flowSeq = false) => {
    const node = doc.createNode(value) as Node;
    if (flowSeq && isSeq(node)) node.flow = true;
    if (key === 'healthcheck' && isMap(node)) {
      // Written like hand-made healthchecks: `test: ["CMD", "…"]`.
      lines.push(`${pad(1)}${key}:`);
      for (const p of node.items) {
        const v = (p.value as Node).toJSON();
        lines.push(`${pad(2)}${String((p.key as any)?.value)}: ${Array.isArray(v) ? `[${v.map((x) => JSON.stringify(String(x))).join(', ')}]` : new Document(v).toString().trim()}`);
      }
      return;
    }
    const d = new Document(node);
    const body = d.toString({ indent: step, lineWidth: 0 }).replace(/\n$/, '');
    if (isMap(node) || (isSeq(node) && !flowSeq)) {
      lines.push(`${pad(1)}${key}:`);
      for (const l of body.split('\n')) lines.push(`${pad(2)}${l}`);
    } else lines.push(`${pad(1)}${key}: ${body}`);
  };
  const data = (model.doc.getIn(['services', service.name], false) as Node | undefined)?.toJSON?.() ?? {};
  const record = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'ports' || key === 'profiles' || key === 'container_name' || key === 'volumes' || key === 'healthcheck') continue;
    if (key === 'environment') {
      // Required secrets are in the twin's env file (`envFile`): written here, `--profile dev` would need them too.
      const env: Record<string, unknown> = {};
      for (const e of service.environment) if (!(envFile && isSecretName(e.name) && hardCodedSecret(e.value))) env[e.name] = e.value ?? null;
      if (envFile) lines.push(`${pad(1)}env_file: ${envFile}`);
      if (Object.keys(env).length) emit(key, env);
      continue;
    }
    emit(key, value, (key === 'command' || key === 'entrypoint') && Array.isArray(value));
  }
  if (info.dataDir) emit('volumes', [`${volume}:${info.dataDir}`]);
  const healthcheck = record.healthcheck ?? (info.healthcheck ? { test: info.healthcheck(envRecord(service.environment)), interval: '5s', timeout: '3s', retries: 10 } : undefined);
  if (healthcheck) emit('healthcheck', healthcheck);
  if (!('restart' in record)) lines.push(`${pad(1)}restart: unless-stopped`);
  return lines;
}
