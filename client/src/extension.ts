import * as path from 'node:path';
import * as vscode from 'vscode';
import { SPLIT_COMMAND, splitDockerfileMiddleware } from './commands/splitDockerfile';
import { setNotesChannel } from './commands/planNotes';
import { wireProfilesMiddleware } from './commands/wireProfiles';
import { registerProfilesView } from './views/profilesView';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerServices } from './services/register';

let client: LanguageClient | undefined;

/** Extensions that already report Dockerfile syntax errors (`dockwright.dockerfile.syntaxValidation: auto` defers to them). */
export const DOCKER_EXTENSIONS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

function dockerExtensionInstalled(): boolean {
  return DOCKER_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined);
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

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // One "Dockwright" output channel for the language server and the engine commands.
  const output = vscode.window.createOutputChannel('Dockwright');
  context.subscriptions.push(output);
  setNotesChannel(output);
  registerServices(context, () => output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    outputChannel: output,
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions: { dockerExtensionInstalled: dockerExtensionInstalled() },
    synchronize: {
      configurationSection: 'dockwright',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{Dockerfile*,*.Dockerfile,Containerfile*,*compose*.y*ml,.dockwright.*,go.mod,.dockerignore,.env,.env.*,*.env}'),
    },
    middleware: {
      // The language client registers the server's commands; these fill in arguments when run from the palette or a menu.
      executeCommand: (command, args, next) =>
        command === SPLIT_COMMAND ? splitDockerfileMiddleware!(command, args, next) : wireProfilesMiddleware!(command, args, next),
    },
  };
  client = new LanguageClient('dockwright', 'Dockwright', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
  let lastDockerExtension = dockerExtensionInstalled();
  context.subscriptions.push(
    vscode.extensions.onDidChange(() => {
      const now = dockerExtensionInstalled();
      if (now === lastDockerExtension) return;
      lastDockerExtension = now;
      void client?.sendNotification('dockwright/environment', { dockerExtensionInstalled: now });
    }),
  );

  registerProfilesView(context, client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
