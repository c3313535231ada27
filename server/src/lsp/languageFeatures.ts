import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  SymbolKind,
  type CompletionItem,
  type Connection,
  type DocumentSymbol,
  type Hover,
  type HoverParams,
  type Location,
  type ServerCapabilities,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  composeDefinition,
  composeLinks,
  composeOutline,
  composePrepareRename,
  composeReferences,
  composeRename,
  formatCompose,
  schemaCompletions,
  schemaHover,
  type OutlineSymbol,
} from '../core/compose/language';
import { fileKind } from '../core/workspace';
import * as df from './dockerfileFeatures';
import type { DocumentLocation, WorkspaceRegistry } from './workspaces';

/**
 * Editor language features for Dockerfiles (dockerfile-language-service) and compose files (core/compose/language),
 * each of which can be switched off per file kind: the VS Code client turns off what Docker DX or Container Tools
 * already provide (`dockwright.languageFeatures: auto`); the standalone server offers everything.
 */

export const LANGUAGE_FEATURES = [
  'completion',
  'hover',
  'formatting',
  'symbols',
  'definition',
  'references',
  'rename',
  'highlight',
  'links',
  'folding',
  'signatureHelp',
  'semanticTokens',
  'codeLens',
] as const;
export type LanguageFeature = (typeof LANGUAGE_FEATURES)[number];
type Kind = 'dockerfile' | 'compose';

/** Which features are on; `disabled` holds `dockerfile.completion`, `compose.hover`, … */
export class FeatureGate {
  private disabled = new Set<string>();
  /** The client command a "Run service" code lens runs (the VS Code client has one; other editors none, so no lens). */
  runServiceCommand?: string;
  /** The client inserts snippets (`RUN ${1:command}`); plain text otherwise. */
  snippets = true;
  constructor(disabled?: unknown) {
    this.set(disabled);
  }
  set(disabled: unknown): void {
    this.disabled = new Set(Array.isArray(disabled) ? disabled.filter((d): d is string => typeof d === 'string') : []);
  }
  on(kind: Kind, feature: LanguageFeature): boolean {
    return !this.disabled.has(`${kind}.${feature}`);
  }
  any(feature: LanguageFeature): boolean {
    return this.on('dockerfile', feature) || this.on('compose', feature);
  }
}

/** Capabilities for the features on at start-up (the protocol fixes them at initialize). */
export function languageCapabilities(gate: FeatureGate): ServerCapabilities {
  const caps: ServerCapabilities = {};
  if (gate.any('formatting')) {
    caps.documentFormattingProvider = true;
    caps.documentRangeFormattingProvider = true;
  }
  if (gate.on('dockerfile', 'formatting')) caps.documentOnTypeFormattingProvider = { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] };
  if (gate.any('symbols')) caps.documentSymbolProvider = true;
  if (gate.any('definition')) caps.definitionProvider = true;
  if (gate.any('references')) caps.referencesProvider = true;
  if (gate.any('rename')) caps.renameProvider = { prepareProvider: true };
  if (gate.on('dockerfile', 'highlight')) caps.documentHighlightProvider = true;
  if (gate.any('links')) caps.documentLinkProvider = { resolveProvider: false };
  if (gate.on('dockerfile', 'folding')) caps.foldingRangeProvider = true;
  if (gate.on('dockerfile', 'signatureHelp')) caps.signatureHelpProvider = { triggerCharacters: ['-', '[', ',', ' ', '='] };
  if (gate.on('dockerfile', 'semanticTokens')) caps.semanticTokensProvider = { legend: df.SEMANTIC_TOKENS_LEGEND, full: true };
  if (gate.on('compose', 'codeLens') && gate.runServiceCommand) caps.codeLensProvider = { resolveProvider: false };
  return caps;
}

export interface LanguageFeatureDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  registry: WorkspaceRegistry;
  gate: FeatureGate;
  locate(document: TextDocument): DocumentLocation | undefined;
  /** Dockwright's own completions for compose files (services, profiles, Dockerfiles, stages). */
  composeCompletions(document: TextDocument, position: { line: number; character: number }): CompletionItem[];
  /** Dockwright's own hover (analysis of the stage graph, services, profiles). */
  ownHover(params: HoverParams): Hover | null;
}

const SYMBOL_KIND: Record<OutlineSymbol['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  service: SymbolKind.Class,
  volume: SymbolKind.Struct,
  network: SymbolKind.Interface,
  secret: SymbolKind.Key,
  config: SymbolKind.Object,
  profile: SymbolKind.EnumMember,
  include: SymbolKind.File,
  extension: SymbolKind.Constant,
};

export function registerLanguageFeatures(deps: LanguageFeatureDeps): { hover(params: HoverParams): Hover | null } {
  const { connection, documents, registry, gate } = deps;

  /** The open document, its analysis location and kind; undefined when not a Dockerfile/compose file. */
  function open(uri: string): { document: TextDocument; location: DocumentLocation; kind: Kind } | undefined {
    const document = documents.get(uri);
    if (!document) return undefined;
    const location = deps.locate(document);
    if (!location) return undefined;
    const k = fileKind(location.path);
    return k === 'dockerfile' || k === 'compose' ? { document, location, kind: k } : undefined;
  }
  const uriOf = (target: { document: TextDocument; location: DocumentLocation }, path: string) =>
    path === target.location.path ? target.document.uri : registry.uriOf(target.location.root, path);

  connection.onCompletion(async (params) => {
    const t = open(params.textDocument.uri);
    if (!t) return [];
    if (t.kind === 'dockerfile') return gate.on('dockerfile', 'completion') ? df.dockerfileCompletions(t.document.getText(), params.position, gate.snippets) : [];
    const own = deps.composeCompletions(t.document, params.position);
    if (own.length || !gate.on('compose', 'completion')) return own;
    return schemaCompletions(t.document.getText(), params.position).map(
      (c): CompletionItem => ({
        label: c.label,
        kind: c.kind === 'key' ? CompletionItemKind.Property : CompletionItemKind.EnumMember,
        documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
        tags: c.deprecated ? [1] : undefined,
        insertTextFormat: InsertTextFormat.PlainText,
        textEdit: { range: c.range, newText: c.insertText },
      }),
    );
  });

  const hover = (params: HoverParams): Hover | null => {
    const t = open(params.textDocument.uri);
    const own = deps.ownHover(params);
    if (!t) return own;
    if (t.kind === 'dockerfile') return gate.on('dockerfile', 'hover') ? df.mergeHovers(own, df.dockerfileHoverDocs(t.document.getText(), params.position)) : own;
    if (own || !gate.on('compose', 'hover')) return own;
    const docs = schemaHover(t.document.getText(), params.position);
    return docs ? { contents: { kind: MarkupKind.Markdown, value: docs.contents }, range: docs.range } : null;
  };

  const wholeDocument = (document: TextDocument, newText: string): TextEdit[] => [
    { range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) }, newText },
  ];

  connection.onDocumentFormatting((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'formatting')) return [];
    if (t.kind === 'dockerfile') return df.dockerfileFormat(t.document.getText(), params.options);
    const text = formatCompose(t.document.getText(), { tabSize: params.options.tabSize });
    return text === undefined ? [] : wholeDocument(t.document, text);
  });

  connection.onDocumentRangeFormatting((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'formatting')) return [];
    if (t.kind === 'dockerfile') return df.dockerfileFormat(t.document.getText(), params.options, params.range);
    // YAML layout depends on the whole document: a range is formatted as the document it belongs to.
    const text = formatCompose(t.document.getText(), { tabSize: params.options.tabSize });
    return text === undefined ? [] : wholeDocument(t.document, text);
  });

  connection.onDocumentOnTypeFormatting((params) => {
    const t = open(params.textDocument.uri);
    if (!t || t.kind !== 'dockerfile' || !gate.on('dockerfile', 'formatting')) return [];
    return df.dockerfileFormatOnType(t.document.getText(), params.position, params.ch, params.options);
  });

  connection.onDocumentSymbol((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'symbols')) return [];
    if (t.kind === 'dockerfile') return df.dockerfileSymbols(t.document.uri, t.document.getText());
    const model = t.location.analysis.compose(t.location.path);
    if (!model) return [];
    const convert = (s: OutlineSymbol): DocumentSymbol => ({
      name: s.name || ' ',
      detail: s.detail,
      kind: SYMBOL_KIND[s.kind],
      range: s.range,
      selectionRange: s.selectionRange,
      children: s.children.map(convert),
    });
    return composeOutline(model).map(convert);
  });

  connection.onDefinition((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'definition')) return null;
    if (t.kind === 'dockerfile') return df.dockerfileDefinition(t.document.uri, t.document.getText(), params.position);
    return composeDefinition(t.location.analysis, t.location.path, params.position).flatMap((d): Location[] => {
      const uri = uriOf(t, d.path);
      return uri ? [{ uri, range: d.range }] : [];
    });
  });

  connection.onReferences((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'references')) return [];
    if (t.kind === 'dockerfile') return df.dockerfileReferences(t.document.uri, t.document.getText(), params.position, params.context.includeDeclaration);
    return composeReferences(t.location.analysis, t.location.path, params.position, params.context.includeDeclaration).flatMap((d): Location[] => {
      const uri = uriOf(t, d.path);
      return uri ? [{ uri, range: d.range }] : [];
    });
  });

  connection.onPrepareRename((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'rename')) return null;
    if (t.kind === 'dockerfile') return df.dockerfilePrepareRename(t.document.getText(), params.position);
    return composePrepareRename(t.location.analysis, t.location.path, params.position) ?? null;
  });

  connection.onRenameRequest((params): WorkspaceEdit | null | ResponseError<void> => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'rename')) return null;
    if (t.kind === 'dockerfile') {
      const edits = df.dockerfileRename(t.document.uri, t.document.getText(), params.position, params.newName);
      return edits.length ? { changes: { [t.document.uri]: edits } } : null;
    }
    const result = composeRename(t.location.analysis, t.location.path, params.position, params.newName);
    if ('error' in result) return new ResponseError(-32803 /* RequestFailed */, result.error);
    const changes: Record<string, TextEdit[]> = {};
    for (const e of result.edits) {
      const uri = uriOf(t, e.path);
      if (!uri) return new ResponseError(-32803, `Cannot rename in ${e.path}: it is outside the workspace.`);
      (changes[uri] ??= []).push({ range: e.range, newText: e.newText });
    }
    return { changes };
  });

  connection.onDocumentHighlight((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'highlight')) return [];
    if (t.kind === 'dockerfile') return df.dockerfileHighlights(t.document.getText(), params.position);
    return composeReferences(t.location.analysis, t.location.path, params.position, true)
      .filter((r) => r.path === t.location.path)
      .map((r) => ({ range: r.range }));
  });

  connection.onDocumentLinks((params) => {
    const t = open(params.textDocument.uri);
    if (!t || !gate.on(t.kind, 'links')) return [];
    if (t.kind === 'dockerfile') return df.dockerfileLinks(t.document.getText());
    return composeLinks(t.location.analysis, t.location.path).flatMap((l) => {
      const target = uriOf(t, l.target);
      return target ? [{ range: l.range, target, tooltip: l.tooltip }] : [];
    });
  });

  connection.onFoldingRanges((params) => {
    const t = open(params.textDocument.uri);
    if (!t || t.kind !== 'dockerfile' || !gate.on('dockerfile', 'folding')) return [];
    return df.dockerfileFolding(t.document.getText());
  });

  connection.onSignatureHelp((params) => {
    const t = open(params.textDocument.uri);
    if (!t || t.kind !== 'dockerfile' || !gate.on('dockerfile', 'signatureHelp')) return null;
    return df.dockerfileSignatureHelp(t.document.getText(), params.position);
  });

  connection.onCodeLens((params) => {
    const t = open(params.textDocument.uri);
    if (!t || t.kind !== 'compose' || !gate.on('compose', 'codeLens') || !gate.runServiceCommand) return [];
    const model = t.location.analysis.compose(t.location.path);
    return (model?.services ?? []).map((s) => ({
      range: s.keyRange,
      command: { title: '$(play) Run service', command: gate.runServiceCommand!, arguments: [{ service: s.name, uri: t.document.uri }] },
    }));
  });

  connection.languages.semanticTokens.on((params) => {
    const t = open(params.textDocument.uri);
    if (!t || t.kind !== 'dockerfile' || !gate.on('dockerfile', 'semanticTokens')) return { data: [] };
    return df.dockerfileSemanticTokens(t.document.getText());
  });

  return { hover };
}
