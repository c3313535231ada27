// A language client for exactly what the Dockwright server offers, on vscode-jsonrpc alone (docs/performance.md,
// "Client bundle"): vscode-languageclient carried ~350 KB for every LSP feature; this carries the features the server
// advertises (server/src/lsp/server.ts, languageFeatures.ts `languageCapabilities`) and the server → client requests
// it sends (configuration, registerCapability, applyEdit, showMessage, showDocument, logMessage).
import * as cp from 'node:child_process';
import * as vscode from 'vscode';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type * as lsp from 'vscode-languageserver-protocol';
import * as cv from './convert';

/** Fills in a command's arguments (palette, menus) and post-processes its result; `next` runs it in the server. */
export type ExecuteCommandMiddleware = (command: string, args: unknown[], next: (command: string, args: unknown[]) => Promise<unknown>) => Promise<unknown>;

export interface ClientOptions {
  /** The bundled server (dist/server/server.js), forked with Node IPC. */
  serverModule: string;
  /** execArgv of the server when the extension host runs under a debugger. */
  debugExecArgv: string[];
  outputChannel: vscode.OutputChannel;
  documentSelector: vscode.DocumentFilter[];
  /** Called at every (re)start: a restart sends the current values. */
  initializationOptions: () => unknown;
  /** `workspace/didChangeConfiguration` is sent when a setting of this section changes. */
  configurationSection: string;
  fileEvents: vscode.FileSystemWatcher;
  /** The server's commands, registered before the server starts so a command that activates the extension finds them. */
  commands: string[];
  executeCommand: ExecuteCommandMiddleware;
}

type State = 'stopped' | 'starting' | 'running' | 'stopping';

const CLIENT_CAPABILITIES: lsp.ClientCapabilities = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'abort', normalizesLineEndings: true, changeAnnotationSupport: { groupsOnLabel: false } },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: false },
    executeCommand: { dynamicRegistration: false },
    configuration: true,
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, willSave: false, willSaveWaitUntil: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, versionSupport: false, codeDescriptionSupport: true, dataSupport: true },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      completionItemKind: { valueSet: Array.from({ length: 25 }, (_, i) => (i + 1) as lsp.CompletionItemKind) },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true }, activeParameterSupport: true }, contextSupport: true },
    definition: { linkSupport: true },
    references: {},
    documentHighlight: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true, symbolKind: { valueSet: Array.from({ length: 26 }, (_, i) => (i + 1) as lsp.SymbolKind) }, tagSupport: { valueSet: [1] }, labelSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.extract', 'refactor.inline', 'refactor.rewrite', 'source', 'source.organizeImports', 'source.fixAll'] } },
      isPreferredSupport: true,
      disabledSupport: true,
    },
    codeLens: {},
    formatting: {},
    rangeFormatting: {},
    onTypeFormatting: {},
    rename: { prepareSupport: true, prepareSupportDefaultBehavior: 1, honorsChangeAnnotations: true },
    documentLink: { tooltipSupport: true },
    foldingRange: { lineFoldingOnly: true, foldingRangeKind: { valueSet: ['comment', 'imports', 'region'] } },
    semanticTokens: {
      requests: { full: true },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
      overlappingTokenSupport: false,
      multilineTokenSupport: false,
    },
  },
  window: { showMessage: { messageActionItem: { additionalPropertiesSupport: false } }, showDocument: { support: true } },
  general: { markdown: { parser: 'VS Code', version: '1.100.0' }, positionEncodings: ['utf-16'] },
};

const RESTART_LIMIT = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

export class DockwrightLanguageClient implements vscode.Disposable {
  private state: State = 'stopped';
  private connection: MessageConnection | undefined;
  private process: cp.ChildProcess | undefined;
  private ready!: Promise<MessageConnection>;
  private resolveReady!: (c: MessageConnection) => void;
  private rejectReady!: (e: Error) => void;
  /** Providers and listeners of one server run; disposed when it stops. */
  private runDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly synced = new Set<string>();
  private readonly crashes: number[] = [];
  private pendingFileEvents: lsp.FileEvent[] = [];
  private fileEventTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    private readonly options: ClientOptions,
  ) {
    this.resetReady();
    this.diagnostics = vscode.languages.createDiagnosticCollection(id);
    this.disposables.push(this.diagnostics);
    for (const command of options.commands) this.disposables.push(this.registerServerCommand(command));
    // File events and settings are watched from the start; they are sent only to a running server.
    const fileEvent = (type: lsp.FileChangeType) => (uri: vscode.Uri) => this.queueFileEvent({ uri: uri.toString(), type });
    const w = options.fileEvents;
    this.disposables.push(w, w.onDidCreate(fileEvent(1)), w.onDidChange(fileEvent(2)), w.onDidDelete(fileEvent(3)));
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.state !== 'running' || !e.affectsConfiguration(options.configurationSection)) return;
        const settings = { [options.configurationSection]: configurationValue(options.configurationSection, undefined) };
        void this.connection?.sendNotification('workspace/didChangeConfiguration', { settings });
      }),
    );
  }

  private resetReady(): void {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // A start that fails is reported by start(); requests waiting on it get the error.
    this.ready.catch(() => undefined);
  }

  /** Requests and notifications wait until the server has answered `initialize`. */
  async sendRequest<R>(method: string, params?: unknown, token?: vscode.CancellationToken): Promise<R> {
    const connection = await this.ready;
    // vscode-jsonrpc reads every argument after the method as a parameter unless the last one is a token.
    return token ? connection.sendRequest<R>(method, params, token) : connection.sendRequest<R>(method, params);
  }

  async sendNotification(method: string, params?: unknown): Promise<void> {
    const connection = await this.ready;
    await connection.sendNotification(method, params);
  }

  /** Starts the server; resolves once it has answered `initialize` (rejects if it cannot start). */
  async start(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') {
      await this.ready;
      return;
    }
    this.state = 'starting';
    try {
      const { connection, child } = await this.spawn();
      this.connection = connection;
      this.process = child;
      const result = await connection.sendRequest<lsp.InitializeResult>('initialize', this.initializeParams());
      if (this.state !== 'starting') throw new Error('the client was stopped while the server started');
      this.state = 'running';
      this.registerFeatures(connection, result.capabilities);
      await connection.sendNotification('initialized', {});
      this.openDocuments(connection);
      this.resolveReady(connection);
    } catch (error) {
      // A stop() during the start (deactivation) is not a failure to report.
      if (this.state === 'starting') {
        const message = `Dockwright: the language server did not start: ${(error as Error)?.message ?? error}`;
        this.log('Error', message);
        void vscode.window.showErrorMessage(message);
      }
      this.rejectReady(error instanceof Error ? error : new Error(String(error)));
      await this.teardown();
      this.resetReady();
      throw error;
    }
  }

  /** Shuts the server down (shutdown request, exit notification; killed if it does not exit within 2 s). */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    const connection = this.connection;
    const wasRunning = this.state === 'running';
    this.state = 'stopping';
    if (connection && wasRunning) {
      try {
        await withTimeout(connection.sendRequest('shutdown'), 2000);
        await connection.sendNotification('exit');
      } catch {
        // The server is gone or hangs: it is killed below.
      }
    }
    await this.teardown();
    this.resetReady();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    // The diagnostics collection is cleared by the stop, so it is disposed after it.
    void this.stop().finally(() => {
      for (const d of this.disposables.splice(0)) d.dispose();
    });
  }

  // ---------- process and connection ----------

  private async spawn(): Promise<{ connection: MessageConnection; child: cp.ChildProcess }> {
    // Loaded on first start, not when the extension is activated.
    const rpc = await import('vscode-jsonrpc/node.js');
    const debug = process.execArgv.some((a) => /^--(inspect|debug)(-brk)?(=|$)/.test(a));
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
    const child = cp.fork(this.options.serverModule, ['--node-ipc', `--clientProcessId=${process.pid}`], {
      execArgv: debug ? this.options.debugExecArgv : [],
      silent: true,
      cwd: folder?.uri.fsPath,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    if (!child.pid) {
      const spawnError = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw new Error(`cannot run ${this.options.serverModule}: ${spawnError.message}`);
    }
    const out = this.options.outputChannel;
    child.stderr?.on('data', (data: Buffer | string) => out.append(String(data)));
    child.stdout?.on('data', (data: Buffer | string) => out.append(String(data)));
    const connection = rpc.createMessageConnection(new rpc.IPCMessageReader(child), new rpc.IPCMessageWriter(child));
    connection.onClose(() => this.serverClosed(connection));
    connection.onError(([error]: [Error, unknown, unknown]) => this.log('Error', `connection to the language server: ${error.message}`));
    this.onServerRequests(connection);
    connection.listen();
    return { connection, child };
  }

  /** The server exited while running: restart it, up to RESTART_LIMIT times in RESTART_WINDOW_MS. */
  private serverClosed(connection: MessageConnection): void {
    if (connection !== this.connection) return;
    // While starting: a closed connection does not reject its pending requests, disposing it does, so start()
    // reports the failed initialize request. While stopping, the close is expected.
    if (this.state === 'starting') connection.dispose();
    if (this.state !== 'running') return;
    this.state = 'stopping';
    void this.teardown().then(() => {
      this.resetReady();
      const now = Date.now();
      this.crashes.push(now);
      while (this.crashes.length && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
      if (this.crashes.length > RESTART_LIMIT) {
        const message = `Dockwright: the language server crashed ${this.crashes.length} times in the last 3 minutes and will not be restarted (see the Dockwright output).`;
        this.log('Error', message);
        void vscode.window.showErrorMessage(message);
        return;
      }
      this.log('Info', 'the language server stopped unexpectedly; restarting it');
      void this.start().catch(() => undefined);
    });
  }

  private async teardown(): Promise<void> {
    for (const d of this.runDisposables.splice(0)) d.dispose();
    this.synced.clear();
    this.diagnostics.clear();
    clearTimeout(this.fileEventTimer);
    this.pendingFileEvents = [];
    const connection = this.connection;
    const child = this.process;
    this.connection = undefined;
    this.process = undefined;
    connection?.dispose();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await withTimeout(exited, 2000).catch(() => child.kill());
    }
    this.state = 'stopped';
  }

  private initializeParams(): lsp.InitializeParams {
    const folders = vscode.workspace.workspaceFolders;
    return {
      processId: process.pid,
      clientInfo: { name: vscode.env.appName, version: vscode.version },
      locale: vscode.env.language,
      rootPath: folders?.[0]?.uri.scheme === 'file' ? folders[0].uri.fsPath : null,
      rootUri: folders?.[0]?.uri.toString() ?? null,
      capabilities: CLIENT_CAPABILITIES,
      initializationOptions: this.options.initializationOptions(),
      workspaceFolders: folders ? folders.map((f) => ({ uri: f.uri.toString(), name: f.name })) : null,
      trace: 'off',
    };
  }

  private log(level: 'Info' | 'Warn' | 'Error', message: string): void {
    this.options.outputChannel.appendLine(`[${level} - ${new Date().toLocaleTimeString()}] ${message}`);
  }

  // ---------- server → client ----------

  private onServerRequests(connection: MessageConnection): void {
    connection.onNotification('textDocument/publishDiagnostics', (p: lsp.PublishDiagnosticsParams) => {
      this.diagnostics.set(cv.toUri(p.uri), p.diagnostics.map(cv.toDiagnostic));
    });
    connection.onNotification('window/logMessage', (p: lsp.LogMessageParams) => {
      const level = ({ 1: 'Error', 2: 'Warn', 3: 'Info' } as const)[p.type as 1 | 2 | 3];
      if (level) this.log(level, p.message);
      else this.options.outputChannel.appendLine(p.message);
    });
    connection.onNotification('window/showMessage', (p: lsp.ShowMessageParams) => void showMessage(p.type, p.message, []));
    connection.onNotification('telemetry/event', () => undefined);
    connection.onNotification('$/progress', () => undefined);
    connection.onRequest('window/showMessageRequest', async (p: lsp.ShowMessageRequestParams) => {
      const picked = await showMessage(p.type, p.message, (p.actions ?? []).map((a) => a.title));
      return p.actions?.find((a) => a.title === picked) ?? null;
    });
    connection.onRequest('window/showDocument', async (p: lsp.ShowDocumentParams): Promise<lsp.ShowDocumentResult> => {
      try {
        const uri = cv.toUri(p.uri);
        if (p.external) return { success: await vscode.env.openExternal(uri) };
        await vscode.window.showTextDocument(uri, { preserveFocus: p.takeFocus === false, selection: p.selection ? cv.toRange(p.selection) : undefined });
        return { success: true };
      } catch {
        return { success: false };
      }
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/configuration', (p: lsp.ConfigurationParams) =>
      p.items.map((item) => configurationValue(item.section, item.scopeUri ? cv.toUri(item.scopeUri) : undefined)),
    );
    connection.onRequest('workspace/workspaceFolders', () => vscode.workspace.workspaceFolders?.map((f) => ({ uri: f.uri.toString(), name: f.name })) ?? null);
    // The server registers workspace/didChangeConfiguration, which this client sends anyway for its section.
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/applyEdit', (p: lsp.ApplyWorkspaceEditParams) => applyWorkspaceEdit(p));
  }

  // ---------- client → server ----------

  private registerServerCommand(command: string): vscode.Disposable {
    const next = async (name: string, args: unknown[]) => {
      try {
        return await this.sendRequest('workspace/executeCommand', { command: name, arguments: args });
      } catch (error) {
        this.log('Error', `${name} failed: ${(error as Error)?.message ?? error}`);
        return undefined;
      }
    };
    return vscode.commands.registerCommand(command, (...args: unknown[]) => this.options.executeCommand(command, args, next));
  }

  /** A provider's request: failures are logged and give no result, as vscode-languageclient does. */
  private async request<R>(connection: MessageConnection, method: string, params: unknown, token: vscode.CancellationToken): Promise<R | undefined> {
    try {
      return await connection.sendRequest<R>(method, params, token);
    } catch (error) {
      // As vscode-languageclient: no result and no log when the request was cancelled or the connection went away
      // (PendingResponseRejected, ConnectionInactive: the server stopped or restarts).
      const code = (error as { code?: number })?.code;
      if (!token.isCancellationRequested && code !== -32097 && code !== -32096) this.log('Error', `${method} failed: ${(error as Error)?.message ?? error}`);
      return undefined;
    }
  }

  private registerFeatures(connection: MessageConnection, caps: lsp.ServerCapabilities): void {
    const selector = this.options.documentSelector;
    const L = vscode.languages;
    const R = <T>(method: string, params: unknown, token: vscode.CancellationToken) => this.request<T>(connection, method, params, token);
    const doc = cv.asTextDocumentIdentifier;
    const add = (d: vscode.Disposable) => this.runDisposables.push(d);

    this.registerDocumentSync(connection);
    // Commands the server offers beyond the ones registered at activation.
    for (const command of caps.executeCommandProvider?.commands ?? []) if (!this.options.commands.includes(command)) add(this.registerServerCommand(command));

    if (caps.codeActionProvider) {
      const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : undefined;
      add(
        L.registerCodeActionsProvider(
          selector,
          {
            provideCodeActions: async (d, range, context, token) => {
              const params: lsp.CodeActionParams = {
                textDocument: doc(d),
                range: cv.asRange(range),
                context: { diagnostics: context.diagnostics.map(cv.asDiagnostic), only: context.only ? [context.only.value] : undefined, triggerKind: context.triggerKind as lsp.CodeActionTriggerKind },
              };
              return (await R<(lsp.Command | lsp.CodeAction)[] | null>('textDocument/codeAction', params, token))?.map(cv.toCodeAction);
            },
          },
          kinds ? { providedCodeActionKinds: kinds.map((k) => vscode.CodeActionKind.Empty.append(k)) } : undefined,
        ),
      );
    }
    if (caps.completionProvider) {
      add(
        L.registerCompletionItemProvider(
          selector,
          {
            provideCompletionItems: async (d, position, token, context) =>
              cv.toCompletionList(
                await R<lsp.CompletionItem[] | lsp.CompletionList | null>(
                  'textDocument/completion',
                  { ...cv.asPositionParams(d, position), context: { triggerKind: (context.triggerKind + 1) as lsp.CompletionTriggerKind, triggerCharacter: context.triggerCharacter } },
                  token,
                ),
              ),
          },
          ...(caps.completionProvider.triggerCharacters ?? []),
        ),
      );
    }
    if (caps.hoverProvider) {
      add(L.registerHoverProvider(selector, { provideHover: async (d, p, token) => cv.toHover(await R<lsp.Hover | null>('textDocument/hover', cv.asPositionParams(d, p), token)) }));
    }
    if (caps.documentFormattingProvider) {
      add(
        L.registerDocumentFormattingEditProvider(selector, {
          provideDocumentFormattingEdits: async (d, options, token) =>
            cv.toTextEdits(await R<lsp.TextEdit[] | null>('textDocument/formatting', { textDocument: doc(d), options: cv.asFormattingOptions(options) }, token)),
        }),
      );
    }
    if (caps.documentRangeFormattingProvider) {
      add(
        L.registerDocumentRangeFormattingEditProvider(selector, {
          provideDocumentRangeFormattingEdits: async (d, range, options, token) =>
            cv.toTextEdits(await R<lsp.TextEdit[] | null>('textDocument/rangeFormatting', { textDocument: doc(d), range: cv.asRange(range), options: cv.asFormattingOptions(options) }, token)),
        }),
      );
    }
    const onType = caps.documentOnTypeFormattingProvider;
    if (onType) {
      add(
        L.registerOnTypeFormattingEditProvider(
          selector,
          {
            provideOnTypeFormattingEdits: async (d, position, ch, options, token) =>
              cv.toTextEdits(await R<lsp.TextEdit[] | null>('textDocument/onTypeFormatting', { ...cv.asPositionParams(d, position), ch, options: cv.asFormattingOptions(options) }, token)),
          },
          onType.firstTriggerCharacter,
          ...(onType.moreTriggerCharacter ?? []),
        ),
      );
    }
    if (caps.documentSymbolProvider) {
      add(
        L.registerDocumentSymbolProvider(selector, {
          provideDocumentSymbols: async (d, token) => cv.toDocumentSymbols(await R<lsp.DocumentSymbol[] | lsp.SymbolInformation[] | null>('textDocument/documentSymbol', { textDocument: doc(d) }, token)),
        }),
      );
    }
    if (caps.definitionProvider) {
      add(
        L.registerDefinitionProvider(selector, {
          provideDefinition: async (d, p, token) => cv.toDefinition(await R<lsp.Definition | lsp.LocationLink[] | null>('textDocument/definition', cv.asPositionParams(d, p), token)),
        }),
      );
    }
    if (caps.referencesProvider) {
      add(
        L.registerReferenceProvider(selector, {
          provideReferences: async (d, p, context, token) =>
            (await R<lsp.Location[] | null>('textDocument/references', { ...cv.asPositionParams(d, p), context: { includeDeclaration: context.includeDeclaration } }, token))?.map(cv.toLocation),
        }),
      );
    }
    if (caps.renameProvider) {
      const prepare = typeof caps.renameProvider === 'object' && caps.renameProvider.prepareProvider;
      // Rename errors are shown to the user (VS Code displays a rejected rename's message).
      const renameRequest = async <T>(method: string, params: unknown, token: vscode.CancellationToken): Promise<T> => {
        try {
          return await connection.sendRequest<T>(method, params, token);
        } catch (error) {
          throw new Error(typeof (error as Error)?.message === 'string' ? (error as Error).message : "The element can't be renamed.");
        }
      };
      add(
        L.registerRenameProvider(selector, {
          provideRenameEdits: async (d, p, newName, token) =>
            cv.toWorkspaceEdit(await renameRequest<lsp.WorkspaceEdit | null>('textDocument/rename', { ...cv.asPositionParams(d, p), newName }, token)),
          ...(prepare
            ? {
                prepareRename: async (d: vscode.TextDocument, p: vscode.Position, token: vscode.CancellationToken) => {
                  const result = await renameRequest<lsp.PrepareRenameResult | null>('textDocument/prepareRename', cv.asPositionParams(d, p), token);
                  if (token.isCancellationRequested) return undefined;
                  if (result && 'defaultBehavior' in result && result.defaultBehavior) return undefined;
                  const converted = cv.toPrepareRename(result);
                  if (!converted) throw new Error("The element can't be renamed.");
                  return converted;
                },
              }
            : {}),
        }),
      );
    }
    if (caps.documentHighlightProvider) {
      add(
        L.registerDocumentHighlightProvider(selector, {
          provideDocumentHighlights: async (d, p, token) => cv.toDocumentHighlights(await R<lsp.DocumentHighlight[] | null>('textDocument/documentHighlight', cv.asPositionParams(d, p), token)),
        }),
      );
    }
    if (caps.documentLinkProvider) {
      add(
        L.registerDocumentLinkProvider(selector, {
          provideDocumentLinks: async (d, token) => cv.toDocumentLinks(await R<lsp.DocumentLink[] | null>('textDocument/documentLink', { textDocument: doc(d) }, token)),
        }),
      );
    }
    if (caps.foldingRangeProvider) {
      add(
        L.registerFoldingRangeProvider(selector, {
          provideFoldingRanges: async (d, _context, token) => cv.toFoldingRanges(await R<lsp.FoldingRange[] | null>('textDocument/foldingRange', { textDocument: doc(d) }, token)),
        }),
      );
    }
    const sig = caps.signatureHelpProvider;
    if (sig) {
      add(
        L.registerSignatureHelpProvider(
          selector,
          {
            provideSignatureHelp: async (d, p, token, context) =>
              cv.toSignatureHelp(
                await R<lsp.SignatureHelp | null>(
                  'textDocument/signatureHelp',
                  { ...cv.asPositionParams(d, p), context: { triggerKind: context.triggerKind as lsp.SignatureHelpTriggerKind, triggerCharacter: context.triggerCharacter, isRetrigger: context.isRetrigger } },
                  token,
                ),
              ),
          },
          { triggerCharacters: sig.triggerCharacters ?? [], retriggerCharacters: sig.retriggerCharacters ?? [] },
        ),
      );
    }
    const tokens = caps.semanticTokensProvider;
    if (tokens && tokens.full) {
      const legend = new vscode.SemanticTokensLegend(tokens.legend.tokenTypes, tokens.legend.tokenModifiers);
      add(
        L.registerDocumentSemanticTokensProvider(
          selector,
          {
            provideDocumentSemanticTokens: async (d, token) => {
              const r = await R<lsp.SemanticTokens | null>('textDocument/semanticTokens/full', { textDocument: doc(d) }, token);
              return r ? new vscode.SemanticTokens(new Uint32Array(r.data), r.resultId) : undefined;
            },
          },
          legend,
        ),
      );
    }
    if (caps.codeLensProvider) {
      add(L.registerCodeLensProvider(selector, { provideCodeLenses: async (d, token) => cv.toCodeLenses(await R<lsp.CodeLens[] | null>('textDocument/codeLens', { textDocument: doc(d) }, token)) }));
    }
  }

  /** Incremental text synchronisation of the documents the selector matches (open, change, save, close). */
  private registerDocumentSync(connection: MessageConnection): void {
    const w = vscode.workspace;
    this.runDisposables.push(
      w.onDidOpenTextDocument((d) => this.didOpen(connection, d)),
      w.onDidChangeTextDocument((e) => {
        const uri = e.document.uri.toString();
        if (!this.synced.has(uri) || e.contentChanges.length === 0) return;
        const params: lsp.DidChangeTextDocumentParams = {
          textDocument: { uri, version: e.document.version },
          contentChanges: e.contentChanges.map((c) => ({ range: cv.asRange(c.range), rangeLength: c.rangeLength, text: c.text })),
        };
        void connection.sendNotification('textDocument/didChange', params);
      }),
      w.onDidSaveTextDocument((d) => {
        if (this.synced.has(d.uri.toString())) void connection.sendNotification('textDocument/didSave', { textDocument: cv.asTextDocumentIdentifier(d) });
      }),
      w.onDidCloseTextDocument((d) => {
        const uri = d.uri.toString();
        if (!this.synced.delete(uri)) return;
        void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }),
    );
  }

  private didOpen(connection: MessageConnection, d: vscode.TextDocument): void {
    const uri = d.uri.toString();
    if (this.synced.has(uri) || vscode.languages.match(this.options.documentSelector, d) === 0) return;
    this.synced.add(uri);
    void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: d.languageId, version: d.version, text: d.getText() } });
  }

  private openDocuments(connection: MessageConnection): void {
    for (const d of vscode.workspace.textDocuments) this.didOpen(connection, d);
  }

  private queueFileEvent(event: lsp.FileEvent): void {
    if (this.state !== 'running') return;
    this.pendingFileEvents.push(event);
    // Batched like vscode-languageclient does, so a branch switch is one notification, not hundreds.
    this.fileEventTimer ??= setTimeout(() => {
      this.fileEventTimer = undefined;
      const changes = this.pendingFileEvents.splice(0);
      if (changes.length) void this.connection?.sendNotification('workspace/didChangeWatchedFiles', { changes });
    }, 100);
  }
}

/** A setting's value as plain JSON (`section` "dockwright": the whole section; none: every setting). */
function configurationValue(section: string | undefined, scope: vscode.Uri | undefined): unknown {
  const config = vscode.workspace.getConfiguration(undefined, scope);
  const value = section ? config.get(section) : config;
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function showMessage(type: lsp.MessageType, message: string, actions: string[]): Thenable<string | undefined> {
  if (type === 1) return vscode.window.showErrorMessage(message, ...actions);
  if (type === 2) return vscode.window.showWarningMessage(message, ...actions);
  return vscode.window.showInformationMessage(message, ...actions);
}

async function applyWorkspaceEdit(p: lsp.ApplyWorkspaceEditParams): Promise<lsp.ApplyWorkspaceEditResult> {
  // Edits computed for another version of an open document are refused, as vscode-languageclient does.
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d.version]));
  for (const change of p.edit.documentChanges ?? []) {
    if (!('textDocument' in change)) continue;
    const expected = change.textDocument.version;
    const actual = open.get(change.textDocument.uri);
    if (typeof expected === 'number' && actual !== undefined && actual !== expected) return { applied: false, failureReason: 'Version mismatch' };
  }
  const edit = cv.toWorkspaceEdit(p.edit);
  return { applied: edit ? await vscode.workspace.applyEdit(edit) : false };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
