// Registers the engine commands, the Services view and the `dockwright` task provider. Cheap: the
// controller (engine, diagnostics, status bar) is created on first use.
import * as vscode from 'vscode';
import { ServicesController } from './controller';
import { ServicesTreeProvider } from './servicesView';
import { DockwrightTaskProvider } from './taskProvider';
import { registerLifecycleCommands } from './lifecycleCommands';
import { profilesChanged } from '../views/profileEvents';
import { useChosenProfiles, type ServiceEntry } from './workspaceProject';

type ItemArg = { kind: 'service'; entry: ServiceEntry } | ServiceEntry | string | undefined;

export function registerServices(context: vscode.ExtensionContext, output: () => vscode.OutputChannel): void {
  // Same key as the Profiles view (client/src/views/profilesView.ts) uses for "Choose Active Compose Profiles".
  useChosenProfiles(() => context.workspaceState.get<string[]>('dockwright.activeProfiles'));
  let controller: ServicesController | undefined;
  const changed = new vscode.EventEmitter<void>();
  const get = (): ServicesController => {
    if (!controller) {
      controller = new ServicesController(output());
      context.subscriptions.push(controller, controller.onDidChange(() => changed.fire()));
    }
    return controller;
  };
  const entryOf = (arg: ItemArg): ServiceEntry | string | undefined => (arg && typeof arg === 'object' && 'kind' in arg ? arg.entry : arg);

  const tree = new ServicesTreeProvider(() => controller, changed.event);
  const view = vscode.window.createTreeView('dockwright.services', { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);

  context.subscriptions.push(
    changed,
    tree,
    view,
    vscode.commands.registerCommand('dockwright.buildService', (arg?: ItemArg) => get().buildService(entryOf(arg))),
    vscode.commands.registerCommand('dockwright.buildAllServices', () => get().buildAll()),
    vscode.commands.registerCommand('dockwright.healthCheckServices', () => get().healthCheck()),
    vscode.commands.registerCommand('dockwright.startServices', () => get().startServices()),
    vscode.commands.registerCommand('dockwright.showLogs', (arg?: ItemArg) => get().showLogs(entryOf(arg))),
    // The Services view's "… failed" row opens the output of the failed engine call.
    vscode.commands.registerCommand('dockwright.showOutput', () => output().show(true)),
    vscode.commands.registerCommand('dockwright.refreshServices', () => (controller ? controller.refresh(true) : tree.refresh())),
    vscode.tasks.registerTaskProvider('dockwright', new DockwrightTaskProvider(get)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    // Active profiles chosen in the Profiles view (or its projects re-read) change which services this view lists.
    profilesChanged.event(() => tree.refresh()),
  );
  registerLifecycleCommands(context, get, output);
  for (const pattern of ['**/{compose,docker-compose}*.{yml,yaml}', '**/.env']) {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    context.subscriptions.push(watcher, watcher.onDidChange(() => tree.refresh()), watcher.onDidCreate(() => tree.refresh()), watcher.onDidDelete(() => tree.refresh()));
  }
}
