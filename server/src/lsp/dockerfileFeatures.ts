import { DockerfileLanguageServiceFactory, type DockerfileLanguageService } from 'dockerfile-language-service';
import { DockerAssist } from 'dockerfile-language-service/lib/dockerAssist';
import type { DockerRegistryClient } from 'dockerfile-language-service/lib/dockerRegistryClient';
import {
  MarkupKind,
  SemanticTokenModifiers,
  SemanticTokenTypes,
  type CompletionItem,
  type FormattingOptions,
  type Hover,
  type Location,
  type Position,
  type Range,
  type SemanticTokensLegend,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * Dockerfile editor features (completion, instruction docs, formatting, outline, definition, rename, …) from
 * rcjsuen's dockerfile-language-service — the engine behind the Dockerfile support of Docker DX and Container
 * Tools — adapted to the protocol. Text in, LSP data out; no file system, no network.
 */

/** The order of dockerfile-language-service's `TokensLegend` (dockerSemanticTokens.js). */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [
    SemanticTokenTypes.keyword,
    SemanticTokenTypes.comment,
    SemanticTokenTypes.parameter,
    SemanticTokenTypes.property,
    SemanticTokenTypes.namespace,
    SemanticTokenTypes.class,
    SemanticTokenTypes.macro,
    SemanticTokenTypes.string,
    SemanticTokenTypes.variable,
    SemanticTokenTypes.operator,
    SemanticTokenTypes.modifier,
  ],
  tokenModifiers: [SemanticTokenModifiers.declaration, SemanticTokenModifiers.definition, SemanticTokenModifiers.deprecated],
};

/** The library asks Docker Hub for image tags when completing `FROM image:|`; Dockwright never leaves the machine. */
const OFFLINE_REGISTRY = { getTags: async () => [] as string[] } as unknown as DockerRegistryClient;

let service: DockerfileLanguageService | undefined;
function languageService(): DockerfileLanguageService {
  if (!service) {
    service = DockerfileLanguageServiceFactory.createLanguageService();
    service.setCapabilities({
      completion: { completionItem: { documentationFormat: [MarkupKind.Markdown, MarkupKind.PlainText], snippetSupport: true, deprecatedSupport: true } },
      hover: { contentFormat: [MarkupKind.Markdown] },
      foldingRange: { lineFoldingOnly: true },
    });
  }
  return service;
}

/** Guards every call: a library bug on a half-typed Dockerfile must not fail the request or the server. */
function safely<T>(fallback: T, run: () => T): T {
  try {
    return run() ?? fallback;
  } catch {
    return fallback;
  }
}

export async function dockerfileCompletions(text: string, position: Position, snippetSupport = true): Promise<CompletionItem[]> {
  try {
    const document = TextDocument.create('', 'dockerfile', 0, text);
    const assist = new DockerAssist(document, OFFLINE_REGISTRY, { documentationFormat: [MarkupKind.Markdown, MarkupKind.PlainText], snippetSupport, deprecatedSupport: true });
    const items = await assist.computeProposals(position);
    // Resolve the documentation of each item now (it is small): clients that do not resolve still show it.
    return items.map((item) => ({ ...safely(item, () => languageService().resolveCompletionItem({ ...item })), data: undefined }));
  } catch {
    return [];
  }
}

/** The library's instruction/flag documentation, merged below Dockwright's own analysis of the same line. */
export function dockerfileHoverDocs(text: string, position: Position): Hover | null {
  return safely(null, () => languageService().computeHover(text, position));
}

export function mergeHovers(own: Hover | null, docs: Hover | null): Hover | null {
  if (!own) return docs ? { contents: { kind: MarkupKind.Markdown, value: markdownOf(docs) }, range: docs.range } : null;
  if (!docs) return own;
  return { contents: { kind: MarkupKind.Markdown, value: `${markdownOf(own)}\n\n---\n\n${markdownOf(docs)}` }, range: own.range ?? docs.range };
}

function markdownOf(hover: Hover): string {
  const c = hover.contents as unknown;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : '```' + x.language + '\n' + x.value + '\n```')).join('\n\n');
  const m = c as { kind?: string; value: string; language?: string };
  return m.language ? '```' + m.language + '\n' + m.value + '\n```' : m.value;
}

export function dockerfileFormat(text: string, options: FormattingOptions, range?: Range): TextEdit[] {
  return safely([], () => (range ? languageService().formatRange(text, range, options) : languageService().format(text, options)));
}

export function dockerfileFormatOnType(text: string, position: Position, ch: string, options: FormattingOptions): TextEdit[] {
  return safely([], () => languageService().formatOnType(text, position, ch, options));
}

export function dockerfileSymbols(uri: string, text: string) {
  return safely([], () => languageService().computeSymbols({ uri }, text));
}

export function dockerfileDefinition(uri: string, text: string, position: Position): Location | null {
  return safely(null, () => languageService().computeDefinition({ uri }, text, position));
}

/** Every occurrence of the stage, ARG or ENV under the cursor (declaration included when asked). */
export function dockerfileReferences(uri: string, text: string, position: Position, includeDeclaration: boolean): Location[] {
  const definition = dockerfileDefinition(uri, text, position);
  const highlights = safely([], () => languageService().computeHighlightRanges(text, position));
  return highlights
    .filter((h) => includeDeclaration || !definition || !sameRange(h.range, definition.range))
    .map((h) => ({ uri, range: h.range }));
}

export function dockerfileHighlights(text: string, position: Position) {
  return safely([], () => languageService().computeHighlightRanges(text, position));
}

export function dockerfilePrepareRename(text: string, position: Position): Range | null {
  return safely(null, () => languageService().prepareRename(text, position));
}

export function dockerfileRename(uri: string, text: string, position: Position, newName: string): TextEdit[] {
  return safely([], () => languageService().computeRename({ uri }, text, position, newName));
}

export function dockerfileLinks(text: string) {
  return safely([], () => languageService().computeLinks(text).map((link) => languageService().resolveLink(link)));
}

export function dockerfileFolding(text: string) {
  return safely([], () => languageService().computeFoldingRanges(text));
}

export function dockerfileSignatureHelp(text: string, position: Position) {
  return safely(null, () => {
    const help = languageService().computeSignatureHelp(text, position);
    return help && help.signatures.length ? help : null;
  });
}

export function dockerfileSemanticTokens(text: string) {
  return safely({ data: [] as number[] }, () => languageService().computeSemanticTokens(text));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
