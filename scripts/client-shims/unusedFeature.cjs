// Stands in for the vscode-languageclient features Dockwright's server never advertises (see ../build.mjs):
// each is a static feature that adds no client capability and registers nothing, so the client neither
// offers nor serves it. The language client still constructs them in registerBuiltinFeatures().
'use strict';
class UnusedFeature {
  fillClientCapabilities() {}
  initialize() {}
  getState() {
    return { kind: 'static' };
  }
  clear() {}
}
const names = [
  'DiagnosticFeature', 'NotebookDocumentSyncFeature', 'DidCreateFilesFeature', 'DidRenameFilesFeature', 'DidDeleteFilesFeature',
  'WillCreateFilesFeature', 'WillRenameFilesFeature', 'WillDeleteFilesFeature', 'CallHierarchyFeature', 'TypeHierarchyFeature',
  'InlayHintsFeature', 'ColorProviderFeature', 'WorkspaceSymbolFeature', 'InlineValueFeature', 'TypeDefinitionFeature',
  'SelectionRangeFeature', 'InlineCompletionItemFeature', 'LinkedEditingFeature', 'ImplementationFeature', 'DeclarationFeature',
];
for (const name of names) exports[name] = UnusedFeature;
