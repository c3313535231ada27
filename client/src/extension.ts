import * as path from 'node:path';
import * as vscode from 'vscode';
import { splitDockerfileMiddleware } from './commands/splitDockerfile';
import { setNotesChannel } from './commands/planNotes';
import { wireProfilesMiddleware } from './commands/wireProfiles';
import { registerProfilesView } from './views/profilesView';
import { DockwrightLanguageClient } from './lsp/client';
import { SERVER_COMMANDS, SPLIT_COMMAND, WIRE_PROFILES_COMMAND } from './lsp/serverCommands';
import { registerServices } from './services/register';
import { languageClientStarted, languageClientStopped } from './serverRequests';
import { disabledLanguageFeatures } from './languageFeatures';

let client: DockwrightLanguageClient | undefined;

/** Extensions that already report Dockerfile syntax errors (`dockwright.dockerfile.syntaxValidation: auto` defers to them). */
export const DOCKER_EXTENSIONS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

function dockerExtensionInstalled(): boolean {
  return DOCKER_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

/** Docker DX runs BuildKit's build checks itself (`dockwright.dockerfile.buildkitChecks: auto` defers to it). */
export const DOCKER_DX = 'docker.docker';

function dockerDxInstalled(): boolean {
  return vscode.extensions.getExtension(DOCKER_DX) !== undefined;
}

/** Language features the server leaves to another Docker extension (`dockwright.languageFeatures`). */
function languageFeaturesDisabled(): string[] {
  const setting = vscode.workspace.getConfiguration('dockwright').get<string>('languageFeatures', 'auto');
  return disabledLanguageFeatures(setting, (id) => vscode.extensions.getExtension(id) !== undefined);
}

/**
 * Files and unsaved buffers only: other schemes are copies (the refactor preview's `vscode-bulkeditpreview-editor:`,
 * git and diff views), whose findings would be counted twice in Problems. The server ignores them too.
 */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'untitled', language: 'dockerfile' },
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'untitled', language: 'dockercompose' },
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
];

/**
 * Registers everything (commands, views, providers once the server answers) and starts the language server without
 * waiting for it: activation ends in milliseconds, and requests (views, engine commands, the server's commands) wait
 * for the server themselves.
 */
export function activate(context: vscode.ExtensionContext): void {
  // One "Dockwright" output channel for the language server and the engine commands.
  const output = vscode.window.createOutputChannel('Dockwright');
  context.subscriptions.push(output);
  setNotesChannel(output);
  registerServices(context, () => output);
  const lsp = new DockwrightLanguageClient('dockwright', {
    serverModule: context.asAbsolutePath(path.join('dist', 'server', 'server.js')),
    debugExecArgv: ['--nolazy', '--inspect=6019'],
    outputChannel: output,
    documentSelector: DOCUMENT_SELECTOR,
    // A function: a restart (features turned back on) sends the current values.
    initializationOptions: () => ({
      dockerExtensionInstalled: dockerExtensionInstalled(),
      dockerDxInstalled: dockerDxInstalled(),
      languageFeaturesDisabled: languageFeaturesDisabled(),
      runServiceCommand: 'dockwright.startService',
    }),
    configurationSection: 'dockwright',
    fileEvents: vscode.workspace.createFileSystemWatcher('**/{Dockerfile*,*.Dockerfile,Containerfile*,*compose*.y*ml,.dockwright.*,go.mod,.dockerignore,.env,.env.*,*.env}'),
    commands: SERVER_COMMANDS,
    // These fill in arguments when the server's commands run from the palette or a menu.
    executeCommand: (command, args, next) =>
      command === SPLIT_COMMAND ? splitDockerfileMiddleware(command, args, next) : command === WIRE_PROFILES_COMMAND ? wireProfilesMiddleware(command, args, next) : next(command, args),
  });
  client = lsp;
  context.subscriptions.push(lsp);
  registerProfilesView(context, lsp);
  // Not awaited; a failure is shown and logged by start().
  void lsp.start().then(() => languageClientStarted(lsp), () => undefined);

  let lastDockerExtension = dockerExtensionInstalled();
  let lastDockerDx = dockerDxInstalled();
  let lastDisabled = languageFeaturesDisabled();
  const environmentChanged = () => {
    const now = dockerExtensionInstalled();
    const dx = dockerDxInstalled();
    const disabled = languageFeaturesDisabled();
    if (now === lastDockerExtension && dx === lastDockerDx && disabled.join() === lastDisabled.join()) return;
    // The server advertised its capabilities at start: features turned back on need a restart of the server.
    const enabledAgain = lastDisabled.some((f) => !disabled.includes(f));
    lastDockerExtension = now;
    lastDockerDx = dx;
    lastDisabled = disabled;
    void lsp.sendNotification('dockwright/environment', { dockerExtensionInstalled: now, dockerDxInstalled: dx, languageFeaturesDisabled: disabled });
    if (enabledAgain) void lsp.restart().catch(() => undefined);
  };
  context.subscriptions.push(
    vscode.extensions.onDidChange(environmentChanged),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dockwright.languageFeatures')) environmentChanged();
    }),
  );
}

export async function deactivate(): Promise<void> {
  languageClientStopped();
  await client?.stop();
  client = undefined;
}
