/**
 * Which crates link a system C library, and which distro packages a build and
 * a runtime image then need. Data, not logic: users extend it through
 * `nativeCrates` in the config (same shape).
 */

export interface DistroPackages {
  apt: string[];
  apk: string[];
}

export interface NativeCrate {
  /** What the crate links, for messages ("OpenSSL"). */
  library: string;
  /** Packages the builder stage needs (headers, pkg-config). */
  build: DistroPackages;
  /** Shared libraries the runtime stage needs. */
  runtime: DistroPackages;
  /**
   * Cargo features (on this crate or on the wrapper that pulls it in) that
   * compile the C library from source and link it statically: then the
   * runtime needs nothing and the builder only a C compiler.
   */
  staticFeatures?: string[];
  /** True when the crate builds its bundled copy unless a feature asks for the system one. */
  bundledByDefault?: boolean;
  /** Features that switch a bundled-by-default crate to the system library. */
  systemFeatures?: string[];
}

export const NATIVE_CRATES: Record<string, NativeCrate> = {
  'openssl-sys': {
    library: 'OpenSSL',
    build: { apt: ['libssl-dev', 'pkg-config'], apk: ['openssl-dev', 'pkgconf'] },
    runtime: { apt: ['libssl3'], apk: ['libssl3'] },
    staticFeatures: ['vendored'],
  },
  'libsqlite3-sys': {
    library: 'SQLite',
    build: { apt: ['libsqlite3-dev', 'pkg-config'], apk: ['sqlite-dev', 'pkgconf'] },
    runtime: { apt: ['libsqlite3-0'], apk: ['sqlite-libs'] },
    staticFeatures: ['bundled', 'bundled-sqlcipher'],
  },
  'pq-sys': {
    library: 'libpq',
    build: { apt: ['libpq-dev'], apk: ['libpq-dev'] },
    runtime: { apt: ['libpq5'], apk: ['libpq'] },
    staticFeatures: ['bundled'],
  },
  'mysqlclient-sys': {
    library: 'the MySQL client library',
    build: { apt: ['default-libmysqlclient-dev', 'pkg-config'], apk: ['mariadb-connector-c-dev', 'pkgconf'] },
    runtime: { apt: ['libmariadb3'], apk: ['mariadb-connector-c'] },
  },
  'libz-sys': {
    library: 'zlib',
    build: { apt: ['zlib1g-dev'], apk: ['zlib-dev'] },
    runtime: { apt: ['zlib1g'], apk: ['zlib'] },
    staticFeatures: ['static'],
  },
  'curl-sys': {
    library: 'libcurl',
    build: { apt: ['libcurl4-openssl-dev', 'pkg-config'], apk: ['curl-dev', 'pkgconf'] },
    runtime: { apt: ['libcurl4'], apk: ['libcurl'] },
    staticFeatures: ['static-curl'],
  },
  'zstd-sys': {
    library: 'zstd',
    build: { apt: ['libzstd-dev', 'pkg-config'], apk: ['zstd-dev', 'pkgconf'] },
    runtime: { apt: ['libzstd1'], apk: ['zstd-libs'] },
    bundledByDefault: true,
    systemFeatures: ['pkg-config'],
  },
  'libgit2-sys': {
    library: 'libgit2',
    build: { apt: ['libgit2-dev', 'pkg-config'], apk: ['libgit2-dev', 'pkgconf'] },
    runtime: { apt: ['libgit2-1.5'], apk: ['libgit2'] },
    bundledByDefault: true,
  },
};

/**
 * Well-known crates that reach a `-sys` crate. Without a Cargo.lock only the
 * direct dependencies are visible, so these edges stand in for the registry
 * graph. `unlessDefaultFeaturesOff`: the edge exists only with default
 * features (e.g. reqwest's default TLS is native-tls → OpenSSL on Linux).
 */
export interface WrapperEdge {
  sys: string;
  /** The edge exists only when one of these features is on (default features count when `default` is listed). */
  whenFeatures?: string[];
}

export const WRAPPER_CRATES: Record<string, WrapperEdge[]> = {
  openssl: [{ sys: 'openssl-sys' }],
  'native-tls': [{ sys: 'openssl-sys' }],
  'tokio-native-tls': [{ sys: 'openssl-sys' }],
  'hyper-tls': [{ sys: 'openssl-sys' }],
  'postgres-openssl': [{ sys: 'openssl-sys' }],
  reqwest: [{ sys: 'openssl-sys', whenFeatures: ['default', 'default-tls', 'native-tls', 'native-tls-vendored'] }],
  rusqlite: [{ sys: 'libsqlite3-sys' }],
  diesel: [
    { sys: 'pq-sys', whenFeatures: ['postgres'] },
    { sys: 'libsqlite3-sys', whenFeatures: ['sqlite'] },
    { sys: 'mysqlclient-sys', whenFeatures: ['mysql'] },
  ],
  curl: [{ sys: 'curl-sys' }],
  flate2: [{ sys: 'libz-sys', whenFeatures: ['zlib', 'zlib-ng-compat'] }],
  zstd: [{ sys: 'zstd-sys' }],
  git2: [{ sys: 'libgit2-sys' }, { sys: 'openssl-sys', whenFeatures: ['default', 'https'] }],
};

/**
 * Edges a Cargo.lock over-states: the lock lists optional dependencies whatever features are on, so a `-sys` crate
 * reached through these registry crates counts only when one of the features is on. sqlx's lock entries always carry
 * sqlx-sqlite (an optional dependency of sqlx-macros-core), though only its sqlite features link SQLite (zero2prod
 * uses postgres only).
 */
export const LOCK_FEATURE_GATES: Record<string, WrapperEdge[]> = {
  sqlx: [{ sys: 'libsqlite3-sys', whenFeatures: ['sqlite', 'sqlite-unbundled'] }],
};
