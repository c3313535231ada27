// Stands in for `semver/functions/parse` and `semver/functions/satisfies` in the client bundle (see ../build.mjs).
// vscode-languageclient uses them once, to check that VS Code is at least the version it was built for
// (`^1.82.0`); package.json's `engines.vscode` (^1.100.0) already guarantees that VS Code never loads the
// extension into an older one. This implements exactly that check: parse `major.minor.patch[-pre]` and test a
// caret range `^X.Y.Z`; any other range is refused loudly so a new client version cannot pass unchecked.
'use strict';
function parse(version) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(String(version).trim());
  if (!m) return null;
  return { major: +m[1], minor: +m[2], patch: +m[3], prerelease: m[4] ? m[4].split('.') : [] };
}
function satisfies(version, range) {
  const v = typeof version === 'string' ? parse(version) : version;
  const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!r) throw new Error(`semver shim: unsupported range ${range}`);
  if (!v || v.prerelease.length > 0) return false;
  const [major, minor, patch] = [+r[1], +r[2], +r[3]];
  if (v.major !== major) return false;
  if (major === 0) throw new Error(`semver shim: unsupported range ${range}`);
  return v.minor > minor || (v.minor === minor && v.patch >= patch);
}
module.exports = { parse, satisfies };
