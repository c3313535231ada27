/**
 * Cargo projects as the split planner needs them: which binaries a
 * `cargo build` / `cargo install` line produces, and which system libraries
 * each binary's package links (through `-sys` crates).
 */
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { baseName, dirName, joinPath, type Workspace } from '../workspace';
import { LOCK_FEATURE_GATES, NATIVE_CRATES, WRAPPER_CRATES, type DistroPackages, type NativeCrate, type WrapperEdge } from './nativeCrates';

export interface CargoBin {
  name: string;
  /** Name of the package that owns it. */
  packageName: string;
  /** Workspace-relative path of its source root (`src/main.rs`, `src/bin/x.rs`). */
  path: string;
  /** True when cargo infers it (src/main.rs, src/bin/*), false for an explicit `[[bin]]`. */
  inferred: boolean;
  requiredFeatures: string[];
}

export type DependencyKind = 'normal' | 'build';

export interface CargoDependency {
  /** The key in the manifest (the name the code uses). */
  key: string;
  /** The crate's real name (`package = "..."` renames). */
  crate: string;
  kind: DependencyKind;
  /** Workspace-relative directory of a path dependency. */
  path?: string;
  features: string[];
  defaultFeatures: boolean;
  optional: boolean;
}

export interface CargoPackage {
  name: string;
  /** Workspace-relative path of its Cargo.toml. */
  manifest: string;
  dir: string;
  bins: CargoBin[];
  hasLib: boolean;
  dependencies: CargoDependency[];
  /** Features the package turns on by default (for optional dependencies). */
  defaultFeatures: string[];
}

export interface CargoLockPackage {
  name: string;
  version: string;
  /** Names of the crates it depends on. */
  dependencies: string[];
}

export interface CargoProject {
  /** Workspace-relative directory of the root manifest ('' for the workspace root). */
  root: string;
  /** The root manifest's package, when the root is not a virtual manifest. */
  rootPackage?: CargoPackage;
  /** Root package and workspace members, in manifest order. */
  packages: CargoPackage[];
  defaultMembers?: CargoPackage[];
  lock?: CargoLockPackage[];
  /** Manifests that could not be read or parsed, members that matched nothing… */
  problems: string[];
}

/** Manifests larger than this are not parsed (a real Cargo.toml is a few KB). */
const MAX_MANIFEST_CHARS = 1_000_000;
const MAX_PACKAGES = 500;

type Table = Record<string, unknown>;

// smol-toml also ships CommonJS (its `exports.require`); only its types are ESM-only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseTomlText } = require('smol-toml') as typeof SmolToml;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Parses TOML text; never throws. */
export function parseToml(text: string): { value?: Table; error?: string } {
  if (text.length > MAX_MANIFEST_CHARS) return { error: `file is larger than ${MAX_MANIFEST_CHARS} characters` };
  try {
    return { value: parseTomlText(text) as Table };
  } catch (error) {
    return { error: String((error as Error)?.message ?? error).split('\n')[0] };
  }
}

/** Cargo's member globs: `*` and `?` within one path segment, `**` across segments. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '*' && clean[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function manifestAt(dir: string): string {
  return dir ? `${dir}/Cargo.toml` : 'Cargo.toml';
}

function relativeTo(root: string, path: string): string {
  return root ? path.slice(root.length + 1) : path;
}

/**
 * Reads the Cargo project whose root manifest is `<dir>/Cargo.toml`.
 * Returns undefined when there is no such manifest.
 */
export function readCargoProject(workspace: Workspace, dir = ''): CargoProject | undefined {
  const root = dir.replace(/\/$/, '');
  const rootManifest = manifestAt(root);
  const text = workspace.readText(rootManifest);
  if (text === undefined) return undefined;
  const problems: string[] = [];
  const parsed = parseToml(text);
  if (!parsed.value) {
    problems.push(`${rootManifest}: ${parsed.error}`);
    return { root, packages: [], problems };
  }
  const rootToml = parsed.value;
  const workspaceTable = isTable(rootToml.workspace) ? rootToml.workspace : undefined;
  const inherited = workspaceTable && isTable(workspaceTable.dependencies) ? workspaceTable.dependencies : {};

  const packages: CargoPackage[] = [];
  const byManifest = new Map<string, CargoPackage>();
  const add = (manifest: string, toml: Table | undefined): CargoPackage | undefined => {
    if (byManifest.has(manifest)) return byManifest.get(manifest);
    if (packages.length >= MAX_PACKAGES) return undefined;
    let table = toml;
    if (!table) {
      const memberText = workspace.readText(manifest);
      if (memberText === undefined) {
        problems.push(`${manifest}: not found`);
        return undefined;
      }
      const member = parseToml(memberText);
      if (!member.value) {
        problems.push(`${manifest}: ${member.error}`);
        return undefined;
      }
      table = member.value;
    }
    const pkg = readPackage(workspace, manifest, table, inherited, root, problems);
    if (pkg) {
      packages.push(pkg);
      byManifest.set(manifest, pkg);
    }
    return pkg;
  };

  const rootPackage = isTable(rootToml.package) ? add(rootManifest, rootToml) : undefined;

  let defaultMembers: CargoPackage[] | undefined;
  if (workspaceTable) {
    const manifests = workspace.listFiles(root).filter((f) => baseName(f) === 'Cargo.toml' && f !== rootManifest);
    const excludes = stringsOf(workspaceTable.exclude).map(globToRegExp);
    const memberDirs = (patterns: string[]): string[] => {
      const out: string[] = [];
      for (const pattern of patterns) {
        const re = globToRegExp(pattern);
        const hits = manifests.map((m) => relativeTo(root, dirName(m))).filter((d) => re.test(d) && !excludes.some((x) => x.test(d)));
        if (hits.length === 0 && pattern !== '.') problems.push(`${rootManifest}: workspace member "${pattern}" matches no Cargo.toml`);
        for (const h of hits.sort()) if (!out.includes(h)) out.push(h);
      }
      return out;
    };
    for (const memberDir of memberDirs(stringsOf(workspaceTable.members))) add(manifestAt(joinPath(root, memberDir) ?? memberDir), undefined);
    if (Array.isArray(workspaceTable['default-members'])) {
      const defaultDirs = stringsOf(workspaceTable['default-members']);
      defaultMembers = packages.filter((p) => defaultDirs.some((d) => globToRegExp(d).test(relativeTo(root, p.dir)) || (d === '.' && p.dir === root)));
    }
  }

  // Path dependencies of members are members too (cargo adds them implicitly).
  for (let i = 0; i < packages.length && packages.length < MAX_PACKAGES; i++) {
    for (const dep of packages[i].dependencies) {
      if (dep.path !== undefined) add(manifestAt(dep.path), undefined);
    }
  }

  const lockText = workspace.readText(root ? `${root}/Cargo.lock` : 'Cargo.lock');
  let lock: CargoLockPackage[] | undefined;
  if (lockText !== undefined) {
    const lockToml = parseToml(lockText);
    if (lockToml.value) lock = readLock(lockToml.value);
    else problems.push(`Cargo.lock: ${lockToml.error}`);
  }
  return { root, rootPackage, packages, defaultMembers, lock, problems };
}

function readLock(toml: Table): CargoLockPackage[] {
  const out: CargoLockPackage[] = [];
  for (const entry of Array.isArray(toml.package) ? toml.package : []) {
    if (!isTable(entry) || typeof entry.name !== 'string') continue;
    out.push({
      name: entry.name,
      version: typeof entry.version === 'string' ? entry.version : '',
      // Entries read "name", "name version" or "name version (source)".
      dependencies: stringsOf(entry.dependencies).map((d) => d.split(' ')[0]),
    });
  }
  return out;
}

function readPackage(workspace: Workspace, manifest: string, toml: Table, inherited: Table, rootDir: string, problems: string[]): CargoPackage | undefined {
  const pkgTable = isTable(toml.package) ? toml.package : undefined;
  if (!pkgTable || typeof pkgTable.name !== 'string') {
    if (!isTable(toml.workspace)) problems.push(`${manifest}: no [package] name`);
    return undefined;
  }
  const name = pkgTable.name;
  const dir = dirName(manifest);
  const files = new Set(workspace.listFiles(dir ? `${dir}/src` : 'src'));
  const at = (rel: string) => (dir ? `${dir}/${rel}` : rel);

  const bins: CargoBin[] = [];
  const explicit = Array.isArray(toml.bin) ? toml.bin.filter(isTable) : [];
  for (const bin of explicit) {
    if (typeof bin.name !== 'string') {
      problems.push(`${manifest}: [[bin]] without a name`);
      continue;
    }
    let path = typeof bin.path === 'string' ? joinPath(dir, bin.path) : undefined;
    if (path === undefined) {
      const candidates = [`src/bin/${bin.name}.rs`, `src/bin/${bin.name}/main.rs`];
      if (bin.name === name) candidates.unshift('src/main.rs');
      path = candidates.map(at).find((c) => files.has(c)) ?? at(candidates[0]);
    }
    bins.push({ name: bin.name, packageName: name, path, inferred: false, requiredFeatures: stringsOf(bin['required-features']) });
  }
  if (pkgTable.autobins !== false) {
    const inferred: { name: string; path: string }[] = [];
    if (files.has(at('src/main.rs'))) inferred.push({ name, path: at('src/main.rs') });
    const binDir = at('src/bin') + '/';
    for (const file of [...files].sort()) {
      if (!file.startsWith(binDir)) continue;
      const rest = file.slice(binDir.length);
      const single = /^([^/]+)\.rs$/.exec(rest);
      const nested = /^([^/]+)\/main\.rs$/.exec(rest);
      const binName = single?.[1] ?? nested?.[1];
      if (binName) inferred.push({ name: binName, path: file });
    }
    for (const bin of inferred) {
      // An explicit [[bin]] with the same name or source file replaces the inferred one.
      if (bins.some((b) => b.name === bin.name || b.path === bin.path)) continue;
      bins.push({ ...bin, packageName: name, inferred: true, requiredFeatures: [] });
    }
  }

  const libTable = isTable(toml.lib) ? toml.lib : undefined;
  const hasLib = libTable !== undefined || files.has(at('src/lib.rs'));

  const dependencies: CargoDependency[] = [];
  const addSection = (section: unknown, kind: DependencyKind) => {
    if (!isTable(section)) return;
    for (const [key, spec] of Object.entries(section)) dependencies.push(readDependency(key, spec, kind, dir, inherited, rootDir));
  };
  addSection(toml.dependencies, 'normal');
  addSection(toml['build-dependencies'], 'build');
  addSection(toml.build_dependencies, 'build');
  if (isTable(toml.target)) {
    for (const [cfg, table] of Object.entries(toml.target)) {
      if (!isTable(table) || !targetsLinux(cfg)) continue;
      addSection(table.dependencies, 'normal');
      addSection(table['build-dependencies'], 'build');
    }
  }
  const features = isTable(toml.features) ? toml.features : {};
  return { name, manifest, dir, bins, hasLib, dependencies, defaultFeatures: expandFeatures(features, ['default']) };
}

/** Container images are Linux: keep `cfg(unix)`, `cfg(target_os = "linux")`, plain triples for linux; drop windows/macos-only tables. */
function targetsLinux(cfg: string): boolean {
  if (!cfg.startsWith('cfg(')) return cfg.includes('linux');
  if (/not\s*\(\s*(unix|target_os\s*=\s*"linux")/.test(cfg)) return false;
  if (/\b(unix|linux)\b/.test(cfg)) return true;
  return !/(windows|macos|ios|android|wasm|target_os|target_family|target_arch)/.test(cfg);
}

/** All features a set of features turns on, following `[features]` (bounded, cycle-safe). */
function expandFeatures(features: Table, start: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length && seen.size < 1000) {
    const f = queue.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const next of stringsOf(features[f])) queue.push(next);
  }
  return [...seen];
}

function readDependency(key: string, spec: unknown, kind: DependencyKind, dir: string, inherited: Table, rootDir: string): CargoDependency {
  const dep: CargoDependency = { key, crate: key, kind, features: [], defaultFeatures: true, optional: false };
  if (!isTable(spec)) return dep;
  let table = spec;
  if (spec.workspace === true && isTable(inherited[key])) {
    const base = inherited[key] as Table;
    table = { ...base, ...spec, features: [...stringsOf(base.features), ...stringsOf(spec.features)] };
    // Paths in [workspace.dependencies] are relative to the root manifest, not the member.
    if (typeof base.path === 'string') dep.path = joinPath(rootDir, base.path);
  } else if (spec.workspace === true && typeof inherited[key] === 'string') {
    table = { ...spec };
  }
  if (typeof table.package === 'string') dep.crate = table.package;
  if (dep.path === undefined && typeof table.path === 'string') dep.path = joinPath(dir, table.path);
  dep.features = stringsOf(table.features);
  dep.defaultFeatures = table['default-features'] !== false && table.default_features !== false;
  dep.optional = table.optional === true;
  return dep;
}

/** A build or install line as cargo would run it. */
export interface CargoInvocation {
  subcommand: 'build' | 'install';
  bins: CargoBin[];
  /** `release`, `debug` or a custom profile's directory. */
  profileDir: string;
  targetTriple?: string;
  targetDir: string;
  /** Where each binary lands, relative to the directory cargo runs in (build) or the install root (install). */
  outputs: Map<string, string>;
  /** Why the selection may be incomplete or wrong (unknown package, `--bin` not found…). */
  problems: string[];
}

const VALUED_FLAGS = new Set([
  '-p', '--package', '--bin', '--exclude', '--manifest-path', '--target', '--target-dir', '--profile', '--features', '-F',
  '-j', '--jobs', '-Z', '--config', '--color', '--message-format', '--example', '--test', '--bench', '--root', '--path',
  '--git', '--branch', '--tag', '--rev', '--registry', '--index', '--version', '--vers', '--lockfile-path',
]);

/**
 * Which binaries `words` (`cargo build --release --bins`, `cargo install --path crates/x`) builds.
 * `cwd` is the directory cargo runs in, relative to the project root (usually '').
 * Returns undefined when the words are not a cargo build/install.
 */
export function cargoInvocation(project: CargoProject, words: string[], cwd = ''): CargoInvocation | undefined {
  let i = words.findIndex((w) => baseName(w) === 'cargo');
  if (i < 0) return undefined;
  i++;
  while (i < words.length && (words[i].startsWith('+') || words[i].startsWith('-'))) {
    if (VALUED_FLAGS.has(words[i])) i++;
    i++;
  }
  // `cargo auditable build` runs `cargo build` (embedding the dependency list in the binary).
  if (words[i] === 'auditable') i++;
  const sub = words[i];
  if (sub !== 'build' && sub !== 'b' && sub !== 'install') return undefined;
  const subcommand = sub === 'install' ? 'install' : 'build';
  const problems: string[] = [];
  const packageNames: string[] = [];
  const binNames: string[] = [];
  const excludes: string[] = [];
  let allBins = false;
  let allTargets = false;
  let otherTargetsOnly = false;
  let workspaceFlag = false;
  let release = subcommand === 'install';
  let profile: string | undefined;
  let targetTriple: string | undefined;
  let targetDir = 'target';
  let manifestPath: string | undefined;
  let installPath: string | undefined;
  const installCrates: string[] = [];

  for (let j = i + 1; j < words.length; j++) {
    const word = words[j];
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const takeValue = (): string | undefined => (eq > 0 ? word.slice(eq + 1) : words[++j]);
    switch (flag) {
      case '-p':
      case '--package': {
        const v = takeValue();
        if (v) packageNames.push(v);
        break;
      }
      case '--bin': {
        const v = takeValue();
        if (v) binNames.push(v);
        break;
      }
      case '--bins':
        allBins = true;
        break;
      case '--all-targets':
        allTargets = true;
        break;
      case '--lib':
      case '--examples':
      case '--tests':
      case '--benches':
        otherTargetsOnly = true;
        break;
      case '--example':
      case '--test':
      case '--bench':
        takeValue();
        otherTargetsOnly = true;
        break;
      case '--workspace':
      case '--all':
        workspaceFlag = true;
        break;
      case '--exclude': {
        const v = takeValue();
        if (v) excludes.push(v);
        break;
      }
      case '--release':
      case '-r':
        release = true;
        break;
      case '--debug':
        release = false;
        break;
      case '--profile':
        profile = takeValue();
        break;
      case '--target':
        targetTriple = takeValue();
        break;
      case '--target-dir':
        targetDir = takeValue() ?? targetDir;
        break;
      case '--manifest-path':
        manifestPath = takeValue();
        break;
      case '--path':
        installPath = takeValue();
        break;
      default:
        if (VALUED_FLAGS.has(flag)) takeValue();
        else if (!word.startsWith('-') && subcommand === 'install') installCrates.push(word);
    }
  }

  const byName = new Map(project.packages.map((p) => [p.name, p]));
  let selected: CargoPackage[];
  const packageAtDir = (dir: string | undefined): CargoPackage | undefined =>
    dir === undefined ? undefined : project.packages.find((p) => p.dir === dir);

  if (subcommand === 'install') {
    if (installPath === undefined) {
      problems.push(
        installCrates.length ? `cargo install of registry crate(s) ${installCrates.join(', ')}: not built from this repository` : 'cargo install without --path',
      );
      selected = [];
    } else {
      const dir = joinPath(project.root, cwd, installPath);
      const pkg = packageAtDir(dir);
      if (!pkg) problems.push(`cargo install --path ${installPath}: no package there`);
      selected = pkg ? [pkg] : [];
    }
  } else if (packageNames.length) {
    selected = [];
    for (const n of packageNames) {
      const pkg = byName.get(n);
      if (pkg) selected.push(pkg);
      else problems.push(`-p ${n}: no such package in the workspace`);
    }
  } else if (workspaceFlag) {
    selected = project.packages.filter((p) => !excludes.includes(p.name));
  } else if (manifestPath !== undefined) {
    const dir = dirName(joinPath(project.root, cwd, manifestPath) ?? '');
    const pkg = packageAtDir(dir);
    selected = pkg ? [pkg] : dir === project.root ? defaultPackages(project) : [];
    if (!pkg && dir !== project.root) problems.push(`--manifest-path ${manifestPath}: no package there`);
  } else {
    const here = joinPath(project.root, cwd) ?? project.root;
    const pkg = here !== project.root ? packageAtDir(here) : undefined;
    selected = pkg ? [pkg] : defaultPackages(project);
  }

  let bins: CargoBin[];
  if (binNames.length) {
    bins = [];
    for (const name of binNames) {
      const hits = selected.flatMap((p) => p.bins).filter((b) => b.name === name);
      if (hits.length === 0) problems.push(`--bin ${name}: no such binary in ${selected.map((p) => p.name).join(', ') || 'the selected packages'}`);
      for (const b of hits) if (!bins.includes(b)) bins.push(b);
    }
    if (allBins) for (const b of selected.flatMap((p) => p.bins)) if (!bins.includes(b)) bins.push(b);
  } else if (allBins || allTargets || !otherTargetsOnly) {
    bins = selected.flatMap((p) => p.bins);
  } else {
    bins = [];
  }

  const profileDir = profile === undefined ? (release ? 'release' : 'debug') : profile === 'dev' ? 'debug' : profile;
  const outputs = new Map<string, string>();
  for (const bin of bins) {
    outputs.set(bin.name, subcommand === 'install' ? `bin/${bin.name}` : [targetDir, targetTriple, profileDir, bin.name].filter(Boolean).join('/'));
  }
  return { subcommand, bins, profileDir, targetTriple, targetDir, outputs, problems };
}

function defaultPackages(project: CargoProject): CargoPackage[] {
  if (project.defaultMembers) return project.defaultMembers;
  if (project.rootPackage) return [project.rootPackage];
  return project.packages;
}

/** A system library a package links, and what the images need for it. */
export interface NativeNeed {
  sysCrate: string;
  library: string;
  /** From the package to the -sys crate: `["gateway", "openssl", "openssl-sys"]`. */
  via: string[];
  /** `static`: the C library is compiled in (vendored/bundled); the runtime needs nothing. */
  linkage: 'system' | 'static';
  /** Only a build-dependency reaches it: the runtime image needs nothing. */
  buildOnly: boolean;
  build: DistroPackages;
  runtime: DistroPackages;
}

export interface NativeNeeds {
  needs: NativeNeed[];
  /** False when some registry dependency's own dependencies could not be seen (no Cargo.lock and not in the table). */
  complete: boolean;
  /** Registry crates whose dependencies are unknown. */
  unknownCrates: string[];
}

export interface NativeTables {
  nativeCrates?: Record<string, NativeCrate>;
  wrappers?: Record<string, WrapperEdge[]>;
}

const EMPTY: DistroPackages = { apt: [], apk: [] };

/**
 * The system libraries the binaries of `packageName` link. Local path
 * dependencies are followed; registry crates through Cargo.lock when there is
 * one, otherwise through the wrapper table (and reported as unknown if not in it).
 */
export function nativeNeeds(project: CargoProject, packageName: string, tables: NativeTables = {}): NativeNeeds {
  const natives = { ...NATIVE_CRATES, ...tables.nativeCrates };
  const wrappers = { ...WRAPPER_CRATES, ...tables.wrappers };
  const start = project.packages.find((p) => p.name === packageName);
  if (!start) return { needs: [], complete: false, unknownCrates: [] };
  const byDir = new Map(project.packages.map((p) => [p.dir, p]));

  // Registry dependencies reached through local packages, with the chain that reaches them.
  const registry: { dep: CargoDependency; chain: string[]; buildOnly: boolean }[] = [];
  const visited = new Set<string>();
  const queue: { pkg: CargoPackage; chain: string[]; buildOnly: boolean }[] = [{ pkg: start, chain: [start.name], buildOnly: false }];
  while (queue.length) {
    const { pkg, chain, buildOnly } = queue.shift()!;
    const key = `${pkg.name}:${buildOnly}`;
    if (visited.has(key)) continue;
    visited.add(key);
    for (const dep of pkg.dependencies) {
      if (dep.optional && !pkg.defaultFeatures.some((f) => f === dep.key || f === `dep:${dep.key}` || f.startsWith(`${dep.key}/`))) continue;
      const depBuildOnly = buildOnly || dep.kind === 'build';
      const local = dep.path !== undefined ? byDir.get(dep.path) : undefined;
      if (local) queue.push({ pkg: local, chain: [...chain, local.name], buildOnly: depBuildOnly });
      else if (dep.path === undefined) registry.push({ dep, chain: [...chain, dep.crate], buildOnly: depBuildOnly });
    }
  }

  const found = new Map<string, NativeNeed>();
  const record = (sys: string, chain: string[], staticLink: boolean, buildOnly: boolean) => {
    const entry = natives[sys];
    if (!entry) return;
    const linkage = staticLink ? 'static' : 'system';
    const previous = found.get(sys);
    // A system link anywhere wins over a static one elsewhere; a runtime use wins over build-only.
    if (previous && (previous.linkage === 'system' || linkage === 'static') && (!previous.buildOnly || buildOnly)) return;
    found.set(sys, {
      sysCrate: sys,
      library: entry.library,
      via: chain,
      linkage,
      buildOnly,
      build: linkage === 'system' ? entry.build : EMPTY,
      runtime: linkage === 'system' && !buildOnly ? entry.runtime : EMPTY,
    });
  };
  const isStatic = (sys: string, features: string[]): boolean => {
    const entry = natives[sys];
    if (!entry) return false;
    if (entry.bundledByDefault) return !features.some((f) => entry.systemFeatures?.includes(f));
    return features.some((f) => entry.staticFeatures?.includes(f) || /vendored|bundled/.test(f));
  };

  const unknown = new Set<string>();
  const lockIndex = project.lock ? new Map(project.lock.map((p) => [p.name, p])) : undefined;
  for (const { dep, chain, buildOnly } of registry) {
    const features = dep.defaultFeatures ? [...dep.features, 'default'] : dep.features;
    if (natives[dep.crate]) {
      record(dep.crate, chain, isStatic(dep.crate, dep.features), buildOnly);
      continue;
    }
    if (lockIndex) {
      // Every crate the lock file says this dependency pulls in (bounded walk).
      const parents = new Map<string, string>();
      const todo = [dep.crate];
      parents.set(dep.crate, '');
      while (todo.length && parents.size < 5000) {
        const name = todo.shift()!;
        for (const child of lockIndex.get(name)?.dependencies ?? []) {
          if (parents.has(child)) continue;
          parents.set(child, name);
          todo.push(child);
        }
      }
      if (!lockIndex.has(dep.crate)) unknown.add(dep.crate);
      for (const name of parents.keys()) {
        if (!natives[name] || name === dep.crate) continue;
        // Cargo.lock lists optional dependencies whatever features are on; a known feature-gated edge decides.
        const gate = LOCK_FEATURE_GATES[dep.crate]?.find((e) => e.sys === name);
        if (gate?.whenFeatures && !gate.whenFeatures.some((f) => features.includes(f))) continue;
        const path: string[] = [];
        for (let n: string | undefined = name; n && path.length < 100; n = parents.get(n) || undefined) path.unshift(n);
        record(name, [...chain.slice(0, -1), ...path], isStatic(name, dep.features), buildOnly);
      }
      continue;
    }
    const edges = wrappers[dep.crate];
    if (!edges) {
      unknown.add(dep.crate);
      continue;
    }
    for (const edge of edges) {
      if (edge.whenFeatures && !edge.whenFeatures.some((f) => features.includes(f))) continue;
      record(edge.sys, [...chain, edge.sys], isStatic(edge.sys, dep.features), buildOnly);
    }
  }
  const needs = [...found.values()].sort((a, b) => a.sysCrate.localeCompare(b.sysCrate));
  return { needs, complete: unknown.size === 0, unknownCrates: [...unknown].sort() };
}

/** The union of the packages a set of needs asks for, per distro family. */
export function packagesFor(needs: NativeNeed[], manager: 'apt' | 'apk'): { build: string[]; runtime: string[] } {
  const build = new Set<string>();
  const runtime = new Set<string>();
  for (const need of needs) {
    for (const p of need.build[manager]) build.add(p);
    for (const p of need.runtime[manager]) runtime.add(p);
  }
  return { build: [...build].sort(), runtime: [...runtime].sort() };
}
