import type { BuildCommand } from '../dockerfile/buildCommands';
import { cargoInvocation, nativeNeeds, packagesFor, readCargoProject, type CargoProject } from '../rust/cargo';
import type { Workspace } from '../workspace';
import type { Program } from './programs';

/** The Cargo project at the build context, read once per planning run. */
export function cargoProjectAt(workspace: Workspace, contextDir: string): CargoProject | undefined {
  return readCargoProject(workspace, contextDir);
}

/**
 * The binaries a `cargo build`/`cargo install` RUN command builds, resolved
 * against the workspace's manifests (members, `[[bin]]`, auto bins, `-p`).
 * Undefined when there is no Cargo project at the context.
 */
export function cargoProgramNames(project: CargoProject | undefined, build: BuildCommand): { names: string[]; notes: string[] } | undefined {
  if (!project) return undefined;
  const words = build.command.words.slice(build.toolIndex).map((w) => w.value);
  const invocation = cargoInvocation(project, words);
  if (!invocation) return undefined;
  return { names: invocation.bins.map((b) => b.name), notes: [...project.problems, ...invocation.problems] };
}

/** C compiler and linker packages: a Rust build needs them whatever it links. */
export function isCLinkerPackage(name: string): boolean {
  const bare = name.replace(/[=<>~].*$/, '');
  return /^(?:build-base|build-essential|gcc|g\+\+|clang|lld|musl-dev|musl-tools|libc-dev|libc6-dev|binutils)$/.test(bare);
}

/**
 * Decides which system libraries a Rust program links (through `-sys` crates)
 * and records the build and runtime packages it needs; when a registry crate's
 * dependencies cannot be seen (no Cargo.lock, not in the table), the original's
 * packages are kept.
 */
export function analyzeRustProgram(project: CargoProject | undefined, program: Program, builderManager: 'apk' | 'apt', runtimeManager: 'apk' | 'apt'): void {
  const bin = project?.packages.flatMap((p) => p.bins).find((b) => b.name === program.name);
  if (!project || !bin) {
    program.reasons.push('its Cargo package was not found: the original\'s build and runtime packages are kept');
    return;
  }
  const result = nativeNeeds(project, bin.packageName);
  if (!result.complete) {
    program.keepAllCgoPackages = true;
    program.reasons.push(
      `without Cargo.lock the dependencies of ${result.unknownCrates.join(', ')} cannot be seen: the original's build and runtime packages are kept`,
    );
    return;
  }
  const system = result.needs.filter((n) => n.linkage === 'system');
  program.cgo = system.length > 0;
  for (const p of packagesFor(system, builderManager).build) program.buildPackages.add(p);
  for (const p of packagesFor(system, runtimeManager).runtime) program.runtimePackages.add(p);
  for (const need of result.needs) {
    program.reasons.push(
      need.linkage === 'static'
        ? `${need.via.join(' → ')}: ${need.library} is compiled in (vendored/bundled), no system library`
        : `links ${need.library}: ${need.via.join(' → ')}${need.buildOnly ? ' (build-dependency only)' : ''}`,
    );
  }
  if (!system.length) program.reasons.push(`package ${bin.packageName} reaches no -sys crate that links a system library: no C library packages`);
}
