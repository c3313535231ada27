/** Plain data shared by every layer. Positions are 0-based, like LSP. */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

// The same positions the client and server exchange (shared/protocol.ts, which imports nothing).
import type { Position, Range } from '../../../shared/protocol';
export type { Position, Range };

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to one file, addressed by its workspace-relative POSIX path. */
export interface FileEdit {
  path: string;
  edits: TextEdit[];
}

export interface Fix {
  title: string;
  edits: FileEdit[];
  isPreferred?: boolean;
  /**
   * A command the editor runs for this fix instead of (or after) the edits, e.g. the split planner.
   * Arguments of the form `{ workspacePath: string }` are turned into document URIs by the LSP layer.
   */
  command?: { id: string; arguments: unknown[] };
  /** New files the fix creates (e.g. a `.dockerignore`); never overwrites an existing file. */
  creates?: FileCreate[];
}

export interface Finding {
  /** Workspace-relative POSIX path of the file the finding is in. */
  file: string;
  code: string;
  severity: Severity;
  range: Range;
  message: string;
  fixes: Fix[];
}

export interface FileCreate {
  path: string;
  content: string;
}

export interface EditPlan {
  creates: FileCreate[];
  edits: FileEdit[];
  deletes: { path: string }[];
  /** Why each decision was taken, for the preview and the CLI. */
  notes: string[];
}

export type FileKind = 'dockerfile' | 'compose' | 'other';
