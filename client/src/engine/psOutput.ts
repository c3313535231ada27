// Parsers for container listings and health: `docker compose ps --format json` (v2: a JSON array in
// older releases, one object per line since 2.21), `docker ps --format '{{json .}}'` filtered by the compose
// project label (compose v1 has no JSON ps), and `docker inspect` (health details, published ports).
// Pure: no vscode, no I/O.

export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface PublishedPort {
  /** Host address as published: `127.0.0.1`, `0.0.0.0`, `::`, or '' for all. */
  host: string;
  published: number;
  target: number;
  protocol: string;
}

export interface ContainerInfo {
  id: string;
  name: string;
  service?: string;
  project?: string;
  /** running, exited, created, restarting, paused, dead … */
  state: string;
  status: string;
  /** Health reported by the engine's healthcheck; 'none' when the container has none. */
  health: HealthState;
  ports: PublishedPort[];
  image?: string;
}

const MAX_RECORDS = 10_000;

/** Accepts a JSON array, a single object, or one JSON object per line; skips lines that are not JSON. */
export function parseJsonRecords(text: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) {
    try {
      const value = JSON.parse(trimmed);
      return Array.isArray(value) ? value.filter(isObject).slice(0, MAX_RECORDS) : [];
    } catch {
      /* fall through to line mode */
    }
  }
  const out: Record<string, unknown>[] = [];
  for (const line of trimmed.split(/\r?\n/)) {
    if (out.length >= MAX_RECORDS) break;
    const l = line.trim();
    if (!l.startsWith('{')) continue;
    try {
      const value = JSON.parse(l);
      if (isObject(value)) out.push(value);
    } catch {
      /* not JSON: warnings printed by the CLI */
    }
  }
  return out;
}

/** `docker compose ps --all --format json` (compose v2). */
export function parseComposePs(text: string): ContainerInfo[] {
  return parseJsonRecords(text).map((r) => {
    const labels = typeof r.Labels === 'string' ? parseLabels(r.Labels) : {};
    const status = str(r.Status);
    const ports = Array.isArray(r.Publishers) ? r.Publishers.filter(isObject).map(publisherToPort).filter(isPort) : parsePortsText(str(r.Ports));
    return {
      id: str(r.ID),
      name: str(r.Name) || str(r.Names),
      service: str(r.Service) || labels['com.docker.compose.service'] || undefined,
      project: str(r.Project) || labels['com.docker.compose.project'] || undefined,
      state: str(r.State).toLowerCase() || stateFromStatus(status),
      status,
      health: healthFrom(str(r.Health), status),
      ports: dedupePorts(ports),
      image: str(r.Image) || undefined,
    };
  });
}

/** `docker ps --all --filter label=com.docker.compose.project=P --format '{{json .}}'` (works with compose v1). */
export function parseDockerPs(text: string): ContainerInfo[] {
  return parseJsonRecords(text).map((r) => {
    const labels = typeof r.Labels === 'string' ? parseLabels(r.Labels) : {};
    const status = str(r.Status);
    return {
      id: str(r.ID),
      name: str(r.Names).split(',')[0] ?? '',
      service: labels['com.docker.compose.service'] || undefined,
      project: labels['com.docker.compose.project'] || undefined,
      state: str(r.State).toLowerCase() || stateFromStatus(status),
      status,
      health: healthFrom('', status),
      ports: dedupePorts(parsePortsText(str(r.Ports))),
      image: str(r.Image) || undefined,
    };
  });
}

export interface InspectedHealth {
  id: string;
  name: string;
  service?: string;
  running: boolean;
  health: HealthState;
  failingStreak: number;
  /** Output of the last healthcheck run, trimmed. */
  lastOutput?: string;
  lastExitCode?: number;
  /** The healthcheck test as configured (`["CMD", …]`), if any and not disabled. */
  test?: string[];
  ports: PublishedPort[];
}

/** Full `docker inspect <ids…>` JSON (same shape for every engine version). */
export function parseInspect(text: string): InspectedHealth[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).slice(0, MAX_RECORDS).map((c) => {
    const state = isObject(c.State) ? c.State : {};
    const health = isObject(state.Health) ? state.Health : undefined;
    const config = isObject(c.Config) ? c.Config : {};
    const labels = isObject(config.Labels) ? (config.Labels as Record<string, unknown>) : {};
    const hc = isObject(config.Healthcheck) ? config.Healthcheck : undefined;
    const test = hc && Array.isArray(hc.Test) ? hc.Test.map(String) : undefined;
    const log = health && Array.isArray(health.Log) ? health.Log.filter(isObject) : [];
    const last = log[log.length - 1];
    const ports: PublishedPort[] = [];
    const net = isObject(c.NetworkSettings) && isObject(c.NetworkSettings.Ports) ? c.NetworkSettings.Ports : {};
    for (const [key, bindings] of Object.entries(net)) {
      const [target, protocol = 'tcp'] = key.split('/');
      if (!Array.isArray(bindings)) continue;
      for (const b of bindings.filter(isObject)) {
        const published = Number(b.HostPort);
        if (Number.isInteger(published) && published > 0) ports.push({ host: str(b.HostIp), published, target: Number(target), protocol });
      }
    }
    return {
      id: str(c.Id),
      name: str(c.Name).replace(/^\//, ''),
      service: typeof labels['com.docker.compose.service'] === 'string' ? (labels['com.docker.compose.service'] as string) : undefined,
      running: state.Running === true,
      health: health ? healthFrom(str(health.Status), '') : 'none',
      failingStreak: typeof health?.FailingStreak === 'number' ? health.FailingStreak : 0,
      lastOutput: last ? str(last.Output).trim().slice(0, 500) : undefined,
      lastExitCode: last && typeof last.ExitCode === 'number' ? last.ExitCode : undefined,
      test: test && test[0] !== 'NONE' && test.length > 0 ? test : undefined,
      ports: dedupePorts(ports),
    };
  });
}

/** `docker image inspect --format '{{json .Size}}' IMAGE` → bytes. */
export function parseImageSize(text: string): number | undefined {
  const n = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}

/** `127.0.0.1:18081->8080/tcp, :::8080->8080/tcp, 9000/tcp` → published ports only. */
export function parsePortsText(text: string): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const part of text.split(',').slice(0, 1000)) {
    const m = /^\s*(.*):(\d+)(?:-(\d+))?->(\d+)(?:-(\d+))?\/(\w+)\s*$/.exec(part);
    if (!m) continue;
    const host = m[1].replace(/^\[|\]$/g, '');
    const first = Number(m[2]);
    const last = m[3] ? Number(m[3]) : first;
    const target = Number(m[4]);
    for (let p = first, t = target; p <= last && p - first < 100; p++, t++) out.push({ host: host === '::' ? '::' : host, published: p, target: t, protocol: m[6] });
  }
  return out;
}

function publisherToPort(p: Record<string, unknown>): PublishedPort {
  return { host: str(p.URL), published: Number(p.PublishedPort), target: Number(p.TargetPort), protocol: str(p.Protocol) || 'tcp' };
}

function isPort(p: PublishedPort): boolean {
  return Number.isInteger(p.published) && p.published > 0 && p.published < 65536;
}

function dedupePorts(ports: PublishedPort[]): PublishedPort[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const key = `${p.published}/${p.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function healthFrom(health: string, status: string): HealthState {
  const h = health.toLowerCase();
  if (h === 'healthy' || h === 'unhealthy' || h === 'starting') return h;
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return 'none';
}

function stateFromStatus(status: string): string {
  if (/^Up\b/.test(status)) return 'running';
  if (/^Exited\b/.test(status)) return 'exited';
  if (/^Created\b/.test(status)) return 'created';
  if (/^Restarting\b/.test(status)) return 'restarting';
  return status ? status.split(' ')[0].toLowerCase() : 'unknown';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
