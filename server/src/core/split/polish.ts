import { Analysis } from '../analysis';
import { checkFile } from '../check';
import type { DockwrightConfig } from '../config';
import { applyEdits } from '../text';
import type { EditPlan, Finding, Fix } from '../types';
import { fileKind, type Workspace } from '../workspace';

/** The rules whose fixes Polish applies by default: BuildKit cache mounts and the missing HEALTHCHECK. */
export const POLISH_RULES = ['DW111', 'DW109'] as const;

export interface PolishOptions {
  /** Rule codes whose preferred fix is applied (default POLISH_RULES). */
  rules?: readonly string[];
  config?: DockwrightConfig;
}

/** A workspace as it will be once `plan` is applied: created and edited files with their new text, deleted ones gone. */
class PlannedWorkspace implements Workspace {
  private readonly changed = new Map<string, string | undefined>();

  constructor(private readonly base: Workspace, plan: EditPlan) {
    for (const c of plan.creates) this.changed.set(c.path, c.content);
    for (const e of plan.edits) {
      const text = this.readText(e.path);
      if (text !== undefined) this.changed.set(e.path, applyEdits(text, e.edits));
    }
    for (const d of plan.deletes) this.changed.set(d.path, undefined);
  }

  set(path: string, text: string): void {
    this.changed.set(path, text);
  }

  listFiles(dir?: string): string[] {
    const prefix = dir ? dir.replace(/\/$/, '') + '/' : '';
    const files = new Set(this.base.listFiles(dir));
    for (const [p, text] of this.changed) {
      if (text === undefined) files.delete(p);
      else if (p.startsWith(prefix)) files.add(p);
    }
    return [...files].sort();
  }

  readText(path: string): string | undefined {
    return this.changed.has(path) ? this.changed.get(path) : this.base.readText(path);
  }

  exists(path: string): boolean {
    if (this.changed.has(path)) return this.changed.get(path) !== undefined;
    if (this.base.exists(path)) return true;
    const prefix = path.replace(/\/$/, '') + '/';
    for (const [p, text] of this.changed) if (text !== undefined && p.startsWith(prefix)) return true;
    return false;
  }

  listDir(dir: string): string[] | undefined {
    const base = this.base.listDir?.(dir);
    if (!base) return base;
    const prefix = dir ? dir.replace(/\/$/, '') + '/' : '';
    const names = new Set(base);
    for (const [p, text] of this.changed) {
      if (!p.startsWith(prefix)) continue;
      const name = p.slice(prefix.length).split('/')[0];
      if (text !== undefined) names.add(name);
      else if (!p.slice(prefix.length).includes('/')) names.delete(name);
    }
    return [...names];
  }
}

/** The fix Polish may apply: the preferred (or only) one, and only when it edits nothing but the file itself. */
function ownFix(finding: Finding, path: string): Fix | undefined {
  const fix = finding.fixes.find((f) => f.isPreferred) ?? (finding.fixes.length === 1 ? finding.fixes[0] : undefined);
  if (!fix || fix.command || fix.edits.length === 0 || fix.edits.some((e) => e.path !== path)) return undefined;
  return fix;
}

/**
 * Runs Dockwright's own checker on the Dockerfiles a plan creates (seeing the workspace as the plan leaves it) and
 * applies the fixes of the chosen rules to them, one at a time and re-checking after each (ranges move), so the
 * split does not leave files the tool flags right away. Only created Dockerfiles change, and only by fixes that touch
 * nothing else; every applied fix is added to the notes. Returns a new plan; `plan` is not changed.
 */
export function polishPlan(workspace: Workspace, plan: EditPlan, options: PolishOptions = {}): EditPlan {
  const rules = new Set(options.rules ?? POLISH_RULES);
  const planned = new PlannedWorkspace(workspace, plan);
  const creates = plan.creates.map((c) => ({ ...c }));
  const notes = [...plan.notes];
  for (const create of creates) {
    if (fileKind(create.path) !== 'dockerfile') continue;
    const applied: string[] = [];
    // Each fix removes its finding; the bound only guards against a fix that would not.
    for (let round = 0; round < 20; round++) {
      const findings = checkFile(create.path, new Analysis(planned, options.config ?? {})).filter((f) => f.file === create.path && rules.has(f.code));
      const next = findings.map((f) => ({ f, fix: ownFix(f, create.path) })).find((x) => x.fix);
      if (!next) break;
      const content = applyEdits(create.content, next.fix!.edits.flatMap((e) => e.edits));
      if (content === create.content) break;
      create.content = content;
      planned.set(create.path, content);
      applied.push(`${next.f.code} ${next.fix!.title}`);
    }
    if (applied.length) notes.push(`${create.path}: Dockwright's own fixes applied — ${applied.join('; ')}.`);
  }
  return { ...plan, creates, notes };
}
