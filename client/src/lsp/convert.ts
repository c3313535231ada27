// Conversions between LSP data (what the Dockwright server sends and expects) and the VS Code API, for the
// features the server advertises. Protocol types are imported as types only: the bundle carries none of
// vscode-languageserver-protocol (docs/performance.md, "Client bundle").
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';

// ---------- VS Code → LSP ----------

export const asPosition = (p: vscode.Position): lsp.Position => ({ line: p.line, character: p.character });
export const asRange = (r: vscode.Range): lsp.Range => ({ start: asPosition(r.start), end: asPosition(r.end) });
export const asTextDocumentIdentifier = (d: vscode.TextDocument): lsp.TextDocumentIdentifier => ({ uri: d.uri.toString() });
export const asPositionParams = (d: vscode.TextDocument, p: vscode.Position): lsp.TextDocumentPositionParams => ({
  textDocument: asTextDocumentIdentifier(d),
  position: asPosition(p),
});
export const asFormattingOptions = (o: vscode.FormattingOptions): lsp.FormattingOptions => ({ tabSize: o.tabSize, insertSpaces: o.insertSpaces });

/** The diagnostics this client made from the server's, so code action requests send back exactly what the server sent (its `data` included). */
const sentDiagnostics = new WeakMap<vscode.Diagnostic, lsp.Diagnostic>();

export function asDiagnostic(d: vscode.Diagnostic): lsp.Diagnostic {
  const original = sentDiagnostics.get(d);
  if (original) return original;
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return {
    range: asRange(d.range),
    message: d.message,
    severity: (d.severity + 1) as lsp.DiagnosticSeverity,
    ...(d.source !== undefined ? { source: d.source } : {}),
    ...(code !== undefined ? { code } : {}),
  };
}

// ---------- LSP → VS Code ----------

export const toPosition = (p: lsp.Position): vscode.Position => new vscode.Position(p.line, p.character);
export const toRange = (r: lsp.Range): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
export const toUri = (uri: string): vscode.Uri => vscode.Uri.parse(uri);
export const toLocation = (l: lsp.Location): vscode.Location => new vscode.Location(toUri(l.uri), toRange(l.range));

/** LSP severities are 1–4 (Error … Hint); VS Code's are 0–3 in the same order. */
const toSeverity = (s: lsp.DiagnosticSeverity | undefined): vscode.DiagnosticSeverity =>
  s !== undefined && s >= 1 && s <= 4 ? ((s - 1) as vscode.DiagnosticSeverity) : vscode.DiagnosticSeverity.Error;

export function toDiagnostic(d: lsp.Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d.range), d.message, toSeverity(d.severity));
  if (d.source !== undefined) out.source = d.source;
  if (d.code !== undefined && d.code !== null) out.code = d.codeDescription?.href ? { value: d.code, target: toUri(d.codeDescription.href) } : d.code;
  if (d.tags?.length) {
    const tags: vscode.DiagnosticTag[] = [];
    for (const t of d.tags) {
      if (t === 1) tags.push(vscode.DiagnosticTag.Unnecessary);
      else if (t === 2) tags.push(vscode.DiagnosticTag.Deprecated);
    }
    out.tags = tags;
  }
  if (d.relatedInformation?.length) out.relatedInformation = d.relatedInformation.map((r) => new vscode.DiagnosticRelatedInformation(toLocation(r.location), r.message));
  sentDiagnostics.set(out, d);
  return out;
}

export function toMarkdown(value: string | lsp.MarkupContent | lsp.MarkedString): vscode.MarkdownString {
  if (typeof value === 'string') return new vscode.MarkdownString(value);
  if ('kind' in value) return value.kind === 'markdown' ? new vscode.MarkdownString(value.value) : new vscode.MarkdownString().appendText(value.value);
  return new vscode.MarkdownString().appendCodeblock(value.value, value.language);
}

export function toDocumentation(value: string | lsp.MarkupContent | undefined): string | vscode.MarkdownString | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return value.kind === 'markdown' ? new vscode.MarkdownString(value.value) : value.value;
}

export function toHover(h: lsp.Hover | null | undefined): vscode.Hover | undefined {
  if (!h) return undefined;
  const contents = Array.isArray(h.contents) ? h.contents.map(toMarkdown) : [toMarkdown(h.contents)];
  return new vscode.Hover(contents, h.range ? toRange(h.range) : undefined);
}

export const toTextEdit = (e: lsp.TextEdit): vscode.TextEdit => new vscode.TextEdit(toRange(e.range), e.newText);
export const toTextEdits = (edits: lsp.TextEdit[] | null | undefined): vscode.TextEdit[] | undefined => edits?.map(toTextEdit);

export function toCommand(c: lsp.Command): vscode.Command {
  return { title: c.title, command: c.command, ...(c.arguments ? { arguments: c.arguments } : {}) };
}

/** A WorkspaceEdit, its resource operations and change annotations included. */
export function toWorkspaceEdit(we: lsp.WorkspaceEdit | null | undefined): vscode.WorkspaceEdit | undefined {
  if (!we) return undefined;
  const out = new vscode.WorkspaceEdit();
  const annotations = we.changeAnnotations ?? {};
  const metadata = (id: string | undefined): vscode.WorkspaceEditEntryMetadata | undefined => {
    const a = id === undefined ? undefined : annotations[id];
    return a ? { label: a.label, description: a.description, needsConfirmation: !!a.needsConfirmation } : undefined;
  };
  if (we.documentChanges) {
    for (const change of we.documentChanges) {
      if ('kind' in change) {
        if (change.kind === 'create') out.createFile(toUri(change.uri), { overwrite: change.options?.overwrite, ignoreIfExists: change.options?.ignoreIfExists }, metadata(change.annotationId));
        else if (change.kind === 'rename') out.renameFile(toUri(change.oldUri), toUri(change.newUri), { overwrite: change.options?.overwrite, ignoreIfExists: change.options?.ignoreIfExists }, metadata(change.annotationId));
        else if (change.kind === 'delete') out.deleteFile(toUri(change.uri), { recursive: change.options?.recursive, ignoreIfNotExists: change.options?.ignoreIfNotExists }, metadata(change.annotationId));
      } else {
        const uri = toUri(change.textDocument.uri);
        for (const e of change.edits) {
          const id = 'annotationId' in e ? e.annotationId : undefined;
          out.replace(uri, toRange(e.range), e.newText, metadata(id));
        }
      }
    }
  } else if (we.changes) {
    for (const [uri, edits] of Object.entries(we.changes)) out.set(toUri(uri), edits.map(toTextEdit));
  }
  return out;
}

export function toCodeAction(item: lsp.Command | lsp.CodeAction): vscode.CodeAction | vscode.Command {
  if (typeof (item as lsp.Command).command === 'string') return toCommand(item as lsp.Command);
  const a = item as lsp.CodeAction;
  const out = new vscode.CodeAction(a.title, a.kind !== undefined ? vscode.CodeActionKind.Empty.append(a.kind) : undefined);
  if (a.diagnostics) out.diagnostics = a.diagnostics.map(toDiagnostic);
  if (a.edit) out.edit = toWorkspaceEdit(a.edit);
  if (a.command) out.command = toCommand(a.command);
  if (a.isPreferred !== undefined) out.isPreferred = a.isPreferred;
  if (a.disabled) out.disabled = { reason: a.disabled.reason };
  return out;
}

/** LSP CompletionItemKind n is VS Code's n − 1 (both follow the same list). */
const toCompletionKind = (k: lsp.CompletionItemKind | undefined): vscode.CompletionItemKind | undefined =>
  k !== undefined && k >= 1 && k <= 25 ? ((k - 1) as vscode.CompletionItemKind) : undefined;

export function toCompletionItem(c: lsp.CompletionItem): vscode.CompletionItem {
  const label: string | vscode.CompletionItemLabel = c.labelDetails ? { label: c.label, detail: c.labelDetails.detail, description: c.labelDetails.description } : c.label;
  const out = new vscode.CompletionItem(label, toCompletionKind(c.kind));
  if (c.detail !== undefined) out.detail = c.detail;
  if (c.documentation !== undefined) out.documentation = toDocumentation(c.documentation);
  if (c.sortText !== undefined) out.sortText = c.sortText;
  if (c.filterText !== undefined) out.filterText = c.filterText;
  if (c.preselect !== undefined) out.preselect = c.preselect;
  const snippet = c.insertTextFormat === 2;
  const text = (value: string) => (snippet ? new vscode.SnippetString(value) : value);
  if (c.textEdit) {
    out.insertText = text(c.textEdit.newText);
    out.range = 'range' in c.textEdit ? toRange(c.textEdit.range) : { inserting: toRange(c.textEdit.insert), replacing: toRange(c.textEdit.replace) };
  } else if (c.insertText !== undefined) out.insertText = text(c.insertText);
  else if (snippet) out.insertText = new vscode.SnippetString(c.label);
  if (c.additionalTextEdits) out.additionalTextEdits = c.additionalTextEdits.map(toTextEdit);
  if (c.command) out.command = toCommand(c.command);
  if (c.commitCharacters) out.commitCharacters = c.commitCharacters;
  if (c.tags?.includes(1) || c.deprecated) out.tags = [vscode.CompletionItemTag.Deprecated];
  if (c.insertTextMode === 1) out.keepWhitespace = true;
  return out;
}

export function toCompletionList(r: lsp.CompletionItem[] | lsp.CompletionList | null | undefined): vscode.CompletionList | vscode.CompletionItem[] | undefined {
  if (!r) return undefined;
  if (Array.isArray(r)) return r.map(toCompletionItem);
  return new vscode.CompletionList(r.items.map(toCompletionItem), r.isIncomplete);
}

/** LSP SymbolKind n is VS Code's n − 1. */
const toSymbolKind = (k: lsp.SymbolKind): vscode.SymbolKind => (k >= 1 && k <= 26 ? ((k - 1) as vscode.SymbolKind) : vscode.SymbolKind.Property);

function toDocumentSymbol(s: lsp.DocumentSymbol): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail ?? '', toSymbolKind(s.kind), toRange(s.range), toRange(s.selectionRange));
  if (s.tags?.includes(1) || s.deprecated) out.tags = [vscode.SymbolTag.Deprecated];
  if (s.children) out.children = s.children.map(toDocumentSymbol);
  return out;
}

export function toDocumentSymbols(r: lsp.DocumentSymbol[] | lsp.SymbolInformation[] | null | undefined): vscode.DocumentSymbol[] | vscode.SymbolInformation[] | undefined {
  if (!r) return undefined;
  if (r.length > 0 && 'location' in r[0]) {
    return (r as lsp.SymbolInformation[]).map((s) => new vscode.SymbolInformation(s.name, toSymbolKind(s.kind), s.containerName ?? '', toLocation(s.location)));
  }
  return (r as lsp.DocumentSymbol[]).map(toDocumentSymbol);
}

export function toDefinition(r: lsp.Definition | lsp.LocationLink[] | null | undefined): vscode.Definition | vscode.LocationLink[] | undefined {
  if (!r) return undefined;
  if (!Array.isArray(r)) return toLocation(r);
  if (r.length > 0 && 'targetUri' in r[0]) {
    return (r as lsp.LocationLink[]).map((l) => ({
      targetUri: toUri(l.targetUri),
      targetRange: toRange(l.targetRange),
      targetSelectionRange: toRange(l.targetSelectionRange),
      originSelectionRange: l.originSelectionRange ? toRange(l.originSelectionRange) : undefined,
    }));
  }
  return (r as lsp.Location[]).map(toLocation);
}

export function toDocumentHighlights(r: lsp.DocumentHighlight[] | null | undefined): vscode.DocumentHighlight[] | undefined {
  // LSP kinds 1–3 (Text, Read, Write) are VS Code's 0–2.
  return r?.map((h) => new vscode.DocumentHighlight(toRange(h.range), h.kind !== undefined && h.kind >= 1 && h.kind <= 3 ? ((h.kind - 1) as vscode.DocumentHighlightKind) : undefined));
}

export function toDocumentLinks(r: lsp.DocumentLink[] | null | undefined): vscode.DocumentLink[] | undefined {
  return r?.map((l) => {
    const out = new vscode.DocumentLink(toRange(l.range), l.target !== undefined ? toUri(l.target) : undefined);
    if (l.tooltip !== undefined) out.tooltip = l.tooltip;
    return out;
  });
}

export function toFoldingRanges(r: lsp.FoldingRange[] | null | undefined): vscode.FoldingRange[] | undefined {
  const kinds: Record<string, vscode.FoldingRangeKind> = { comment: vscode.FoldingRangeKind.Comment, imports: vscode.FoldingRangeKind.Imports, region: vscode.FoldingRangeKind.Region };
  return r?.map((f) => new vscode.FoldingRange(f.startLine, f.endLine, f.kind !== undefined ? kinds[f.kind] : undefined));
}

export function toSignatureHelp(r: lsp.SignatureHelp | null | undefined): vscode.SignatureHelp | undefined {
  if (!r) return undefined;
  const out = new vscode.SignatureHelp();
  out.activeSignature = r.activeSignature ?? 0;
  out.activeParameter = r.activeParameter ?? 0;
  out.signatures = r.signatures.map((s) => {
    const sig = new vscode.SignatureInformation(s.label, toDocumentation(s.documentation));
    sig.parameters = (s.parameters ?? []).map((p) => new vscode.ParameterInformation(p.label, toDocumentation(p.documentation)));
    if (s.activeParameter !== undefined && s.activeParameter !== null) sig.activeParameter = s.activeParameter;
    return sig;
  });
  return out;
}

export function toCodeLenses(r: lsp.CodeLens[] | null | undefined): vscode.CodeLens[] | undefined {
  return r?.map((l) => new vscode.CodeLens(toRange(l.range), l.command ? toCommand(l.command) : undefined));
}

export function toPrepareRename(r: lsp.PrepareRenameResult | null | undefined): vscode.Range | { range: vscode.Range; placeholder: string } | undefined {
  if (!r) return undefined;
  if ('defaultBehavior' in r) return undefined;
  if ('placeholder' in r) return { range: toRange(r.range), placeholder: r.placeholder };
  return toRange(r as lsp.Range);
}
