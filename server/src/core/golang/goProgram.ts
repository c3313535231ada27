import type { CgoPackages } from '../config';
import { dirName, joinPath, baseName, type Workspace } from '../workspace';
import { cgoModuleFor, type CgoTable } from './cgoTable';
import { evalConstraint, fileNameApplies, readGoFile, type GoFileInfo } from './goSource';
import { parseGoMod, type GoMod } from './gomod';

export interface CgoNeed {
  /** Human-readable: `internal/webp (import "C", pkg-config libwebp)` or `github.com/mattn/go-sqlite3`. */
  what: string;
  /** Import chain from the program's main package, workspace-relative dirs or import paths. */
  chain: string[];
  /** Table entries that say which packages this need brings (empty when only a toolchain is needed or unknown). */
  packages: CgoPackages[];
  /** In-tree `import "C"` whose libraries the table does not know: the original's packages must stay. */
  unmapped: boolean;
}

export interface GoProgramAnalysis {
  /** Workspace-relative directory of the main package. */
  dir?: string;
  module?: string;
  cgo: 'yes' | 'no' | 'unknown';
  needs: CgoNeed[];
  /** Why the analysis could not see everything (then the original's settings are kept). */
  unknowns: string[];
  /** Go files reached (workspace-relative), for attributing ports and paths. */
  files: string[];
}

interface GoModule {
  root: string;
  mod: GoMod;
}

const MAX_PACKAGES = 5000;

function findGoMod(workspace: Workspace, dir: string): GoModule | undefined {
  for (let d: string | undefined = dir, i = 0; d !== undefined && i < 64; i++) {
    const path = d ? `${d}/go.mod` : 'go.mod';
    const text = workspace.readText(path);
    if (text !== undefined) return { root: d, mod: parseGoMod(text) };
    if (d === '') break;
    d = dirName(d);
  }
  return undefined;
}

/** Go files per folder below a root, listed once (listing per package would walk the tree once per import). */
export class GoFileIndex {
  private readonly byDir = new Map<string, Map<string, string[]>>();

  constructor(private readonly workspace: Workspace) {}

  filesIn(root: string, dir: string): string[] {
    let index = this.byDir.get(root);
    if (!index) {
      index = new Map();
      for (const f of this.workspace.listFiles(root)) {
        if (!f.endsWith('.go')) continue;
        const d = dirName(f);
        (index.get(d) ?? index.set(d, []).get(d)!).push(f);
      }
      this.byDir.set(root, index);
    }
    return index.get(dir) ?? [];
  }
}

function isStd(importPath: string): boolean {
  return !importPath.split('/')[0].includes('.');
}

/**
 * Walks a Go program's transitive imports inside the tree and decides whether it needs cgo:
 * any reached file with `import "C"`, or any imported module listed in the cgo table.
 * `packageDir` is the workspace-relative folder of the main package (or an import path inside a module found in `searchDir`).
 */
export function analyzeGoProgram(
  workspace: Workspace,
  packageDir: string,
  options: { tags?: string[]; table: CgoTable; searchDir?: string; index?: GoFileIndex },
): GoProgramAnalysis {
  const index = options.index ?? new GoFileIndex(workspace);
  const result: GoProgramAnalysis = { cgo: 'no', needs: [], unknowns: [], files: [] };
  const tags = new Set(options.tags ?? []);
  let dir = packageDir;
  let module = findGoMod(workspace, dir);
  if (!module && options.searchDir !== undefined) {
    // An import path such as github.com/acme/app/cmd/api: map it through the go.mod found at the context.
    const ctxModule = findGoMod(workspace, options.searchDir);
    const path = ctxModule?.mod.module;
    if (ctxModule && path && (packageDir === path || packageDir.startsWith(path + '/'))) {
      module = ctxModule;
      dir = joinPath(ctxModule.root, packageDir.slice(path.length).replace(/^\//, '')) ?? ctxModule.root;
    }
  }
  if (!module) {
    result.cgo = 'unknown';
    result.unknowns.push(`no go.mod found for ${packageDir || '.'}`);
    return result;
  }
  result.module = module.mod.module;
  result.dir = dir;
  const parent = new Map<string, string | undefined>([[dir, undefined]]);
  const queue = [dir];
  const chainOf = (d: string): string[] => {
    const chain: string[] = [];
    for (let c: string | undefined = d, i = 0; c !== undefined && i < 1000; c = parent.get(c), i++) chain.unshift(c);
    return chain;
  };
  const indirectCgo = module.mod.requires.filter((r) => r.indirect && cgoModuleFor(options.table, r.path)).map((r) => r.path);
  const thirdParty = new Set<string>();

  for (let visited = 0; queue.length && visited < MAX_PACKAGES; visited++) {
    const current = queue.shift()!;
    const files = index.filesIn(module.root, current).filter((f) => fileNameApplies(baseName(f)));
    const infos: [string, GoFileInfo][] = [];
    for (const f of files) {
      const text = workspace.readText(f);
      if (text === undefined) continue;
      const info = readGoFile(text);
      if (info.buildConstraint && !evalConstraint(info.buildConstraint, tags, true)) continue;
      infos.push([f, info]);
    }
    if (!infos.length) {
      result.unknowns.push(`package ${current || '.'} has no Go files the build would compile`);
      continue;
    }
    for (const [file, info] of infos) {
      result.files.push(file);
      if (info.importsC) {
        const packages: CgoPackages[] = [];
        let unmapped = false;
        for (const name of info.pkgConfig) {
          const entry = options.table.pkgConfig.get(name);
          if (entry) packages.push(entry);
          else unmapped = true;
        }
        for (const lib of info.linkedLibs) {
          const entry = options.table.pkgConfig.get(lib) ?? options.table.pkgConfig.get(`lib${lib}`);
          if (entry) packages.push(entry);
          else unmapped = true;
        }
        if (!info.pkgConfig.length && !info.linkedLibs.length) unmapped = true;
        const libs = [...info.pkgConfig, ...info.linkedLibs];
        result.needs.push({ what: `${current} (import "C"${libs.length ? `, links ${libs.join(' ')}` : ''})`, chain: chainOf(current), packages, unmapped });
      }
      for (const imp of info.imports) {
        if (isStd(imp)) continue;
        const local = localDir(module, imp);
        if (local !== undefined) {
          if (!parent.has(local)) {
            parent.set(local, current);
            queue.push(local);
          }
          continue;
        }
        const cgoModule = cgoModuleFor(options.table, imp);
        if (cgoModule) {
          if (!result.needs.some((n) => n.what === cgoModule.module)) result.needs.push({ what: cgoModule.module, chain: [...chainOf(current), imp], packages: [cgoModule.packages], unmapped: false });
          continue;
        }
        const required = module.mod.requires.find((r) => imp === r.path || imp.startsWith(r.path + '/'));
        if (required) thirdParty.add(required.path);
        else if (!result.unknowns.some((u) => u.includes(`"${imp}"`))) result.unknowns.push(`${current} imports "${imp}", which is neither in the tree nor required by go.mod`);
      }
    }
  }
  if (queue.length) result.unknowns.push(`more than ${MAX_PACKAGES} packages reached; analysis stopped`);
  if (indirectCgo.length && thirdParty.size) {
    result.unknowns.push(`go.mod pulls in ${indirectCgo.join(', ')} indirectly and the program imports ${[...thirdParty].sort().join(', ')}, which may be what needs it`);
  }
  result.files.sort();
  result.cgo = result.needs.length ? 'yes' : result.unknowns.length ? 'unknown' : 'no';
  return result;
}

function localDir(module: GoModule, importPath: string): string | undefined {
  const path = module.mod.module;
  if (path && (importPath === path || importPath.startsWith(path + '/'))) return joinPath(module.root, importPath.slice(path.length).replace(/^\//, '')) ?? module.root;
  for (const [from, to] of module.mod.localReplaces) {
    if (importPath === from || importPath.startsWith(from + '/')) return joinPath(module.root, to, importPath.slice(from.length).replace(/^\//, ''));
  }
  return undefined;
}

/** Main packages below a folder (for `./cmd/...` patterns): workspace-relative dirs whose files say `package main`. */
export function mainPackagesUnder(workspace: Workspace, dir: string): string[] {
  const dirs = new Set<string>();
  for (const f of workspace.listFiles(dir)) {
    if (!f.endsWith('.go') || f.endsWith('_test.go')) continue;
    if (f.split('/').some((seg) => seg === 'testdata' || seg.startsWith('_') || (seg.startsWith('.') && seg.length > 1))) continue;
    if (dirs.has(dirName(f))) continue;
    const text = workspace.readText(f);
    if (text !== undefined && readGoFile(text).packageName === 'main') dirs.add(dirName(f));
  }
  return [...dirs].sort();
}
