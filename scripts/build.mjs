// Bundles the client, the language server and the CLI with esbuild.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { update as updateComposeValidator } from './generate-compose-validator.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { DOCKWRIGHT_VERSION: JSON.stringify(pkg.version) },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// The compose-spec validator is precompiled (ajv standalone), not compiled when the server or CLI starts.
if (updateComposeValidator()) console.log('build: regenerated server/src/core/compose/composeValidator.generated.js');

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/cli.ts'], outfile: 'dist/cli/cli.js' }),
]);
