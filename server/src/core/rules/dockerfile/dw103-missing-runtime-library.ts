import type { Stage } from '../../dockerfile/model';
import { cgoTable, isToolchainPackage, type CgoManager, type CgoTable } from '../../golang/cgoTable';
import type { Program } from '../../split/programs';
import { stageLineage } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import { monolithInfo } from '../../split/detect';
import { insertAt } from '../../text';
import type { TextEdit } from '../../types';
import { addPackagesEdit } from './packageEdits';

function installedIn(stage: Stage): Set<string> {
  return new Set(stageLineage(stage).flatMap((s) => s.installs.flatMap((i) => i.packages.map((p) => p.value.replace(/[=<>~].*$/, '')))));
}

/** `-dev` package of the builder → the runtime packages the cgo table pairs it with (for this package manager). */
function runtimeFor(table: CgoTable, manager: CgoManager, devPackage: string): string[] | undefined {
  for (const entries of [table.pkgConfig, table.modules]) {
    for (const entry of entries.values()) {
      const e = entry[manager];
      if (e?.build.includes(devPackage) && e.runtime.length) return e.runtime;
    }
  }
  return undefined;
}

/**
 * `-dev` packages whose usual Go binding compiles its own copy of the C library: mattn/go-sqlite3 bundles SQLite and
 * links the system one only with the `libsqlite3` build tag, so installing sqlite-dev proves nothing.
 */
const BUNDLED_UNLESS_TAG: Record<string, string> = { 'sqlite-dev': 'libsqlite3', 'libsqlite3-dev': 'libsqlite3' };

/** golang images on Debian ship gcc (cgo works out of the box); the alpine ones do not. */
function hasCCompiler(stage: Stage): boolean {
  const root = stageLineage(stage).pop()!;
  if (/(^|\/)golang$/.test(root.image.name) && root.distro === 'debian') return true;
  return [...installedIn(stage)].some(isToolchainPackage);
}

/**
 * The Go sources were not available (or did not tell): infer the runtime libraries from the builder itself — it
 * installs `*-dev` libraries the cgo table knows and builds with cgo (CGO_ENABLED=1, or unset with a C compiler) and
 * links dynamically. Undefined when that does not hold.
 */
function inferredRuntimePackages(program: Program, table: CgoTable): { packages: string[]; dev: string[]; why: string } | undefined {
  if (program.language !== 'go' || program.cgo !== undefined && program.cgo !== true) return undefined;
  if (program.go && program.go.cgo !== 'unknown' && program.go.files.length > 0) return undefined;
  const build = program.builds[0].build;
  const cgo = build.cgoEnabled?.value;
  if (cgo === '0') return undefined;
  if (/-static\b|-extldflags[= ]["']?-static/.test(build.ldflags ?? '') || build.tags.some((t) => /static|netgo|osusergo/.test(t) && /static/.test(t))) return undefined;
  const builder = build.stage;
  if (cgo === undefined && !hasCCompiler(builder)) return undefined;
  const manager: CgoManager = builder.distro === 'alpine' ? 'apk' : 'apt';
  const dev = [...installedIn(builder)].filter((p) => /-(dev|devel)$/.test(p) && !isToolchainPackage(p));
  const packages = new Set<string>();
  const used: string[] = [];
  for (const d of dev) {
    if (BUNDLED_UNLESS_TAG[d] && !build.tags.includes(BUNDLED_UNLESS_TAG[d])) continue;
    const runtime = runtimeFor(table, manager, d);
    if (!runtime) continue;
    used.push(d);
    runtime.forEach((r) => packages.add(r));
  }
  if (!packages.size) return undefined;
  const why = cgo === '1' ? `CGO_ENABLED=${cgo}` : 'CGO_ENABLED unset with a C compiler in the builder, so cgo is on';
  return { packages: [...packages], dev: used, why };
}

export const dw103: DockerfileRule = {
  code: 'DW103',
  target: 'dockerfile',
  title: 'cgo program without its runtime library',
  defaultSeverity: 'error',
  description:
    'A program built with cgo links shared libraries (built against `libwebp-dev`, it needs `libwebp` at run time). ' +
    'When the stage that runs it does not install that library, the binary fails to start with a "not found" ' +
    'loader error. The library names come from the cgo table (`core/data/cgo-modules.json`, extendable with `cgoModules`).',
  fixTitles: ['Install the runtime library in the final stage'],
  check({ file, model, analysis }) {
    const info = monolithInfo(analysis, file, model);
    if (!info) return [];
    const reports: Report[] = [];
    let table: CgoTable | undefined;
    for (const program of info.discovery.programs) {
      const known = program.cgo === true && program.runtimePackages.size > 0;
      const inferred = known ? undefined : inferredRuntimePackages(program, (table ??= cgoTable(analysis.config)));
      if (!known && !inferred) continue;
      const runtimePackages = known ? program.runtimePackages : new Set(inferred!.packages);
      for (const copy of program.copies) {
        const stage = copy.stage;
        if (stage.distro !== 'alpine' && stage.distro !== 'debian') continue;
        const builder = program.builds[0].build.stage;
        if (stageLineage(stage).includes(builder)) continue;
        const manager = stage.distro === 'alpine' ? 'apk' : 'apt';
        const builderManager = builder.distro === 'alpine' ? 'apk' : 'apt';
        if (manager !== builderManager) continue;
        const have = installedIn(stage);
        // Inferred needs are also met by a package that pulls the library in (`sqlite` → sqlite-libs, `imagemagick` → imagemagick-libs).
        const pulledIn = (p: string) => !!inferred && [...have].some((h) => h === p.replace(/-libs$/, '') || h.startsWith(p.replace(/-libs$|[0-9.]+$/, '')));
        const missing = [...runtimePackages].filter((p) => !have.has(p) && !pulledIn(p));
        if (!missing.length) continue;
        const install = stage.installs.find((i) => i.manager === manager && i.packages.length);
        let edit: TextEdit;
        if (install) edit = addPackagesEdit(install, missing);
        else {
          const line =
            manager === 'apk'
              ? `RUN apk add --no-cache ${missing.join(' ')}`
              : `RUN apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')} && rm -rf /var/lib/apt/lists/*`;
          edit = insertAt({ line: stage.from.range.end.line + 1, character: 0 }, line + model.lines.eol);
        }
        reports.push({
          range: copy.instr.range,
          ...(inferred
            ? {
                severity: 'warning' as const,
                message: `${program.name} is probably built against ${missing.join(', ')}: its Go source was not available, but the builder installs ${inferred.dev.join(', ')} and builds with cgo (${inferred.why}), and this stage does not install ${missing.join(', ')}. If the binary links ${missing.length === 1 ? 'it' : 'them'}, it will not start.`,
              }
            : { message: `${program.name} is built with cgo and links ${missing.join(', ')}, but this stage does not install ${missing.length === 1 ? 'it' : 'them'}: the binary will not start.` }),
          fixes: [{ title: `Install ${missing.join(' ')} in this stage`, isPreferred: true, edits: [{ path: file, edits: [edit] }] }],
        });
      }
    }
    return reports;
  },
};
