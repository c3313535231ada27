import { createTwoFilesPatch } from 'diff';
import { applyEdits } from '../core/text';
import type { EditPlan } from '../core/types';

export interface FileChange {
  path: string;
  /** undefined: the file does not exist yet. */
  before?: string;
  /** undefined: the file is deleted. */
  after?: string;
}

/**
 * The files a plan changes, with their text before and after. `displayPath` maps a workspace path to the path
 * shown (e.g. relative to the current directory); by default the workspace path.
 */
export function planChanges(workspace: { readText(path: string): string | undefined }, plan: EditPlan, displayPath: (path: string) => string = (p) => p): FileChange[] {
  const out: FileChange[] = [];
  for (const c of plan.creates) out.push({ path: displayPath(c.path), before: workspace.readText(c.path), after: c.content });
  for (const e of plan.edits) {
    const before = workspace.readText(e.path);
    out.push({ path: displayPath(e.path), before, after: before === undefined ? undefined : applyEdits(before, e.edits) });
  }
  for (const d of plan.deletes) out.push({ path: displayPath(d.path), before: workspace.readText(d.path) });
  return out;
}

/** A unified diff of one file change (`before` undefined = created, `after` undefined = deleted), like `git diff`. */
export function unifiedDiff(change: FileChange): string {
  const from = change.before === undefined ? '/dev/null' : `a/${change.path}`;
  const to = change.after === undefined ? '/dev/null' : `b/${change.path}`;
  const patch = createTwoFilesPatch(from, to, change.before ?? '', change.after ?? '', undefined, undefined, { context: 3 });
  // Drop the `Index:`/`====` header lines createTwoFilesPatch adds; keep ---/+++ and hunks.
  return patch
    .split('\n')
    .filter((line, i) => !(i < 2 && (line.startsWith('Index:') || line.startsWith('===='))))
    .join('\n');
}
