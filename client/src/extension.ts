import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerServices } from './services/register';

let client: LanguageClient | undefined;

/** Extensions that already report Dockerfile syntax errors (`dockwright.dockerfile.syntaxValidation: auto` defers to them). */
export const DOCKER_EXTENSIONS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

function dockerExtensionInstalled(): boolean {
  return DOCKER_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}

export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // One "Dockwright" output channel for the language server and the engine commands.
  const output = vscode.window.createOutputChannel('Dockwright');
  context.subscriptions.push(output);
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
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{Dockerfile*,*.Dockerfile,Containerfile*,*compose*.y*ml,.dockwright.*,go.mod,.dockerignore,.env}'),
    },
  };
  clientOptions.middleware = {
    // The server's dockwright.splitDockerfile is registered by the language client; from the palette or a menu it
    // gets no argument or a vscode.Uri, so pass the Dockerfile's URI as a string.
    executeCommand: (command, args, next) => {
      if (command !== 'dockwright.splitDockerfile') return next(command, args);
      const [target, ...rest] = args;
      const uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.parse(target) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showWarningMessage('Dockwright: open a Dockerfile to split it.');
        return undefined;
      }
      return next(command, [uri.toString(), ...rest]);
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
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
