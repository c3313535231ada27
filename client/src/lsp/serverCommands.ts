// The language server's commands (server/src/lsp/server.ts `commands`). The client registers them before the server
// starts, so a command that activates the extension (`onCommand:…`) finds its handler; `test/lsp/clientCommands.test.ts`
// checks that this list is exactly what the server advertises.
export const SPLIT_COMMAND = 'dockwright.splitDockerfile';
export const WIRE_PROFILES_COMMAND = 'dockwright.wireProfiles';
export const SHOW_RULE_DOCS_COMMAND = 'dockwright.showRuleDocs';

export const SERVER_COMMANDS = [SPLIT_COMMAND, WIRE_PROFILES_COMMAND, SHOW_RULE_DOCS_COMMAND];
