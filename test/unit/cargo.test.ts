import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cargoInvocation, nativeNeeds, packagesFor, readCargoProject, type CargoProject } from '../../server/src/core/rust/cargo';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { FsWorkspace } from '../../server/src/node/fsWorkspace';

function project(files: Record<string, string>, dir = ''): CargoProject {
  const p = readCargoProject(new MemoryWorkspace(files), dir);
  assert.ok(p, 'expected a Cargo project');
  return p;
}

function bins(p: CargoProject, line: string, cwd = ''): string[] {
  const inv = cargoInvocation(p, line.split(/\s+/), cwd);
  assert.ok(inv, `not a cargo build: ${line}`);
  return inv.bins.map((b) => b.name);
}

const VIRTUAL = {
  'Cargo.toml': '[workspace]\nmembers = ["crates/*", "tools/cli"]\nexclude = ["crates/old"]\n',
  'crates/api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\n',
  'crates/api/src/main.rs': 'fn main() {}',
  'crates/jobs/Cargo.toml': '[package]\nname = "jobs"\nversion = "0.1.0"\n\n[[bin]]\nname = "jobs-runner"\npath = "src/main.rs"\n',
  'crates/jobs/src/main.rs': 'fn main() {}',
  'crates/jobs/src/bin/backfill.rs': 'fn main() {}',
  'crates/jobs/src/bin/report/main.rs': 'fn main() {}',
  'crates/jobs/src/bin/report/format.rs': 'pub fn f() {}',
  'crates/old/Cargo.toml': '[package]\nname = "old"\n',
  'crates/old/src/main.rs': 'fn main() {}',
  'tools/cli/Cargo.toml': '[package]\nname = "cli"\nautobins = false\n\n[[bin]]\nname = "ctl"\n',
  'tools/cli/src/bin/ctl.rs': 'fn main() {}',
  'tools/cli/src/bin/ignored.rs': 'fn main() {}',
  'tools/cli/src/lib.rs': '',
};

describe('cargo: workspace members and binary targets', () => {
  it('reads the rust-workspace example: glob members, [[bin]] plus an auto bin, a library crate', () => {
    const ws = new FsWorkspace(path.join(__dirname, '../../examples/rust-workspace'));
    const p = readCargoProject(ws)!;
    assert.deepEqual(p.problems, []);
    assert.deepEqual(
      p.packages.map((pkg) => [pkg.name, pkg.bins.map((b) => b.name), pkg.hasLib]),
      [
        ['gateway', ['gateway'], false],
        ['indexer', ['indexer', 'reindex'], true],
        ['search-core', [], true],
      ],
    );
    const inv = cargoInvocation(p, ['cargo', 'build', '--release', '--bins'])!;
    assert.deepEqual(Object.fromEntries(inv.outputs), {
      gateway: 'target/release/gateway',
      indexer: 'target/release/indexer',
      reindex: 'target/release/reindex',
    });
    assert.deepEqual(inv.problems, []);
  });

  it('expands member globs, honours exclude, explicit [[bin]] replaces the inferred main, src/bin/<name>/main.rs counts, autobins = false', () => {
    const p = project(VIRTUAL);
    assert.deepEqual(
      p.packages.map((pkg) => [pkg.name, pkg.bins.map((b) => `${b.name}${b.inferred ? '' : '!'}`)]),
      [
        ['api', ['api']],
        ['jobs', ['jobs-runner!', 'backfill', 'report']],
        ['cli', ['ctl!']],
      ],
    );
    assert.equal(p.packages.find((x) => x.name === 'cli')!.bins[0].path, 'tools/cli/src/bin/ctl.rs');
    assert.deepEqual(p.problems, []);
  });

  it('resolves --bins, --bin X, -p, --workspace --exclude, plain build of a virtual workspace', () => {
    const p = project(VIRTUAL);
    assert.deepEqual(bins(p, 'cargo build --release --bins'), ['api', 'jobs-runner', 'backfill', 'report', 'ctl']);
    assert.deepEqual(bins(p, 'cargo build --release'), ['api', 'jobs-runner', 'backfill', 'report', 'ctl']);
    assert.deepEqual(bins(p, 'cargo build --release --bin backfill --bin=api'), ['backfill', 'api']);
    assert.deepEqual(bins(p, 'cargo build -r -p jobs'), ['jobs-runner', 'backfill', 'report']);
    assert.deepEqual(bins(p, 'cargo build --release --package=jobs --bin report'), ['report']);
    assert.deepEqual(bins(p, 'cargo build --workspace --exclude jobs --bins'), ['api', 'ctl']);
    assert.deepEqual(bins(p, 'cargo build --release --lib'), []);
    assert.deepEqual(bins(p, 'cargo +nightly build --locked --release --bins --features x -j 4'), ['api', 'jobs-runner', 'backfill', 'report', 'ctl']);
  });

  it('reports what it cannot resolve instead of guessing', () => {
    const p = project(VIRTUAL);
    assert.deepEqual(cargoInvocation(p, 'cargo build --bin nope'.split(' '))!.problems, ['--bin nope: no such binary in api, jobs, cli']);
    assert.deepEqual(cargoInvocation(p, 'cargo build -p ghost'.split(' '))!.problems, ['-p ghost: no such package in the workspace']);
    assert.equal(cargoInvocation(p, ['cargo', 'test']), undefined);
    assert.equal(cargoInvocation(p, ['go', 'build', './...']), undefined);
    const registry = cargoInvocation(p, ['cargo', 'install', 'ripgrep'])!;
    assert.deepEqual(registry.bins, []);
    assert.match(registry.problems[0], /registry crate\(s\) ripgrep/);
  });

  it('computes output paths for --target, --target-dir, --profile and cargo install --path', () => {
    const p = project(VIRTUAL);
    const cross = cargoInvocation(p, 'cargo build --release --target x86_64-unknown-linux-musl --bin api'.split(' '))!;
    assert.equal(cross.outputs.get('api'), 'target/x86_64-unknown-linux-musl/release/api');
    const custom = cargoInvocation(p, 'cargo build --profile dist --target-dir /build --bin api'.split(' '))!;
    assert.equal(custom.outputs.get('api'), '/build/dist/api');
    const debug = cargoInvocation(p, 'cargo build --bin api'.split(' '))!;
    assert.equal(debug.outputs.get('api'), 'target/debug/api');
    const install = cargoInvocation(p, 'cargo install --locked --path crates/jobs --bin backfill'.split(' '))!;
    assert.deepEqual(install.bins.map((b) => b.name), ['backfill']);
    assert.equal(install.outputs.get('backfill'), 'bin/backfill');
    assert.deepEqual(bins(p, 'cargo install --path tools/cli'), ['ctl']);
  });

  it('builds only the root package of a non-virtual workspace unless asked, and honours default-members', () => {
    const rootPkg = project({
      'Cargo.toml': '[package]\nname = "app"\n\n[workspace]\nmembers = ["helper"]\n',
      'src/main.rs': 'fn main() {}',
      'helper/Cargo.toml': '[package]\nname = "helper"\n',
      'helper/src/main.rs': 'fn main() {}',
    });
    assert.deepEqual(bins(rootPkg, 'cargo build --release'), ['app']);
    assert.deepEqual(bins(rootPkg, 'cargo build --release --workspace'), ['app', 'helper']);
    assert.deepEqual(bins(rootPkg, 'cargo build --release', 'helper'), ['helper']);
    const defaults = project({ ...VIRTUAL, 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\ndefault-members = ["crates/api"]\n' });
    assert.deepEqual(bins(defaults, 'cargo build --release --bins'), ['api']);
  });

  it('finds a project below the workspace root and adds path dependencies as members', () => {
    const p = project(
      {
        'svc/Cargo.toml': '[package]\nname = "svc"\n\n[dependencies]\ncommon = { path = "../shared/common" }\n',
        'svc/src/main.rs': 'fn main() {}',
        'shared/common/Cargo.toml': '[package]\nname = "common"\n',
        'shared/common/src/lib.rs': '',
      },
      'svc',
    );
    assert.deepEqual(p.packages.map((x) => [x.name, x.dir]), [
      ['svc', 'svc'],
      ['common', 'shared/common'],
    ]);
  });

  it('never throws on broken or odd manifests', () => {
    const broken = project({ 'Cargo.toml': '[package\nname = "x"' });
    assert.equal(broken.packages.length, 0);
    assert.match(broken.problems[0], /^Cargo.toml: /);
    const missing = project({ 'Cargo.toml': '[workspace]\nmembers = ["crates/*", "gone"]\n', 'crates/a/Cargo.toml': 'name = 3\n[[bin]]\npath = 1' });
    assert.deepEqual(missing.problems, ['Cargo.toml: workspace member "gone" matches no Cargo.toml', 'crates/a/Cargo.toml: no [package] name']);
    const huge = project({ 'Cargo.toml': '# ' + 'x'.repeat(1_100_000) });
    assert.match(huge.problems[0], /larger than/);
    assert.equal(readCargoProject(new MemoryWorkspace({}), ''), undefined);
  });
});

describe('cargo: system libraries per package', () => {
  const needs = (files: Record<string, string>, pkg: string) => nativeNeeds(project(files), pkg);

  it('gateway reaches openssl-sys through `openssl`; indexer links nothing (rust-workspace example)', () => {
    const p = readCargoProject(new FsWorkspace(path.join(__dirname, '../../examples/rust-workspace')))!;
    const gateway = nativeNeeds(p, 'gateway');
    assert.equal(gateway.complete, true);
    assert.deepEqual(gateway.needs.map((n) => [n.sysCrate, n.via.join(' → '), n.linkage]), [['openssl-sys', 'gateway → openssl → openssl-sys', 'system']]);
    assert.deepEqual(packagesFor(gateway.needs, 'apt'), { build: ['libssl-dev', 'pkg-config'], runtime: ['libssl3'] });
    assert.deepEqual(packagesFor(gateway.needs, 'apk'), { build: ['openssl-dev', 'pkgconf'], runtime: ['libssl3'] });
    assert.deepEqual(nativeNeeds(p, 'indexer'), { needs: [], complete: true, unknownCrates: [] });
  });

  it('follows local path dependencies and workspace-inherited dependencies (vendored → static)', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["app", "db"]\n\n[workspace.dependencies]\nopenssl = { version = "0.10", features = ["vendored"] }\nrusqlite = "0.32"\n',
      'app/Cargo.toml': '[package]\nname = "app"\n\n[dependencies]\ndb = { path = "../db" }\nopenssl = { workspace = true }\n',
      'app/src/main.rs': 'fn main() {}',
      'db/Cargo.toml': '[package]\nname = "db"\n\n[dependencies]\nrusqlite = { workspace = true }\n',
      'db/src/lib.rs': '',
    };
    const result = needs(files, 'app');
    assert.deepEqual(
      result.needs.map((n) => [n.sysCrate, n.via.join(' → '), n.linkage, n.runtime.apt]),
      [
        ['libsqlite3-sys', 'app → db → rusqlite → libsqlite3-sys', 'system', ['libsqlite3-0']],
        ['openssl-sys', 'app → openssl → openssl-sys', 'static', []],
      ],
    );
  });

  it('bundled features link statically; reqwest without default features does not reach OpenSSL', () => {
    const files = {
      'Cargo.toml':
        '[package]\nname = "x"\n\n[dependencies]\nrusqlite = { version = "0.32", features = ["bundled"] }\nreqwest = { version = "0.12", default-features = false, features = ["rustls-tls"] }\n',
      'src/main.rs': 'fn main() {}',
    };
    const result = needs(files, 'x');
    assert.deepEqual(result.needs.map((n) => [n.sysCrate, n.linkage]), [['libsqlite3-sys', 'static']]);
    assert.deepEqual(packagesFor(result.needs, 'apt'), { build: [], runtime: [] });
    const withDefaults = needs({ ...files, 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nreqwest = "0.12"\n' }, 'x');
    assert.deepEqual(withDefaults.needs.map((n) => n.sysCrate), ['openssl-sys']);
  });

  it('skips windows-only and optional-but-off dependencies; build-dependencies need no runtime library', () => {
    const result = needs(
      {
        'Cargo.toml':
          '[package]\nname = "x"\n\n[features]\ndefault = ["pg"]\npg = ["dep:diesel"]\n\n[dependencies]\ndiesel = { version = "2", optional = true, features = ["postgres"] }\ncurl = { version = "0.4", optional = true }\n\n[target.\'cfg(windows)\'.dependencies]\nopenssl = "0.10"\n\n[build-dependencies]\nlibz-sys = "1"\n',
        'src/main.rs': 'fn main() {}',
      },
      'x',
    );
    assert.deepEqual(
      result.needs.map((n) => [n.sysCrate, n.buildOnly, n.runtime.apt]),
      [
        ['libz-sys', true, []],
        ['pq-sys', false, ['libpq5']],
      ],
    );
  });

  it('without Cargo.lock an unknown registry crate makes the answer incomplete; with a lock the graph is walked', () => {
    const manifest = '[package]\nname = "svc"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["sqlite"] }\n';
    const noLock = needs({ 'Cargo.toml': manifest, 'src/main.rs': '' }, 'svc');
    assert.deepEqual(noLock, { needs: [], complete: false, unknownCrates: ['sqlx'] });
    const lock = [
      'version = 4',
      '[[package]]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["sqlx"]',
      '[[package]]\nname = "sqlx"\nversion = "0.8.2"\ndependencies = ["sqlx-sqlite"]',
      '[[package]]\nname = "sqlx-sqlite"\nversion = "0.8.2"\ndependencies = ["libsqlite3-sys 0.30.1 (registry+https://github.com/rust-lang/crates.io-index)"]',
      '[[package]]\nname = "libsqlite3-sys"\nversion = "0.30.1"\ndependencies = ["cc", "pkg-config"]',
      '[[package]]\nname = "cc"\nversion = "1.1.0"\n',
    ].join('\n\n');
    const withLock = needs({ 'Cargo.toml': manifest, 'Cargo.lock': lock, 'src/main.rs': '' }, 'svc');
    assert.equal(withLock.complete, true);
    assert.deepEqual(withLock.needs.map((n) => [n.via.join(' → '), n.runtime.apk]), [['svc → sqlx → sqlx-sqlite → libsqlite3-sys', ['sqlite-libs']]]);
  });

  it('Cargo.lock over-states sqlx: sqlx-sqlite is listed even without the sqlite features (zero2prod), which the gate drops', () => {
    const lock = (features: string) => ({
      'Cargo.toml': `[package]\nname = "svc"\n\n[dependencies]\nsqlx = { version = "0.8", default-features = false, features = [${features}] }\n`,
      'Cargo.lock': [
        'version = 4',
        '[[package]]\nname = "svc"\nversion = "0.1.0"\ndependencies = ["sqlx"]',
        '[[package]]\nname = "sqlx"\nversion = "0.8.2"\ndependencies = ["sqlx-macros", "sqlx-postgres"]',
        '[[package]]\nname = "sqlx-macros"\nversion = "0.8.2"\ndependencies = ["sqlx-macros-core"]',
        '[[package]]\nname = "sqlx-macros-core"\nversion = "0.8.2"\ndependencies = ["sqlx-postgres", "sqlx-sqlite"]',
        '[[package]]\nname = "sqlx-postgres"\nversion = "0.8.2"\n',
        '[[package]]\nname = "sqlx-sqlite"\nversion = "0.8.2"\ndependencies = ["libsqlite3-sys"]',
        '[[package]]\nname = "libsqlite3-sys"\nversion = "0.30.1"\n',
      ].join('\n\n'),
      'src/main.rs': '',
    });
    assert.deepEqual(needs(lock('"macros", "postgres"'), 'svc').needs, []);
    assert.deepEqual(needs(lock('"macros", "sqlite"'), 'svc').needs.map((n) => n.sysCrate), ['libsqlite3-sys']);
  });

  it('takes extra table entries from the caller', () => {
    const result = nativeNeeds(project({ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nmagick_rust = "1"\n', 'src/main.rs': '' }), 'x', {
      wrappers: { magick_rust: [{ sys: 'imagemagick' }] },
      nativeCrates: {
        imagemagick: { library: 'ImageMagick', build: { apt: ['libmagickwand-dev'], apk: ['imagemagick-dev'] }, runtime: { apt: ['libmagickwand-6.q16-6'], apk: ['imagemagick-libs'] } },
      },
    });
    assert.deepEqual(result.needs.map((n) => n.build.apk), [['imagemagick-dev']]);
    assert.equal(result.complete, true);
  });
});
