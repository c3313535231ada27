// The "Services" tree view: services of the active profiles, their Dockerfile, last build, image size, health.
import * as vscode from 'vscode';
import { formatBytes } from '../engine/psOutput';
import type { ServicesController, ServiceState } from './controller';
import { findProject, type ServiceEntry } from './workspaceProject';

type Node = { kind: 'service'; entry: ServiceEntry } | { kind: 'detail'; label: string; description?: string; icon: string; tooltip?: string; command?: vscode.Command };

export class ServicesTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private view?: vscode.TreeView<Node>;

  constructor(private readonly controller: () => ServicesController | undefined, onChange: vscode.Event<void>) {
    this.subscription = onChange(() => this.emitter.fire(undefined));
  }

  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const project = await findProject();
      if (this.view) {
        this.view.message = !project
          ? 'No compose file or Dockerfile found in this workspace.'
          : project.compose
            ? `Profiles: ${project.profiles.length ? project.profiles.join(', ') : '(none)'}${project.compose.model.error ? ` — compose file: ${project.compose.model.error}` : ''}`
            : 'No compose file: services are the Dockerfiles of the workspace.';
        this.view.description = project?.compose ? vscode.workspace.asRelativePath(project.compose.files[0] ?? '') : undefined;
      }
      const top: Node[] = [];
      const failed = this.controller()?.lastError;
      if (failed) {
        top.push({ kind: 'detail', label: `${failed.title} failed`, description: failed.at.toLocaleTimeString(), tooltip: failed.message, icon: 'error', command: { title: 'Show Output', command: 'dockwright.showOutput', arguments: [] } });
      }
      // Profiles exist but none is active: say so, and offer to pick one (only unprofiled services are listed).
      if (project?.compose && project.profiles.length === 0 && project.allProfiles.length > 0) {
        top.push({ kind: 'detail', label: 'No profile selected — choose one…', description: `${project.allProfiles.join(', ')}`, tooltip: 'Only services without profiles start without one.', icon: 'layers', command: { title: 'Choose Active Compose Profiles', command: 'dockwright.selectProfiles', arguments: [] } });
      }
      return [...top, ...(project?.services ?? []).map((entry): Node => ({ kind: 'service', entry }))];
    }
    if (node.kind !== 'service') return [];
    const state = this.controller()?.state.get(node.entry.name) ?? {};
    const out: Node[] = [];
    if (node.entry.dockerfile) {
      const uri = vscode.Uri.file(node.entry.dockerfile);
      out.push({ kind: 'detail', label: vscode.workspace.asRelativePath(uri), icon: 'file', command: { title: 'Open Dockerfile', command: 'vscode.open', arguments: [uri] } });
    } else {
      out.push({ kind: 'detail', label: node.entry.compose?.image ? `image ${node.entry.compose.image}` : 'no local build', icon: 'package' });
    }
    if (state.lastBuild) {
      const b = state.lastBuild;
      const at = b.at.toLocaleTimeString();
      const command =
        !b.ok && b.dockerfile && b.line
          ? { title: 'Go to error', command: 'vscode.open', arguments: [vscode.Uri.file(b.dockerfile), { selection: new vscode.Range(b.line - 1, 0, b.line - 1, 0) }] }
          : undefined;
      out.push({ kind: 'detail', label: b.ok ? 'Build succeeded' : `Build failed${b.line ? ` at line ${b.line}` : ''}`, description: at, tooltip: b.summary, icon: b.ok ? 'check' : 'error', command });
    }
    if (state.imageSize !== undefined) out.push({ kind: 'detail', label: `Image size ${formatBytes(state.imageSize)}`, icon: 'database' });
    if (state.health) out.push({ kind: 'detail', label: `Health: ${state.health.health}`, description: state.health.detail, tooltip: state.health.detail, icon: healthIcon(state).id });
    return out;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'detail') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.description;
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.command = node.command;
      return item;
    }
    const { entry } = node;
    const state = this.controller()?.state.get(entry.name) ?? {};
    const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `service:${entry.name}`;
    const icon = healthIcon(state);
    item.iconPath = icon;
    const parts: string[] = [];
    if (state.health) parts.push(state.health.health === 'none' ? (state.health.state === 'running' ? 'no check' : state.health.state) : state.health.health);
    if (state.lastBuild) parts.push(state.lastBuild.ok ? 'built' : 'build failed');
    if (state.imageSize !== undefined) parts.push(formatBytes(state.imageSize));
    item.description = parts.join(' · ');
    const md = new vscode.MarkdownString(`**${entry.name}**\n\n`);
    if (entry.dockerfile) md.appendMarkdown(`Dockerfile: \`${vscode.workspace.asRelativePath(entry.dockerfile)}\`\n\n`);
    if (entry.compose?.profiles.length) md.appendMarkdown(`Profiles: ${entry.compose.profiles.join(', ')}\n\n`);
    if (state.health) md.appendMarkdown(`Health: ${state.health.health} — ${state.health.detail}\n\n`);
    if (state.lastBuild) md.appendMarkdown(`Last build: ${state.lastBuild.ok ? 'succeeded' : `failed — ${state.lastBuild.summary}`}\n\n`);
    item.tooltip = md;
    item.contextValue = entry.dockerfile ? 'dockwright.service.buildable' : 'dockwright.service';
    return item;
  }
}

export function healthIcon(state: ServiceState): vscode.ThemeIcon {
  switch (state.health?.health) {
    case 'healthy':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'unhealthy':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'starting':
      return new vscode.ThemeIcon('loading~spin');
    case 'none':
      return state.health.state === 'running' ? new vscode.ThemeIcon('circle-large-outline') : new vscode.ThemeIcon('debug-stop');
    default:
      return new vscode.ThemeIcon(state.lastBuild && !state.lastBuild.ok ? 'warning' : 'package');
  }
}
