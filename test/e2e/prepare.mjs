// Shared by both e2e runners: builds the extension, compiles the suite to out/test/e2e/ and makes a fresh
// throwaway copy of examples/photos for the suite to work on.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const outDir = join(repoRoot, 'out/test/e2e');

export async function buildExtensionAndSuite() {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  rmSync(outDir, { recursive: true, force: true });
  const suiteDir = join(repoRoot, 'test/e2e/suite');
  const entryPoints = [join(repoRoot, 'test/e2e/index.ts'), ...readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => join(suiteDir, f))];
  await build({
    entryPoints,
    outdir: outDir,
    outbase: join(repoRoot, 'test/e2e'),
    bundle: false,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(outDir, 'index.js');
}

/** A fresh temp folder holding `workspace/` (a copy of examples/photos) and room for runner scratch files. */
export function makeScratch() {
  const scratch = mkdtempSync(join(tmpdir(), 'dockwright-e2e-'));
  const workspace = join(scratch, 'photos');
  cpSync(join(repoRoot, 'examples/photos'), workspace, { recursive: true });
  return { scratch, workspace };
}
