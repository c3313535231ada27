// The engine commands in VS Code: Build Service…, Build All Services, Health-Check Services, Start Services,
// Show Logs. Owns the engine, the build diagnostics, the per-service state shown by the Services view, and
// the status bar item. Created lazily on first use.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Engine, EngineError } from '../engine/engine';
import { build, healthCheck, imageSize, logs, serviceImage, startServices, summariseHealth, type BuildOutcome, type ServiceHealth } from '../engine/operations';
import { InvalidNameError } from '../engine/validate';
import { engineSettings, findProject, type ServiceEntry, type WorkspaceProject } from './workspaceProject';
import { locateFailure } from '../serverRequests';

export interface ServiceState {
  lastBuild?: { ok: boolean; at: Date; summary: string; dockerfile?: string; line?: number };
  health?: ServiceHealth;
  imageSize?: number;
}

export class ServicesController implements vscode.Disposable {
  private engineCache?: { key: string; engine: Engine };
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('dockwright-build');
  private statusItem?: vscode.StatusBarItem;
  readonly state = new Map<string, ServiceState>();
  /** The last engine call that failed (shown at the top of the Services view), cleared by the next one that works. */
  lastError?: { title: string; message: string; at: Date };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];

  constructor(private readonly output: vscode.OutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dockwright.engine')) this.engineCache = undefined;
        if (e.affectsConfiguration('dockwright.services') || e.affectsConfiguration('dockwright.engine')) this.changed.fire();
      }),
    );
  }

  dispose(): void {
    this.statusItem?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  engine(): Engine {
    const settings = engineSettings();
    const key = JSON.stringify(settings);
    if (this.engineCache?.key !== key) this.engineCache = { key, engine: new Engine(settings) };
    return this.engineCache.engine;
  }

  stateOf(name: string): ServiceState {
    let s = this.state.get(name);
    if (!s) this.state.set(name, (s = {}));
    return s;
  }

  /** Guards every engine command: trust first, then a project. */
  private async prepare(): Promise<WorkspaceProject | undefined> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showWarningMessage('Dockwright: running the container engine is disabled in untrusted workspaces.', 'Manage Workspace Trust');
      if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    const project = await findProject();
    if (!project) void vscode.window.showInformationMessage('Dockwright: no compose file or Dockerfile found in this workspace.');
    return project;
  }

  private async withProgress<T>(title: string, task: (signal: AbortSignal, report: (line: string) => void) => Promise<T>): Promise<T | undefined> {
    this.output.appendLine(`\n=== ${title} (${new Date().toLocaleTimeString()}) ===`);
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Dockwright: ${title}`, cancellable: true }, async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        let last = 0;
        const report = (line: string) => {
          const now = Date.now();
          if (now - last > 250) {
            last = now;
            progress.report({ message: line.slice(0, 120) });
          }
        };
        return task(ac.signal, report);
      });
      if (this.lastError) {
        this.lastError = undefined;
        this.changed.fire();
      }
      return result;
    } catch (e) {
      this.lastError = { title, message: e instanceof Error ? e.message : String(e), at: new Date() };
      this.changed.fire();
      await this.showError(e);
      return undefined;
    }
  }

  private streamTo(report: (line: string) => void) {
    return (chunk: string) => {
      this.output.append(chunk);
      const lines = chunk.split(/\r?\n/).filter((l) => l.trim());
      if (lines.length) report(lines[lines.length - 1]);
    };
  }

  async showError(e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    this.output.appendLine(`ERROR: ${message}`);
    if (e instanceof EngineError) {
      // A failed command is not a settings problem: only the output helps there.
      const items = e.kind === 'failed' ? ['Show Output'] : ['Open Settings', 'Show Output'];
      const choice = await vscode.window.showErrorMessage(message, ...items);
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', e.settingsQuery);
      if (choice === 'Show Output') this.output.show(true);
    } else if (e instanceof InvalidNameError) {
      void vscode.window.showErrorMessage(`Dockwright: ${message}`);
    } else {
      // Never a vanishing progress toast: the error stays, with the command's output one click away.
      const choice = await vscode.window.showErrorMessage(`Dockwright: ${message}`, 'Show Output');
      if (choice === 'Show Output') this.output.show(true);
    }
  }

  async buildService(arg?: ServiceEntry | string): Promise<void> {
    const project = await this.prepare();
    if (!project) return;
    let entry = typeof arg === 'object' ? project.services.find((s) => s.name === arg.name) : project.services.find((s) => s.name === arg);
    if (!entry) {
      const buildable = project.services.filter((s) => s.dockerfile);
      const pick = await vscode.window.showQuickPick(
        buildable.map((s) => ({ label: s.name, description: s.dockerfile ? vscode.workspace.asRelativePath(s.dockerfile) : '', detail: s.compose?.profiles.length ? `profiles: ${s.compose.profiles.join(', ')}` : undefined, entry: s })),
        { title: 'Build Service', placeHolder: project.profiles.length ? `Services of profiles: ${project.profiles.join(', ')}` : 'Services without a profile' },
      );
      if (!pick) return;
      entry = pick.entry;
    }
    await this.runBuild(project, [entry]);
  }

  async buildAll(): Promise<void> {
    const project = await this.prepare();
    if (!project) return;
    await this.runBuild(project, project.services.filter((s) => s.dockerfile));
  }

  private async runBuild(project: WorkspaceProject, entries: ServiceEntry[]): Promise<void> {
    if (!entries.length) {
      void vscode.window.showInformationMessage('Dockwright: no service with a local build in the active profiles.');
      return;
    }
    const engine = this.engine();
    const title = entries.length === 1 ? `Building ${entries[0].name}` : `Building ${entries.length} services`;
    await this.withProgress(title, async (signal, report) => {
      await engine.checkDaemon({ signal });
      const outcomes: { entries: ServiceEntry[]; outcome: BuildOutcome }[] = [];
      if (project.compose) {
        const only = entries.length === project.services.filter((s) => s.dockerfile).length && entries.length > 1 ? [] : entries.map((e) => e.name);
        const outcome = await build(engine, { kind: 'compose', project: project.compose.project, services: project.compose.model.services, only }, { signal, onOutput: this.streamTo(report), locate: locateFailure });
        outcomes.push({ entries, outcome });
      } else {
        for (const entry of entries) {
          if (signal.aborted) break;
          const outcome = await build(engine, { kind: 'dockerfile', dockerfile: entry.dockerfile!, context: entry.context! }, { signal, onOutput: this.streamTo(report), locate: locateFailure });
          outcomes.push({ entries: [entry], outcome });
          if (!outcome.ok) break;
        }
      }
      for (const { entries: built, outcome } of outcomes) this.recordBuild(built, outcome);
      this.changed.fire();
      const failed = outcomes.find((o) => !o.outcome.ok);
      if (!failed) {
        void this.refreshImageSizes(project, entries);
        void vscode.window.showInformationMessage(`Dockwright: ${entries.length === 1 ? entries[0].name : `${entries.length} services`} built.`);
      } else if (failed.outcome.cancelled) {
        this.output.appendLine('Build cancelled.');
      } else {
        this.output.appendLine(failed.outcome.summary);
        const actions = failed.outcome.location ? ['Go to Error', 'Show Output'] : ['Show Output'];
        const choice = await vscode.window.showErrorMessage(`Dockwright: ${failed.outcome.summary}`, ...actions);
        if (choice === 'Show Output') this.output.show(true);
        if (choice === 'Go to Error' && failed.outcome.dockerfile && failed.outcome.location) {
          const doc = await vscode.workspace.openTextDocument(failed.outcome.dockerfile);
          const r = failed.outcome.location.range;
          await vscode.window.showTextDocument(doc, { selection: new vscode.Range(r.start.line, r.start.character, r.start.line, r.start.character) });
        }
      }
    });
  }

  private recordBuild(entries: ServiceEntry[], outcome: BuildOutcome): void {
    const at = new Date();
    if (outcome.cancelled) return;
    if (outcome.ok) {
      for (const e of entries) {
        this.stateOf(e.name).lastBuild = { ok: true, at, summary: 'built', dockerfile: e.dockerfile };
        if (e.dockerfile) this.diagnostics.delete(vscode.Uri.file(e.dockerfile));
      }
      return;
    }
    const failedName = outcome.failedService ?? (entries.length === 1 ? entries[0].name : undefined);
    for (const e of entries) {
      if (failedName && e.name !== failedName) continue;
      this.stateOf(e.name).lastBuild = { ok: false, at, summary: outcome.failure?.message ?? outcome.summary, dockerfile: outcome.dockerfile ?? e.dockerfile, line: outcome.location?.line };
    }
    if (outcome.dockerfile && outcome.location) {
      const r = outcome.location.range;
      const d = new vscode.Diagnostic(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), `Build failed: ${outcome.failure?.message ?? outcome.summary}`, vscode.DiagnosticSeverity.Error);
      d.source = 'dockwright build';
      this.diagnostics.set(vscode.Uri.file(outcome.dockerfile), [d]);
    }
  }

  private async refreshImageSizes(project: WorkspaceProject, entries: ServiceEntry[]): Promise<void> {
    const engine = this.engine();
    try {
      for (const e of entries) {
        if (!project.compose?.model || !e.compose) continue;
        const image = await serviceImage(engine, project.compose.project, e.compose);
        this.stateOf(e.name).imageSize = await imageSize(engine, image);
      }
      this.changed.fire();
    } catch {
      /* sizes are best effort */
    }
  }

  async healthCheck(options: { quiet?: boolean } = {}): Promise<void> {
    const project = await this.prepare();
    if (!project) return;
    if (!project.compose) {
      void vscode.window.showInformationMessage('Dockwright: health checks need a compose file (services run by compose).');
      return;
    }
    const compose = project.compose;
    const engine = this.engine();
    const timeout = vscode.workspace.getConfiguration('dockwright.services').get<number>('probeTimeoutMs') ?? 3000;
    const health = await this.withProgress('Checking service health', async (signal) => {
      await engine.checkDaemon({ signal });
      return healthCheck(engine, compose.project, project.services.map((s) => s.compose!).filter(Boolean), { signal, probeTimeoutMs: timeout });
    });
    if (!health) return;
    this.recordHealth(health);
    void this.refreshImageSizes(project, project.services);
    if (!options.quiet) {
      const s = summariseHealth(health);
      const bad = health.filter((h) => h.health === 'unhealthy').map((h) => `${h.service}: ${h.detail}`);
      const msg = `Dockwright: ${s.text}${bad.length ? ` — ${bad.join('; ')}` : ''}`;
      if (bad.length) void vscode.window.showWarningMessage(msg);
      else void vscode.window.showInformationMessage(msg);
    }
  }

  private recordHealth(health: ServiceHealth[]): void {
    for (const h of health) {
      this.stateOf(h.service).health = h;
      this.output.appendLine(`${h.service}: ${h.health} — ${h.detail}`);
    }
    const s = summariseHealth(health);
    if (!this.statusItem) {
      this.statusItem = vscode.window.createStatusBarItem('dockwright.health', vscode.StatusBarAlignment.Left, 50);
      this.statusItem.name = 'Dockwright service health';
      this.statusItem.command = 'dockwright.services.focus';
    }
    this.statusItem.text = `$(pulse) Dockwright: ${s.text}`;
    this.statusItem.tooltip = health.map((h) => `${h.service}: ${h.health} — ${h.detail}`).join('\n');
    this.statusItem.backgroundColor = health.some((h) => h.health === 'unhealthy') ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.statusItem.show();
    this.changed.fire();
  }

  async startServices(): Promise<void> {
    const project = await this.prepare();
    if (!project) return;
    if (!project.compose) {
      void vscode.window.showInformationMessage('Dockwright: starting services needs a compose file.');
      return;
    }
    let profiles = project.profiles;
    if (project.allProfiles.length) {
      const picks = await vscode.window.showQuickPick(
        project.allProfiles.map((p) => ({ label: p, picked: project.profiles.includes(p) })),
        { title: 'Start Services: profiles', canPickMany: true, placeHolder: 'Profiles to start (services without a profile always start)' },
      );
      if (!picks) return;
      profiles = picks.map((p) => p.label);
    }
    const started = await findProject(profiles);
    if (!started?.compose) return;
    const compose = started.compose;
    const engine = this.engine();
    const waitSeconds = vscode.workspace.getConfiguration('dockwright.services').get<number>('waitTimeoutSeconds') ?? 60;
    const outcome = await this.withProgress(`Starting services${profiles.length ? ` (${profiles.join(', ')})` : ''}`, async (signal, report) => {
      await engine.checkDaemon({ signal });
      return startServices(engine, { ...compose.project, profiles }, started.services.map((s) => s.compose!).filter(Boolean), { signal, onOutput: this.streamTo(report), waitSeconds });
    });
    if (!outcome || outcome.cancelled) return;
    this.recordHealth(outcome.health);
    const msg = `Dockwright: ${outcome.summary}`;
    if (outcome.ok) void vscode.window.showInformationMessage(msg);
    else void vscode.window.showWarningMessage(msg, 'Show Output').then((c) => c && this.output.show(true));
  }

  async showLogs(arg?: ServiceEntry | string): Promise<void> {
    const project = await this.prepare();
    if (!project?.compose) {
      if (project) void vscode.window.showInformationMessage('Dockwright: logs need a compose file.');
      return;
    }
    const compose = project.compose;
    let service = typeof arg === 'object' ? arg.name : arg;
    if (!service) {
      const pick = await vscode.window.showQuickPick([{ label: '$(list-flat) All services', name: undefined as string | undefined }, ...project.services.map((s) => ({ label: s.name, name: s.name as string | undefined }))], { title: 'Show Logs' });
      if (!pick) return;
      service = pick.name;
    }
    const engine = this.engine();
    this.output.show(true);
    await this.withProgress(`Logs${service ? ` of ${service}` : ''}`, async (signal) => {
      await engine.checkDaemon({ signal });
      return logs(engine, compose.project, service, { signal, onOutput: (c) => this.output.append(c) });
    });
  }

  /** Refresh: re-reads the compose file; asks the engine for health only when trusted and asked to. */
  async refresh(withEngine: boolean): Promise<void> {
    this.changed.fire();
    if (withEngine && vscode.workspace.isTrusted) await this.healthCheck({ quiet: true });
  }

  dockerfileOf(entry: ServiceEntry): string | undefined {
    return entry.dockerfile && path.isAbsolute(entry.dockerfile) ? entry.dockerfile : undefined;
  }
}
