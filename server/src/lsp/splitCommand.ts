import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import type { Connection, WorkspaceEdit } from 'vscode-languageserver/node';
import { planSplit, type SplitLayout, type SplitResult } from '../core/split';
import { polishPlan } from '../core/split/polish';
import { planToWorkspaceEdit } from './planEdit';
import type { WorkspaceRegistry } from './workspaces';

export const SPLIT_COMMAND = 'dockwright.splitDockerfile';
const ANNOTATION = 'dockwright.split';

export interface SplitCommandResult {
  applied: boolean;
  notMonolithReason?: string;
  notes: string[];
  error?: string;
  /** With `{ apply: false }`: the edit for the client to apply itself (VS Code's client does, see client/src/commands/reviewedEdit.ts). */
  edit?: WorkspaceEdit;
}

/** Accepts a URI string, `{ uri }` (VS Code passes the resource), or the core's `{ workspacePath }` already mapped to a URI. */
export function uriArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    if (typeof o.uri === 'string') return o.uri;
    if (typeof o.external === 'string') return o.external;
    if (typeof o.path === 'string' && typeof o.scheme === 'string') return `${o.scheme}://${o.path}`;
  }
  return undefined;
}

export interface SplitCommandContext {
  connection: Connection;
  registry: WorkspaceRegistry;
  /** Version of an open document, null when it is not open. */
  versionOf: (uri: string) => number | null;
  /** Whether the client can apply create/delete file operations with annotations. */
  supportsResourceOperations: boolean;
}

/**
 * Arguments: the Dockerfile (URI), the layout (`files` | `targets`), options `{ apply?: boolean; polish?: boolean }`
 * (`polish`: apply Dockwright's own fixes — cache mounts, HEALTHCHECK — to the created Dockerfiles, see core/split/polish.ts). By default the
 * server asks the client to apply the edit (workspace/applyEdit); with `apply: false` it returns the edit instead.
 */
export async function executeSplitCommand(ctx: SplitCommandContext, args: unknown[] | undefined): Promise<SplitCommandResult> {
  const uri = uriArgument(args?.[0]);
  const layoutArg = args?.[1];
  const layout: SplitLayout = layoutArg === 'targets' ? 'targets' : 'files';
  const options = args?.[2] && typeof args[2] === 'object' ? (args[2] as { apply?: unknown; polish?: unknown }) : {};
  const apply = options.apply !== false;
  const fail = (error: string): SplitCommandResult => {
    void ctx.connection.window.showErrorMessage(`Dockwright: ${error}`);
    return { applied: false, notes: [], error };
  };
  if (!uri || !uri.startsWith('file:')) return fail('Split Dockerfile needs a Dockerfile on disk.');
  if (apply && !ctx.supportsResourceOperations) return fail('this editor cannot create and delete files through the language server; use `dockwright split` in a terminal.');
  const file = fileURLToPath(uri);
  const folder = ctx.registry.folderOf(file);
  const location = folder ? ctx.registry.locate(uri) : undefined;
  if (!folder || !location?.root || location.root !== folder) return fail('the Dockerfile is not in a workspace folder.');
  if (path.relative(location.root, file).startsWith('..')) return fail('the Dockerfile is outside the workspace folder.');
  let result: SplitResult;
  try {
    result = planSplit(location.analysis.workspace, location.path, { layout, config: location.analysis.config });
  } catch (err) {
    return fail(`split failed: ${(err as Error).message}`);
  }
  if (options.polish === true && !result.notMonolithReason) {
    try {
      result.plan = polishPlan(location.analysis.workspace, result.plan, { config: location.analysis.config });
    } catch (err) {
      result.plan.notes.push(`Dockwright's own fixes were not applied to the new files: ${(err as Error).message}`);
    }
  }
  if (result.notMonolithReason) {
    void ctx.connection.window.showInformationMessage(`Dockwright: nothing to split — ${result.notMonolithReason}.`);
    return { applied: false, notMonolithReason: result.notMonolithReason, notes: result.plan.notes };
  }
  const { edit, error } = planToWorkspaceEdit(location.root, result.plan, {
    label: layout === 'targets' ? 'Split into build targets' : 'Split Dockerfile',
    annotationId: ANNOTATION,
    versionOf: ctx.versionOf,
  });
  if (!edit) return fail(error!);
  if (!apply) return { applied: false, notes: result.plan.notes, edit };
  const response = await ctx.connection.workspace.applyEdit({ label: 'Split Dockerfile', edit });
  return { applied: !!response?.applied, notes: result.plan.notes, error: response?.applied ? undefined : response?.failureReason };
}
