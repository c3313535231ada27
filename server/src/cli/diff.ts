import { createTwoFilesPatch } from 'diff';

/** A unified diff of one file change (`before` undefined = created, `after` undefined = deleted), like `git diff`. */
export function unifiedDiff(change: { path: string; before?: string; after?: string }): string {
  const from = change.before === undefined ? '/dev/null' : `a/${change.path}`;
  const to = change.after === undefined ? '/dev/null' : `b/${change.path}`;
  const patch = createTwoFilesPatch(from, to, change.before ?? '', change.after ?? '', undefined, undefined, { context: 3 });
  // Drop the `Index:`/`====` header lines createTwoFilesPatch adds; keep ---/+++ and hunks.
  return patch
    .split('\n')
    .filter((line, i) => !(i < 2 && (line.startsWith('Index:') || line.startsWith('===='))))
    .join('\n');
}
