import table from '../data/interpreted-needs.json';

export type Manager = 'apk' | 'apt';

/** One package of the table: the tools it runs, the system libraries it loads, whether it is compiled when installed. */
export interface ModuleNeeds {
  tools?: string[];
  apt?: string[];
  apk?: string[];
  native?: boolean;
  /** pypi: the distribution (what pip installs and lock files name). */
  dist?: string;
  /** It brings its own copy of a tool (ffmpeg-static): needs nothing from the system. */
  bundles?: string;
}

export interface NeedsTable {
  tools: Map<string, { apt: string[]; apk: string[] }>;
  npm: Map<string, ModuleNeeds>;
  npmNativeMarkers: Set<string>;
  /** By import name (`PIL`, `MySQLdb`). */
  pypi: Map<string, ModuleNeeds>;
}

let cached: NeedsTable | undefined;

/** The built-in table (core/data/interpreted-needs.json). */
export function needsTable(): NeedsTable {
  if (cached) return cached;
  const t = table as unknown as { tools: Record<string, { apt: string[]; apk: string[] }>; npm: Record<string, ModuleNeeds>; npmNativeMarkers: string[]; pypi: Record<string, ModuleNeeds> };
  cached = {
    tools: new Map(Object.entries(t.tools)),
    npm: new Map(Object.entries(t.npm)),
    npmNativeMarkers: new Set(t.npmNativeMarkers),
    pypi: new Map(Object.entries(t.pypi)),
  };
  return cached;
}

/** A system package name without version pins, version digits and Debian's `t64` suffix: `libvips42t64` ≈ `libvips42` ≈ `libvips`. */
export function packageStem(name: string): string {
  return name
    .replace(/[=<>~].*$/, '')
    .replace(/:[a-z0-9]+$/, '')
    .replace(/t64$/, '')
    .replace(/[\d.]+/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** What a need is: a tool a program runs, or a package (npm/pypi) it imports. */
export type Need = { kind: 'tool'; name: string } | { kind: 'npm' | 'pypi'; name: string };

export function needKey(n: Need): string {
  return `${n.kind}:${n.name}`;
}

/**
 * For every system package the table knows, the needs it serves (by package stem and manager): `ffmpeg` serves the
 * tools ffmpeg/ffprobe and the npm package fluent-ffmpeg (which runs them), `libpq5` serves psycopg2…
 */
export function packageUsers(t: NeedsTable, manager: Manager): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  const add = (pkg: string, key: string) => {
    const stem = packageStem(pkg);
    (users.get(stem) ?? users.set(stem, new Set()).get(stem)!).add(key);
  };
  for (const [tool, pk] of t.tools) for (const p of pk[manager] ?? []) add(p, `tool:${tool}`);
  for (const [kind, map] of [['npm', t.npm], ['pypi', t.pypi]] as const) {
    for (const [name, m] of map) {
      for (const p of m[manager] ?? []) add(p, `${kind}:${name}`);
      for (const tool of m.tools ?? []) for (const p of t.tools.get(tool)?.[manager] ?? []) add(p, `${kind}:${name}`);
    }
  }
  return users;
}
