import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../core/text';
import type { EditPlan } from '../core/types';
import { FsWorkspace } from './fsWorkspace';

export class PlanError extends Error {}

/** Hooks for tests: inject a failure at a chosen step. */
export interface ApplyHooks {
  beforeRename?: (target: string, index: number) => void;
}

interface Staged {
  target: string;
  temp?: string;
  /** Original content, for rollback; undefined when the file did not exist. */
  backup?: Buffer;
  delete: boolean;
}

/**
 * Applies an EditPlan to a folder atomically: every new content is first written to a temp file next to its
 * target, then all temps are renamed into place; deletions happen last. On any failure every file already
 * replaced is restored and every temp removed, so the tree is as it was. Paths escaping the root (directly or
 * through a symlink) are refused before anything is written.
 */
export function applyPlanAtomically(root: string, plan: EditPlan, hooks: ApplyHooks = {}): string[] {
  const workspace = new FsWorkspace(root, Number.MAX_SAFE_INTEGER);
  const targetOf = (rel: string): string => {
    const abs = workspace.resolve(rel);
    if (!abs) throw new PlanError(`refusing to write outside the workspace: ${rel}`);
    if (fs.existsSync(abs) && fs.lstatSync(abs).isSymbolicLink()) throw new PlanError(`refusing to write through a symlink: ${rel}`);
    return abs;
  };
  const contents = new Map<string, string>();
  for (const create of plan.creates) contents.set(targetOf(create.path), create.content);
  for (const edit of plan.edits) {
    const abs = targetOf(edit.path);
    const current = contents.get(abs) ?? readExisting(abs, edit.path);
    contents.set(abs, applyEdits(current, edit.edits));
  }
  const deletions = plan.deletes.map((d) => targetOf(d.path));

  const staged: Staged[] = [];
  const done: Staged[] = [];
  try {
    for (const [target, content] of contents) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.dockwright-${process.pid}-${staged.length}.tmp`);
      const backup = fs.existsSync(target) ? fs.readFileSync(target) : undefined;
      fs.writeFileSync(temp, content, { flag: 'wx' });
      if (backup !== undefined) fs.chmodSync(temp, fs.statSync(target).mode);
      staged.push({ target, temp, backup, delete: false });
    }
    for (const target of deletions) staged.push({ target, backup: fs.readFileSync(target), delete: true });
    staged.forEach((s, i) => {
      hooks.beforeRename?.(s.target, i);
      if (s.delete) fs.unlinkSync(s.target);
      else fs.renameSync(s.temp!, s.target);
      done.push(s);
    });
  } catch (err) {
    for (const s of done.reverse()) {
      try {
        if (s.backup !== undefined) fs.writeFileSync(s.target, s.backup);
        else fs.unlinkSync(s.target);
      } catch {
        /* best effort: keep restoring the others */
      }
    }
    for (const s of staged) if (s.temp && fs.existsSync(s.temp)) fs.unlinkSync(s.temp);
    throw err;
  }
  return staged.map((s) => workspace.relative(s.target));
}

function readExisting(abs: string, rel: string): string {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    throw new PlanError(`cannot edit ${rel}: it does not exist`);
  }
}
