import type { CgoPackages, DockwrightConfig } from '../config';
import table from '../data/cgo-modules.json';

export type CgoManager = 'apk' | 'apt';

export interface CgoTable {
  modules: Map<string, CgoPackages>;
  pkgConfig: Map<string, CgoPackages>;
}

/** The built-in table (core/data/cgo-modules.json) with the user's `cgoModules` merged over it. */
export function cgoTable(config?: DockwrightConfig): CgoTable {
  const modules = new Map<string, CgoPackages>(Object.entries(table.modules as Record<string, CgoPackages>));
  const pkgConfig = new Map<string, CgoPackages>(Object.entries(table.pkgConfig as Record<string, CgoPackages>));
  for (const [name, entry] of Object.entries(config?.cgoModules ?? {})) {
    // A name with a dot in its first element is a module path; anything else names a pkg-config library.
    if (name.split('/')[0].includes('.')) modules.set(name, entry);
    else pkgConfig.set(name, entry);
  }
  return { modules, pkgConfig };
}

/** The table entry whose module path is the import path or a prefix of it (longest wins); `/vN` suffixes match. */
export function cgoModuleFor(table: CgoTable, importPath: string): { module: string; packages: CgoPackages } | undefined {
  let best: string | undefined;
  for (const module of table.modules.keys()) {
    if (importPath === module || importPath.startsWith(module + '/')) {
      if (!best || module.length > best.length) best = module;
    }
  }
  return best ? { module: best, packages: table.modules.get(best)! } : undefined;
}

/** Packages that only exist to compile C: a C toolchain, headers, pkg-config. */
export function isBuildOnlyPackage(name: string): boolean {
  return isToolchainPackage(name) || /-(?:dev|devel)$/.test(name.replace(/[=<>~].*$/, ''));
}

/** The C toolchain part of the build packages (kept for every cgo program). */
export function isToolchainPackage(name: string): boolean {
  const bare = name.replace(/[=<>~].*$/, '');
  return /^(?:build-base|build-essential|gcc|g\+\+|clang|lld|llvm|musl-dev|libc-dev|libc6-dev|pkgconfig|pkgconf|pkg-config|binutils|linux-headers|gcc-[a-z0-9_-]+|g\+\+-[a-z0-9_-]+|crossbuild-essential-[a-z0-9]+)$/.test(bare);
}
