import type { Position, Range, TextEdit } from './types';

/** Offset <-> position conversion for one text. Lines end at \n; a preceding \r belongs to the line break. */
export class LineIndex {
  private readonly starts: number[];

  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    this.starts = starts ?? [0];
    if (!starts) for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /**
   * The index of `text`, an edit of this index's text that changed characters of `line` only (no line break added,
   * removed or split): the lines after it start `delta` characters later. No scan of the text.
   */
  shifted(text: string, line: number, delta: number): LineIndex {
    const starts = this.starts.slice();
    for (let i = line + 1; i < starts.length; i++) starts[i] += delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset of the end of a line's content (before \r\n or \n). */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > this.starts[line] && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  /** The line break this text uses (CRLF if its first line break is one). */
  get eol(): string {
    const i = this.text.indexOf('\n');
    return i > 0 && this.text[i - 1] === '\r' ? '\r\n' : '\n';
  }
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/** Applies non-overlapping edits to a text (in any order). Throws on overlap: a fix that overlaps itself is a bug. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

export function insertAt(pos: Position, newText: string): TextEdit {
  return { range: { start: pos, end: pos }, newText };
}

/** Where `next` differs from `previous`: previous[start, oldEnd) became next[start, newEnd) (compared a chunk at a time). */
export function changedRegion(previous: string, next: string): { start: number; oldEnd: number; newEnd: number } {
  const min = Math.min(previous.length, next.length);
  let start = 0;
  while (start + CHUNK <= min && previous.slice(start, start + CHUNK) === next.slice(start, start + CHUNK)) start += CHUNK;
  while (start < min && previous.charCodeAt(start) === next.charCodeAt(start)) start++;
  const max = min - start;
  let tail = 0;
  while (tail + CHUNK <= max && previous.slice(previous.length - tail - CHUNK, previous.length - tail) === next.slice(next.length - tail - CHUNK, next.length - tail)) tail += CHUNK;
  while (tail < max && previous.charCodeAt(previous.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)) tail++;
  return { start, oldEnd: previous.length - tail, newEnd: next.length - tail };
}

const CHUNK = 256;
