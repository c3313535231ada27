import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../core/text';
import type { EditPlan } from '../core/types';
import { FsWorkspace } from './fsWorkspace';

/** The plan was refused before anything was written (a path outside the workspace, a symlink, a clash). */
export class PlanError extends Error {}

/** Writing failed part-way; every change already made was rolled back. */
export class WriteError extends Error {}

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
    if (isSymlink(abs)) throw new PlanError(`refusing to write through a symlink: ${rel}`);
    return abs;
  };
  const contents = new Map<string, string>();
  for (const create of plan.creates) {
    const abs = targetOf(create.path);
    if (fs.existsSync(abs)) throw new PlanError(`refusing to overwrite ${create.path}: it already exists`);
    contents.set(abs, create.content);
  }
  for (const edit of plan.edits) {
    const abs = targetOf(edit.path);
    const current = contents.get(abs) ?? readExisting(abs, edit.path);
    contents.set(abs, applyEdits(current, edit.edits));
  }
  const deletions = plan.deletes.map((d) => {
    const abs = targetOf(d.path);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new PlanError(`cannot delete ${d.path}: it is not an existing file`);
    return abs;
  });

  const staged: Staged[] = [];
  const done: Staged[] = [];
  const createdDirs: string[] = [];
  try {
    for (const [target, content] of contents) {
      const firstCreated = fs.mkdirSync(path.dirname(target), { recursive: true });
      if (firstCreated) createdDirs.push(...dirsBetween(firstCreated, path.dirname(target)));
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.dockwright-${process.pid}-${staged.length}.tmp`);
      const backup = fs.existsSync(target) ? fs.readFileSync(target) : undefined;
      const entry: Staged = { target, temp, backup, delete: false };
      try {
        fs.writeFileSync(temp, content, { flag: 'wx' });
      } catch (err) {
        // A write that failed half-way (disk full) leaves a partial temp; one that existed before is not ours.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' && fs.existsSync(temp)) fs.unlinkSync(temp);
        throw err;
      }
      staged.push(entry); // only temps this run created are removed on failure
      if (backup !== undefined) fs.chmodSync(temp, fs.statSync(target).mode);
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
    for (const dir of createdDirs.sort((a, b) => b.length - a.length)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        /* not empty or already gone */
      }
    }
    throw new WriteError(`writing failed, every change was rolled back: ${(err as Error)?.message ?? err}`, { cause: err });
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

/** `from` and every folder below it down to `to` (both absolute, `from` an ancestor of or equal to `to`). */
function dirsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let dir = to; dir.length >= from.length; dir = path.dirname(dir)) {
    out.push(dir);
    if (dir === from || dir === path.dirname(dir)) break;
  }
  return out;
}

function isSymlink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink(); // dangling links too
  } catch {
    return false;
  }
}
