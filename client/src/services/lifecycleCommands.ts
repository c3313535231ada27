// Service lifecycle in VS Code: Stop, Down, Restart, Start one service, Follow logs — from the Services view, the
// palette and the "Run service" code lens. Engine work is in ../engine/lifecycle.ts; this file only asks, shows
// progress and reports. Disabled in untrusted workspaces (package.json `enablement` + the check below).
import * as vscode from 'vscode';
import { followLogs, runLifecycle, type LifecycleAction } from '../engine/lifecycle';
import type { ServicesController } from './controller';
import { findProject, type ServiceEntry, type WorkspaceProject } from './workspaceProject';

type ItemArg = { kind: 'service'; entry: ServiceEntry } | ServiceEntry | { service: string; uri?: string } | string | undefined;

function serviceName(arg: ItemArg): string | undefined {
  if (!arg) return undefined;
  if (typeof arg === 'string') return arg;
  if ('kind' in arg && arg.kind === 'service') return arg.entry.name;
  if ('service' in arg && typeof arg.service === 'string') return arg.service;
  if ('name' in arg && typeof arg.name === 'string') return arg.name;
  return undefined;
}

export function registerLifecycleCommands(context: vscode.ExtensionContext, controller: () => ServicesController, output: () => vscode.OutputChannel): void {
  const prepare = async (): Promise<(WorkspaceProject & { compose: NonNullable<WorkspaceProject['compose']> }) | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Dockwright: running the container engine is disabled in untrusted workspaces.');
      return undefined;
    }
    const project = await findProject();
    if (!project?.compose) {
      void vscode.window.showInformationMessage('Dockwright: starting and stopping services needs a compose file.');
      return undefined;
    }
    return project as WorkspaceProject & { compose: NonNullable<WorkspaceProject['compose']> };
  };

  const pickService = async (project: WorkspaceProject, title: string): Promise<string | undefined> =>
    (await vscode.window.showQuickPick(project.services.map((s) => ({ label: s.name, description: s.compose?.profiles.length ? `profiles: ${s.compose.profiles.join(', ')}` : undefined })), { title }))?.label;

  const run = async (action: LifecycleAction, arg: ItemArg, allServices = false): Promise<void> => {
    const project = await prepare();
    if (!project) return;
    let services: string[] = [];
    if (!allServices) {
      const name = serviceName(arg) ?? (await pickService(project, `${action[0].toUpperCase()}${action.slice(1)} Service`));
      if (!name) return;
      services = [name];
    }
    // Down tears the whole project down: every profile, so services started under another profile go too.
    const profiles = action === 'down' ? [...new Set([...project.profiles, ...project.allProfiles])] : project.profiles;
    const compose = { ...project.compose.project, profiles };
    const engine = controller().engine();
    const out = output();
    const label = `${action === 'down' ? 'Down' : action[0].toUpperCase() + action.slice(1)} ${services.length ? services.join(', ') : 'all services'}${profiles.length ? ` (profiles: ${profiles.join(', ')})` : ''}`;
    out.appendLine(`\n=== ${label} (${new Date().toLocaleTimeString()}) ===`);
    try {
      const waitSeconds = vscode.workspace.getConfiguration('dockwright.services').get<number>('waitTimeoutSeconds') ?? 60;
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Dockwright: ${label}`, cancellable: true }, async (_p, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return runLifecycle(engine, compose, action, services, { signal: ac.signal, onOutput: (c) => out.append(c), waitSeconds });
      });
      if (outcome.cancelled) return;
      if (outcome.ok) void vscode.window.showInformationMessage(`Dockwright: ${outcome.summary}`);
      else void vscode.window.showErrorMessage(`Dockwright: ${outcome.summary}`, 'Show Output').then((c) => c && out.show(true));
      // The Services view shows health: refresh it quietly.
      void controller().refresh(true);
    } catch (e) {
      await controller().showError(e);
    }
  };

  /** Logs in a terminal: streaming, and closing the terminal (or Ctrl+C) stops following. */
  const follow = async (arg: ItemArg): Promise<void> => {
    const project = await prepare();
    if (!project) return;
    const name = serviceName(arg);
    const engine = controller().engine();
    const compose = project.compose.project;
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number | void>();
    const ac = new AbortController();
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: () => {
        write.fire(`Following logs of ${name ?? 'all services'} (close the terminal or press Ctrl+C to stop)\r\n`);
        followLogs(engine, compose, name, { signal: ac.signal, onOutput: (c) => write.fire(c.replace(/\r?\n/g, '\r\n')) })
          .then((r) => {
            write.fire(`\r\n[logs ${r.cancelled ? 'stopped' : `ended (exit code ${r.code})`}]\r\n`);
          })
          .catch((e) => {
            write.fire(`\r\n${e instanceof Error ? e.message : String(e)}\r\n`);
            void controller().showError(e);
          });
      },
      close: () => ac.abort(),
      handleInput: (data) => {
        if (data === '\x03') ac.abort();
      },
    };
    const terminal = vscode.window.createTerminal({ name: `Dockwright logs: ${name ?? 'all'}`, pty, iconPath: new vscode.ThemeIcon('output') });
    terminal.show(true);
    context.subscriptions.push({ dispose: () => ac.abort() }, write, close);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('dockwright.stopService', (arg?: ItemArg) => run('stop', arg)),
    vscode.commands.registerCommand('dockwright.restartService', (arg?: ItemArg) => run('restart', arg)),
    vscode.commands.registerCommand('dockwright.startService', (arg?: ItemArg) => run('start', arg)),
    vscode.commands.registerCommand('dockwright.stopServices', () => run('stop', undefined, true)),
    vscode.commands.registerCommand('dockwright.downServices', () => run('down', undefined, true)),
    vscode.commands.registerCommand('dockwright.followLogs', (arg?: ItemArg) => follow(arg)),
  );
}
