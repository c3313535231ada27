import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Analysis } from '../core/analysis';
import { dockerfileHover } from '../core/dockerfile/hover';
import type { Position } from '../core/types';
import { fileKind } from '../core/workspace';

/** LSP hover for a document of an analysis; the content comes from core. */
export function hoverAt(analysis: Analysis, path: string, position: Position): Hover | null {
  if (fileKind(path) !== 'dockerfile') return null;
  const model = analysis.dockerfile(path);
  if (!model) return null;
  const info = dockerfileHover(model, position);
  return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: info.range } : null;
}
