/**
 * `dockwright.languageFeatures`: which editor features (completion, hover, formatting, outline, …) the Dockwright
 * server should leave to another Docker extension, so a user never sees two completion lists or two formatters.
 * Pure data and one function, shared with the server by name only (`dockerfile.completion`, `compose.hover`, …).
 */

export type LanguageFeaturesSetting = 'auto' | 'on' | 'off';

const ALL = ['completion', 'hover', 'formatting', 'symbols', 'definition', 'references', 'rename', 'highlight', 'links', 'folding', 'signatureHelp', 'semanticTokens', 'codeLens'];

/**
 * What each peer already provides. Container Tools and the older Docker extension run dockerfile-language-server
 * (every Dockerfile feature) and compose-language-service (completion, key hover, formatting, image links,
 * signature help and a service start-up code lens); Docker DX runs docker-language-server (every Dockerfile feature;
 * compose completion, hover, definition, highlight, links, outline, formatting, rename).
 */
export const PEER_FEATURES: Record<string, { dockerfile: string[]; compose: string[] }> = {
  'ms-azuretools.vscode-containers': { dockerfile: ALL, compose: ['completion', 'hover', 'formatting', 'links', 'signatureHelp', 'codeLens'] },
  'ms-azuretools.vscode-docker': { dockerfile: ALL, compose: ['completion', 'hover', 'formatting', 'links', 'signatureHelp', 'codeLens'] },
  'docker.docker': { dockerfile: ALL, compose: ['completion', 'hover', 'definition', 'highlight', 'links', 'symbols', 'formatting', 'rename'] },
};

/** `dockerfile.X` / `compose.X` names the server must not offer. */
export function disabledLanguageFeatures(setting: unknown, installed: (id: string) => boolean): string[] {
  if (setting === 'on') return [];
  if (setting === 'off') return [...ALL.map((f) => `dockerfile.${f}`), ...ALL.map((f) => `compose.${f}`)];
  const out = new Set<string>();
  for (const [id, features] of Object.entries(PEER_FEATURES)) {
    if (!installed(id)) continue;
    for (const f of features.dockerfile) out.add(`dockerfile.${f}`);
    for (const f of features.compose) out.add(`compose.${f}`);
  }
  return [...out].sort();
}
