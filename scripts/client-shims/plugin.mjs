// esbuild plugin: the lean client bundle (used by scripts/build.mjs and bench/run.ts).
import { fileURLToPath } from 'node:url';

/**
 * The client bundle leaves out what vscode-languageclient carries for features Dockwright's server never advertises
 * (pull diagnostics, notebooks, file operations, call/type hierarchy, inlay hints, …: ~100 KB of its 351 KB, with
 * minimatch, which only those features use) and its one use of semver (docs/performance.md, "Client bundle").
 * The server advertises none of these (server/src/lsp/server.ts, languageFeatures.ts `languageCapabilities`).
 */
export const UNUSED_CLIENT_FEATURES = [
  'diagnostic', 'notebook', 'fileOperations', 'callHierarchy', 'typeHierarchy', 'inlayHint', 'colorProvider', 'workspaceSymbol',
  'inlineValue', 'typeDefinition', 'selectionRange', 'inlineCompletion', 'linkedEditingRange', 'implementation', 'declaration',
];
const shim = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
/** esbuild plugin for the client bundle only. */
export const leanClient = {
  name: 'lean-language-client',
  setup(b) {
    const unused = new RegExp(`^\\./(${UNUSED_CLIENT_FEATURES.join('|')})$`);
    b.onResolve({ filter: unused }, (args) =>
      /[\\/]vscode-languageclient[\\/]lib[\\/]common$/.test(args.resolveDir) ? { path: shim('unusedFeature.cjs') } : undefined,
    );
    b.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (args) => ({ path: args.path, namespace: 'semver-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'semver-shim' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(shim('semver.cjs'))}).${args.path.split('/').pop()};`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'js',
    }));
  },
};
