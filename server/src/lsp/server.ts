import {
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type ExecuteCommandParams,
  type HoverParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkFile } from '../core/check';
import { normalizeConfig } from '../core/config';
import { setModelValidator } from '../core/rules/dockerfile/dw0xx-syntax-validation';
import type { Finding } from '../core/types';
import { rangesOverlap } from '../core/text';
import { fileKind } from '../core/workspace';
import { registerComposeFeatures, WIRE_PROFILES_COMMAND } from './compose';
import { toCodeAction, toDiagnostic } from './convert';
import { registerCustomRequests } from './customRequests';
import { hoverAt } from './hover';
import { FeatureGate, languageCapabilities, registerLanguageFeatures } from './languageFeatures';
import { incrementalModelValidator, SpanCache } from './incrementalValidate';
import { serverConnection } from './stdioWriter';
import { applyTestHooks } from './testHooks';
import { executeSplitCommand, SPLIT_COMMAND } from './splitCommand';
import { fixAllAction, FIX_ALL_KIND, showRuleDocs, SHOW_RULE_DOCS_COMMAND, suppressionActions } from './suppressActions';
import { WorkspaceRegistry, type DocumentLocation } from './workspaces';

declare const DOCKWRIGHT_VERSION: string | undefined;

/**
 * Only files and unsaved buffers are analysed. Other schemes are copies of them (the refactor preview's
 * `vscode-bulkeditpreview-editor:`, git and diff views, …): their findings would be counted twice in Problems.
 */
export function isAnalysedUri(uri: string): boolean {
  return uri.startsWith('file:') || uri.startsWith('untitled:');
}

function existsOnDisk(uri: string): boolean {
  try {
    return existsSync(fileURLToPath(uri));
  } catch {
    return false;
  }
}

interface Checked {
  version: number;
  location: DocumentLocation;
  findings: Finding[];
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const registry = new WorkspaceRegistry();
  const checked = new Map<string, Checked>();
  const pending = new Map<string, NodeJS.Immediate>();
  /** Files deleted on disk (watched-file events) whose documents may still be open: not analysed, no diagnostics. */
  const gone = new Set<string>();
  let hasConfigurationCapability = false;
  let dockerExtensionInstalled = false;
  let dockerDxInstalled = false;
  // Editor features another Docker extension already provides (sent by the VS Code client); none standalone.
  const features = new FeatureGate();
  // Re-checks on every keystroke: dockerfile-utils' validation reuses the results of unchanged instructions.
  setModelValidator(incrementalModelValidator(new SpanCache()));

  /** `dockwright` settings section → core config, plus what the client told us about other Docker extensions. */
  function settingsFrom(
    section: { rules?: unknown; maxFileSize?: unknown; cgoModules?: unknown; dockerfile?: { syntaxValidation?: unknown; buildkitChecks?: unknown } } | undefined,
  ) {
    // `auto` is the default VS Code always reports; leave it unset so a `.dockwright.json` value still applies.
    const raw = section?.dockerfile?.syntaxValidation;
    const syntaxValidation = raw === 'auto' ? undefined : raw;
    const rawBuildkit = section?.dockerfile?.buildkitChecks;
    const buildkitChecks = rawBuildkit === 'auto' ? undefined : rawBuildkit;
    const { config } = normalizeConfig({
      rules: section?.rules ?? {},
      ...(syntaxValidation !== undefined ? { syntaxValidation } : {}),
      ...(buildkitChecks !== undefined ? { buildkitChecks } : {}),
      ...(section?.cgoModules ? { cgoModules: section.cgoModules } : {}),
      ...(section?.maxFileSize !== undefined && section?.maxFileSize !== null ? { maxFileBytes: section.maxFileSize } : {}),
    });
    return { ...config, dockerExtensionInstalled, dockerDxInstalled };
  }
  let supportsResourceOperations = false;

  connection.onInitialize((params): InitializeResult => {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    registry.setFolders(folders.filter((u) => u.startsWith('file:')));
    hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
    const init = params.initializationOptions as
      | { rules?: unknown; syntaxValidation?: unknown; buildkitChecks?: unknown; dockerExtensionInstalled?: unknown; dockerDxInstalled?: unknown; languageFeaturesDisabled?: unknown; runServiceCommand?: unknown }
      | undefined;
    dockerExtensionInstalled = init?.dockerExtensionInstalled === true;
    dockerDxInstalled = init?.dockerDxInstalled === true;
    features.set(init?.languageFeaturesDisabled);
    features.runServiceCommand = typeof init?.runServiceCommand === 'string' ? init.runServiceCommand : undefined;
    features.snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport !== false;
    registry.setSettings(settingsFrom({ rules: init?.rules ?? {}, dockerfile: { syntaxValidation: init?.syntaxValidation, buildkitChecks: init?.buildkitChecks } }));
    const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
    supportsResourceOperations = !!workspaceEdit?.documentChanges && ['create', 'delete'].every((op) => workspaceEdit?.resourceOperations?.includes(op as never));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: [' ', '-', '/', '[', '$', '=', '{'] },
        hoverProvider: true,
        ...languageCapabilities(features),
        executeCommandProvider: { commands: Object.keys(commands) },
      },
      serverInfo: { name: 'dockwright', version: typeof DOCKWRIGHT_VERSION === 'string' ? DOCKWRIGHT_VERSION : undefined },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfigurationCapability) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined);
      await pullSettings();
    }
    for (const p of registry.configProblems.splice(0)) connection.console.warn(p);
  });

  async function pullSettings(): Promise<void> {
    try {
      const section = await connection.workspace.getConfiguration('dockwright');
      registry.setSettings(settingsFrom(section));
    } catch (err) {
      connection.console.warn(`cannot read settings: ${(err as Error).message}`);
    }
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (hasConfigurationCapability) await pullSettings();
    else registry.setSettings(settingsFrom(change.settings?.dockwright));
    revalidateAll();
  });

  // Sent by the VS Code client when extensions are installed or removed (syntaxValidation: auto).
  connection.onNotification('dockwright/environment', async (params: { dockerExtensionInstalled?: boolean; dockerDxInstalled?: boolean; languageFeaturesDisabled?: string[] }) => {
    dockerExtensionInstalled = params?.dockerExtensionInstalled === true;
    dockerDxInstalled = params?.dockerDxInstalled === true;
    if (params?.languageFeaturesDisabled !== undefined) features.set(params.languageFeaturesDisabled);
    if (hasConfigurationCapability) await pullSettings();
    else registry.setSettings(settingsFrom(undefined));
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    registry.didChangeFiles(params.changes);
    for (const change of params.changes ?? []) {
      // 3 = Deleted (a split's Apply deletes the monolith, its Undo the new files): their findings go with them.
      if (change.type === 3) {
        gone.add(change.uri);
        checked.delete(change.uri);
        void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
      } else gone.delete(change.uri);
    }
    revalidateAll();
  });

  function locationOf(document: TextDocument): DocumentLocation | undefined {
    const loc = registry.didOpenOrChange(document.uri, document.getText());
    if (loc) return loc;
    const name = virtualName(document);
    return name ? registry.virtual(document.uri, document, name) : undefined;
  }

  function virtualName(document: TextDocument): string | undefined {
    const last = decodeURIComponent(document.uri.split('/').pop() ?? '');
    if (fileKind(last) !== 'other') return last;
    if (document.languageId === 'dockerfile') return 'Dockerfile';
    if (document.languageId === 'dockercompose') return 'compose.yaml';
    return undefined;
  }

  function check(document: TextDocument): Checked | undefined {
    if (!isAnalysedUri(document.uri)) return undefined;
    // Deleted, unless it is back on disk (Undo restores the monolith; its Created event may come after the reopen).
    if (gone.has(document.uri)) {
      if (!existsOnDisk(document.uri)) return undefined;
      gone.delete(document.uri);
    }
    const hit = checked.get(document.uri);
    if (hit && hit.version === document.version) return hit;
    const location = locationOf(document);
    if (!location) return undefined;
    const findings = checkFile(location.path, location.analysis, {
      onRuleError: (code, file, error) => connection.console.error(`rule ${code} failed on ${file}: ${(error as Error)?.stack ?? error}`),
    }).filter((f) => f.file === location.path);
    const result = { version: document.version, location, findings };
    checked.set(document.uri, result);
    return result;
  }

  function validate(document: TextDocument): void {
    const result = check(document);
    if (!result) return;
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: result.findings.map(toDiagnostic) });
  }

  function schedule(document: TextDocument): void {
    const uri = document.uri;
    const existing = pending.get(uri);
    if (existing) clearImmediate(existing);
    pending.set(
      uri,
      setImmediate(() => {
        pending.delete(uri);
        const current = documents.get(uri);
        if (!current) return;
        try {
          validate(current);
        } catch (err) {
          // One bad document (or a bug) must not take the server down for every other file.
          connection.console.error(`cannot check ${uri}: ${(err as Error)?.stack ?? err}`);
        }
      }),
    );
  }

  function revalidateAll(): void {
    checked.clear();
    for (const doc of documents.all()) schedule(doc);
  }

  documents.onDidOpen((e) => {
    checked.delete(e.document.uri);
    schedule(e.document);
  });
  documents.onDidChangeContent((e) => {
    if (!isAnalysedUri(e.document.uri)) return;
    // Update the overlay now, so files checked before this one already see its new text.
    registry.didOpenOrChange(e.document.uri, e.document.getText());
    // The edited document's diagnostics first; another open file may depend on this one (compose ↔ Dockerfile),
    // so the other open documents are re-checked after it, one at a time, behind any newer edit.
    schedule(e.document);
    const others = documents.all().filter((doc) => doc.uri !== e.document.uri);
    for (const doc of others) checked.delete(doc.uri);
    scheduleCrossFile(others.map((doc) => doc.uri));
  });

  // Re-checks of documents that did not change themselves: one per event-loop turn, so a newer edit's
  // check (in `pending`) always runs before them and a burst of typing does not queue whole-workspace work.
  const crossFileQueue = new Set<string>();
  let crossFileRunner: NodeJS.Immediate | undefined;
  function scheduleCrossFile(uris: string[]): void {
    for (const uri of uris) crossFileQueue.add(uri);
    crossFileRunner ??= setImmediate(runCrossFile);
  }
  function runCrossFile(): void {
    crossFileRunner = undefined;
    if (pending.size === 0) {
      const uri = crossFileQueue.values().next().value;
      if (uri === undefined) return;
      crossFileQueue.delete(uri);
      const doc = documents.get(uri);
      if (doc) {
        try {
          validate(doc);
        } catch (err) {
          connection.console.error(`cannot check ${uri}: ${(err as Error)?.stack ?? err}`);
        }
      }
    }
    if (crossFileQueue.size) crossFileRunner = setImmediate(runCrossFile);
  }
  documents.onDidClose((e) => {
    const p = pending.get(e.document.uri);
    if (p) clearImmediate(p);
    pending.delete(e.document.uri);
    checked.delete(e.document.uri);
    registry.didClose(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // The closed file now reads from disk again: files that use it (compose ↔ Dockerfile) may change.
    revalidateAll();
  });

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const result = check(document);
    if (!result) return [];
    const { location } = result;
    const uriOf = (p: string) => (p === location.path ? document.uri : registry.uriOf(location.root, p));
    const only = params.context.only;
    if (only?.length && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`)) && !only.includes('quickfix')) {
      const fixAll = fixAllAction(document.uri, location.path, result.findings);
      return fixAll ? [fixAll] : [];
    }
    const wanted = new Set(params.context.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`));
    const actions: CodeAction[] = [];
    for (const finding of result.findings) {
      if (!rangesOverlap(finding.range, params.range)) continue;
      const key = `${finding.code}@${finding.range.start.line}:${finding.range.start.character}`;
      if (wanted.size > 0 && !wanted.has(key)) continue;
      const diagnostic = toDiagnostic(finding);
      for (const fix of finding.fixes) {
        const action = toCodeAction(finding, fix, diagnostic, uriOf);
        if (action) actions.push(action);
      }
      actions.push(...suppressionActions(document.uri, location.path, document.getText(), finding, diagnostic, result.findings));
    }
    return actions;
  });

  const compose = registerComposeFeatures(connection, documents, registry);
  const commands: Record<string, (params: ExecuteCommandParams) => Promise<unknown>> = {
    [WIRE_PROFILES_COMMAND]: compose.executeWireProfiles,
    [SHOW_RULE_DOCS_COMMAND]: async (params) => showRuleDocs(connection, params),
    [SPLIT_COMMAND]: async (params) =>
      executeSplitCommand({ connection, registry, versionOf: (uri) => documents.get(uri)?.version ?? null, supportsResourceOperations }, params.arguments),
  };

  const ownHover = (params: HoverParams) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !isAnalysedUri(document.uri)) return null;
    const location = locationOf(document);
    if (!location) return null;
    return fileKind(location.path) === 'compose' ? compose.hover(params) : hoverAt(location.analysis, location.path, params.position);
  };
  const language = registerLanguageFeatures({ connection, documents, registry, gate: features, locate: locationOf, composeCompletions: compose.completions, ownHover });
  connection.onHover((params) => language.hover(params));

  connection.onExecuteCommand(async (params) => commands[params.command]?.(params));
  registerCustomRequests(connection);

  documents.listen(connection);
  connection.listen();
}

applyTestHooks(process.env);
startServer(serverConnection());
