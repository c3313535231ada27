// `dockwright` tasks: build one service, build all, start a profile, so they can be bound in tasks.json.
// Build and start run the engine CLI directly (ProcessExecution: no shell); health-check runs in-process.
import * as vscode from 'vscode';
import { lifecycleArgs } from '../engine/lifecycle';
import { healthCheck, summariseHealth } from '../engine/operations';
import { checkProfileName, checkServiceName } from '../engine/validate';
import type { ServicesController } from './controller';
import { findProject } from './workspaceProject';

export interface DockwrightTaskDefinition extends vscode.TaskDefinition {
  type: 'dockwright';
  task: 'build' | 'buildAll' | 'start' | 'healthCheck' | 'stop' | 'down' | 'restart' | 'startService' | 'logs';
  service?: string;
  profiles?: string[];
}

export class DockwrightTaskProvider implements vscode.TaskProvider {
  constructor(private readonly controller: () => ServicesController) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const project = await findProject();
    if (!project?.compose) return [];
    const defs: DockwrightTaskDefinition[] = [
      { type: 'dockwright', task: 'buildAll' },
      ...project.services.filter((s) => s.dockerfile).map((s) => ({ type: 'dockwright' as const, task: 'build' as const, service: s.name })),
      { type: 'dockwright', task: 'start', profiles: project.profiles },
      { type: 'dockwright', task: 'healthCheck' },
      { type: 'dockwright', task: 'stop' },
      { type: 'dockwright', task: 'down' },
    ];
    const tasks = await Promise.all(defs.map((d) => this.toTask(d)));
    return tasks.filter((t): t is vscode.Task => !!t);
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    return this.toTask(task.definition as DockwrightTaskDefinition, task.scope);
  }

  private async toTask(def: DockwrightTaskDefinition, scope?: vscode.WorkspaceFolder | vscode.TaskScope): Promise<vscode.Task | undefined> {
    const project = await findProject(def.profiles);
    if (!project?.compose) return undefined;
    const compose = project.compose;
    const folder = scope ?? project.folder;
    const engine = this.controller().engine();
    if (def.task === 'healthCheck') {
      const controller = this.controller();
      const exec = new vscode.CustomExecution(async () => {
        const write = new vscode.EventEmitter<string>();
        const close = new vscode.EventEmitter<number>();
        const ac = new AbortController();
        return {
          onDidWrite: write.event,
          onDidClose: close.event,
          open: () => {
            healthCheck(engine, compose.project, project.services.map((s) => s.compose!).filter(Boolean), { signal: ac.signal })
              .then((health) => {
                for (const h of health) write.fire(`${h.service}: ${h.health} — ${h.detail}\r\n`);
                write.fire(`${summariseHealth(health).text}\r\n`);
                close.fire(health.some((h) => h.health === 'unhealthy') ? 1 : 0);
              })
              .catch((e) => {
                void controller.showError(e);
                write.fire(`${e instanceof Error ? e.message : String(e)}\r\n`);
                close.fire(1);
              });
          },
          close: () => ac.abort(),
        };
      });
      return new vscode.Task(def, folder, 'health-check services', 'dockwright', exec);
    }
    const cli = await engine.compose().catch(() => undefined);
    if (!cli) return undefined;
    // Down without explicit profiles tears down every profile's services, like the Down command.
    const defaultProfiles = def.task === 'down' ? [...new Set([...compose.project.profiles, ...project.allProfiles])] : compose.project.profiles;
    const profiles = (def.profiles ?? defaultProfiles).map(checkProfileName);
    const global = engine.composeGlobalArgs({ ...compose.project, profiles });
    let args: string[];
    let name: string;
    if (def.task === 'build') {
      if (!def.service) return undefined;
      args = ['build', checkServiceName(def.service)];
      name = `build ${def.service}`;
    } else if (def.task === 'buildAll') {
      args = ['build'];
      name = 'build all services';
    } else if (def.task === 'start') {
      args = cli.flavour === 'v1' ? ['up', '-d'] : ['up', '-d', '--wait'];
      name = `start services${profiles.length ? ` (${profiles.join(', ')})` : ''}`;
    } else {
      const lifecycle = lifecycleTask(def, cli.flavour === 'v1' ? 'v1' : 'v2');
      if (!lifecycle) return undefined;
      ({ args, name } = lifecycle);
      if (profiles.length) name += ` (${profiles.join(', ')})`;
    }
    const exec = new vscode.ProcessExecution(cli.command, [...cli.prefix, ...global, ...args], { cwd: compose.project.dir, env: engine.env() as Record<string, string> });
    const task = new vscode.Task(def, folder, name, 'dockwright', exec, []);
    if (def.task === 'build' || def.task === 'buildAll') task.group = vscode.TaskGroup.Build;
    if (def.task === 'logs') task.isBackground = true;
    return task;
  }
}

/** Stop / down / restart / start one service / follow logs: the same arguments as the Services view's commands. */
export function lifecycleTask(def: DockwrightTaskDefinition, flavour: 'v1' | 'v2'): { args: string[]; name: string } | undefined {
  const one = def.service ? [checkServiceName(def.service)] : [];
  switch (def.task) {
    case 'stop':
      return { args: lifecycleArgs('stop', one, flavour), name: `stop ${def.service ?? 'services'}` };
    case 'restart':
      return { args: lifecycleArgs('restart', one, flavour), name: `restart ${def.service ?? 'services'}` };
    case 'down':
      return { args: lifecycleArgs('down', [], flavour), name: 'down' };
    case 'startService':
      return def.service ? { args: lifecycleArgs('start', one, flavour), name: `start ${def.service}` } : undefined;
    case 'logs':
      return { args: ['logs', '--follow', '--no-color', '--tail', '100', ...one], name: `logs ${def.service ?? 'all services'}` };
    default:
      return undefined;
  }
}
