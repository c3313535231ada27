import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Connection,
  type Position,
  type ExecuteCommandParams,
  type Hover,
  type HoverParams,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { composeCompletions, composeHover, profilesView, servicesFor } from '../core/compose/assist';
import { planProfiles, type WiringStrategy } from '../core/profiles';
import { fileKind } from '../core/workspace';
import { planToWorkspaceEdit } from './planEdit';
import type { WorkspaceRegistry } from './workspaces';

export const WIRE_PROFILES_COMMAND = 'dockwright.wireProfiles';
export const PROFILES_REQUEST = 'dockwright/profiles';

const KIND = { service: CompletionItemKind.Module, profile: CompletionItemKind.EnumMember, file: CompletionItemKind.File, stage: CompletionItemKind.Class } as const;

export interface WireProfilesArgs {
  uri: string;
  strategy?: WiringStrategy;
  /** Ask the client to apply the edit (default true); the edit is returned either way. */
  apply?: boolean;
}

/** Completion, hover, the Profiles view request and the Wire Compose Profiles command for compose files. */
export interface ComposeFeatures {
  hover(params: HoverParams): Hover | null;
  /** Services, profiles, Dockerfiles and stages where the cursor expects one (the completion handler asks first). */
  completions(document: TextDocument, position: Position): CompletionItem[];
  executeWireProfiles(params: ExecuteCommandParams): Promise<unknown>;
}

/** Registers the Profiles request; returns the completion, hover and command handlers the server dispatches to. */
export function registerComposeFeatures(connection: Connection, documents: TextDocuments<TextDocument>, registry: WorkspaceRegistry): ComposeFeatures {
  const locate = (uri: string) => {
    const document = documents.get(uri);
    if (document) registry.didOpenOrChange(uri, document.getText());
    return registry.locate(uri);
  };

  const completions = (document: TextDocument, position: Position): CompletionItem[] => {
    // Files and unsaved buffers only (see isAnalysedUri in server.ts): not the refactor preview's copies.
    if (!/^(file|untitled):/.test(document.uri)) return [];
    const loc = locate(document.uri);
    if (!loc || fileKind(loc.path) !== 'compose') return [];
    return composeCompletions(loc.analysis, loc.path, document.getText(), position).map((c) => ({ label: c.label, detail: c.detail, kind: KIND[c.kind] }));
  };

  const hover = (params: HoverParams): Hover | null => {
    const document = documents.get(params.textDocument.uri);
    const loc = document && locate(document.uri);
    if (!document || !loc || fileKind(loc.path) !== 'compose') return null;
    const hover = composeHover(loc.analysis, loc.path, document.getText(), params.position);
    return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.contents }, range: hover.range } : null;
  };

  connection.onRequest(PROFILES_REQUEST, (params: { active?: string[] } | undefined) => {
    return registry.allEntries().map(({ root, analysis }) => ({
      root,
      files: profilesView(analysis).map((f) => ({
        ...f,
        uri: registry.uriOf(root, f.path),
        active: params?.active ? servicesFor(analysis, f.path, params.active) : undefined,
        profiles: f.profiles.map((p) => ({ ...p, services: p.services.map((s) => ({ ...s, dockerfileUri: s.dockerfile ? registry.uriOf(root, s.dockerfile) : undefined })) })),
      })),
    }));
  });

  const executeWireProfiles = async (params: ExecuteCommandParams): Promise<unknown> => {
    const args = (params.arguments?.[0] ?? {}) as WireProfilesArgs;
    const uri = typeof args === 'string' ? (args as string) : args.uri;
    const loc = uri ? locate(uri) : undefined;
    if (!loc || fileKind(loc.path) !== 'compose') return { edit: undefined, notes: ['Open a compose file to wire its profiles.'], applied: false };
    const { plan, notes } = planProfiles(loc.analysis.workspace, loc.path, { strategy: args.strategy });
    if (plan.edits.length === 0 && plan.creates.length === 0) return { edit: undefined, notes, applied: false };
    const { edit, error } = planToWorkspaceEdit(loc.root!, plan, {
      label: 'Wire Compose Profiles',
      annotationId: 'wireProfiles',
      versionOf: (fileUri) => documents.get(fileUri)?.version ?? null,
      description: notes.join('\n'),
    });
    if (!edit) return { edit: undefined, notes: [...notes, error!], applied: false };
    let applied = false;
    if (args.apply !== false) {
      try {
        applied = (await connection.workspace.applyEdit({ label: 'Wire Compose Profiles', edit })).applied;
      } catch {
        applied = false;
      }
    }
    return { edit, notes, applied };
  };

  return { hover, completions, executeWireProfiles };
}
