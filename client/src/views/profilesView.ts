import * as vscode from 'vscode';
import type { DockwrightLanguageClient } from '../lsp/client';
import { profilesChanged } from './profileEvents';

/** Shape of the server's `dockwright/profiles` answer. */
interface ViewService {
  name: string;
  image?: string;
  dockerfile?: string;
  dockerfileUri?: string;
}
interface ViewFile {
  path: string;
  uri?: string;
  defaultProfiles: string[];
  active?: string[];
  profiles: { name: string; services: ViewService[]; missing: string[] }[];
}
interface ViewRoot {
  root: string;
  files: ViewFile[];
}

type Node =
  | { kind: 'file'; file: ViewFile }
  | { kind: 'profile'; file: ViewFile; profile: ViewFile['profiles'][number]; active: boolean }
  | { kind: 'service'; service: ViewService }
  | { kind: 'dockerfile'; service: ViewService }
  | { kind: 'missing'; text: string };

const ACTIVE_KEY = 'dockwright.activeProfiles';

/** The Profiles tree (profiles → enabled services → Dockerfile) and the active-profiles status bar item. */
export class ProfilesView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private data: ViewRoot[] = [];
  private readonly status: vscode.StatusBarItem;

  constructor(
    private readonly client: DockwrightLanguageClient,
    private readonly context: vscode.ExtensionContext,
  ) {
    this.status = vscode.window.createStatusBarItem('dockwright.profiles', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'Dockwright: Compose Profiles';
    this.status.command = 'dockwright.selectProfiles';
    context.subscriptions.push(this.status, this.changed);
  }

  /** Active profiles: the user's choice, else COMPOSE_PROFILES from the first project's .env. */
  activeProfiles(): string[] {
    const chosen = this.context.workspaceState.get<string[]>(ACTIVE_KEY);
    if (chosen) return chosen;
    return this.data.flatMap((r) => r.files).find((f) => f.defaultProfiles.length)?.defaultProfiles ?? [];
  }

  async refresh(): Promise<void> {
    let answered = true;
    try {
      this.data = await this.client.sendRequest<ViewRoot[]>('dockwright/profiles', { active: this.context.workspaceState.get<string[]>(ACTIVE_KEY) ?? null });
      // Ask again with the defaults from .env when the user has not chosen yet.
      if (!this.context.workspaceState.get<string[]>(ACTIVE_KEY)) this.data = await this.client.sendRequest<ViewRoot[]>('dockwright/profiles', { active: this.activeProfiles() });
    } catch {
      this.data = [];
      answered = false;
    }
    const files = this.data.flatMap((r) => r.files);
    // A chosen profile that no longer exists (e.g. after Undo of Wire Compose Profiles) is deselected.
    const names = new Set(files.flatMap((f) => f.profiles.map((p) => p.name).filter(Boolean)));
    const chosen = this.context.workspaceState.get<string[]>(ACTIVE_KEY);
    if (answered && chosen && chosen.some((p) => !names.has(p))) {
      await this.context.workspaceState.update(ACTIVE_KEY, chosen.filter((p) => names.has(p)));
      return this.refresh();
    }
    const active = this.activeProfiles();
    this.status.text = `$(layers) ${active.length ? active.join(', ') : 'no profile'}`;
    this.status.tooltip = 'Active compose profiles (click to choose)';
    // Only in projects that have profiles: elsewhere there is nothing to choose.
    if (names.size > 0) this.status.show();
    else this.status.hide();
    this.changed.fire(undefined);
    profilesChanged.fire();
  }

  async chooseProfiles(): Promise<void> {
    const names = [...new Set(this.data.flatMap((r) => r.files.flatMap((f) => f.profiles.map((p) => p.name).filter(Boolean))))].sort();
    if (names.length === 0) {
      void vscode.window.showInformationMessage('No compose profiles in this workspace. Run "Dockwright: Wire Compose Profiles" to add dev/prod profiles.');
      return;
    }
    const active = new Set(this.activeProfiles());
    const picked = await vscode.window.showQuickPick(
      names.map((n) => ({ label: n, picked: active.has(n) })),
      { canPickMany: true, title: 'Active compose profiles' },
    );
    if (!picked) return;
    await this.context.workspaceState.update(ACTIVE_KEY, picked.map((p) => p.label));
    await this.refresh();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'file': {
        const item = new vscode.TreeItem(node.file.path, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('file');
        if (node.file.uri) item.resourceUri = vscode.Uri.parse(node.file.uri);
        if (node.file.active) item.description = `starts ${node.file.active.length} with ${this.activeProfiles().join(', ') || 'no profile'}`;
        return item;
      }
      case 'profile': {
        const label = node.profile.name ? `--profile ${node.profile.name}` : 'no profile';
        const item = new vscode.TreeItem(label, node.active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${node.profile.services.length} services${node.active ? ' · active' : ''}`;
        item.iconPath = new vscode.ThemeIcon(node.active ? 'pass-filled' : 'circle-large-outline');
        return item;
      }
      case 'service': {
        const item = new vscode.TreeItem(node.service.name, node.service.dockerfile ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = node.service.image ?? node.service.dockerfile;
        item.iconPath = new vscode.ThemeIcon(node.service.dockerfile ? 'package' : 'database');
        return item;
      }
      case 'dockerfile': {
        const item = new vscode.TreeItem(node.service.dockerfile!, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('go-to-file');
        if (node.service.dockerfileUri) item.command = { command: 'vscode.open', title: 'Open Dockerfile', arguments: [vscode.Uri.parse(node.service.dockerfileUri)] };
        return item;
      }
      case 'missing': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
    }
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.data.flatMap((r) => r.files.map((file) => ({ kind: 'file' as const, file })));
    const active = this.activeProfiles();
    switch (node.kind) {
      case 'file':
        return node.file.profiles.map((profile) => ({ kind: 'profile' as const, file: node.file, profile, active: profile.name ? active.includes(profile.name) : active.length === 0 }));
      case 'profile':
        return [...node.profile.services.map((service) => ({ kind: 'service' as const, service })), ...node.profile.missing.map((m) => ({ kind: 'missing' as const, text: `missing dependency: ${m}` }))];
      case 'service':
        return node.service.dockerfile ? [{ kind: 'dockerfile', service: node.service }] : [];
      default:
        return [];
    }
  }
}

export function registerProfilesView(context: vscode.ExtensionContext, client: DockwrightLanguageClient): ProfilesView {
  const view = new ProfilesView(client, context);
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('dockwright.profiles', view),
    vscode.commands.registerCommand('dockwright.refreshProfiles', () => view.refresh()),
    vscode.commands.registerCommand('dockwright.selectProfiles', () => view.chooseProfiles()),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (/(compose[^/]*\.ya?ml|\.env)$/.test(d.fileName)) refreshSoon();
    }),
  );
  // Changes on disk too (git checkout, a refactor applied without saving through the editor, COMPOSE_PROFILES in .env).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void view.refresh(), 300);
  };
  for (const pattern of ['**/{compose,docker-compose}*.{yml,yaml}', '**/.env']) {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    context.subscriptions.push(watcher, watcher.onDidChange(refreshSoon), watcher.onDidCreate(refreshSoon), watcher.onDidDelete(refreshSoon));
  }
  context.subscriptions.push({ dispose: () => timer && clearTimeout(timer) });
  void view.refresh();
  return view;
}
