// A copy of dockerfile-utils (with its own dockerfile-ast) that shares no module instance with Dockwright's code, so
// baselines are measured on the library as published: Dockwright memoises dockerfile-ast's argument lists on the
// prototype (server/src/core/dockerfile/astMemo.ts), which would otherwise speed up the baseline too.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

type Validate = typeof import('dockerfile-utils').validate;
type Pristine = { validate: Validate; ast: typeof import('dockerfile-ast') };

let cached: Pristine | undefined;

/** dockerfile-utils' `validate` as published. */
export function pristineDockerfileUtilsValidate(): Validate {
  return load().validate;
}

/** dockerfile-ast as published (the copy that pristine `validate` uses). */
export function pristineDockerfileAst(): typeof import('dockerfile-ast') {
  return load().ast;
}

function load(): Pristine {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'dw-pristine-'));
  const outfile = join(dir, 'dockerfile-utils.cjs');
  const root = resolve(__dirname, '..');
  try {
    buildSync({
      stdin: { contents: "module.exports = { validate: require('dockerfile-utils').validate, ast: require('dockerfile-ast') };", resolveDir: root, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
    });
    cached = createRequire(outfile)(outfile) as Pristine;
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
