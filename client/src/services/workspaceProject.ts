// Finds what the Services view and the engine commands work on: the compose file(s) of the workspace (or
// COMPOSE_FILE), their services for the active profiles, or the Dockerfiles when there is no compose file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeServices, allProfiles, type ComposeFileModel, type ComposeService } from '../engine/composeFile';
import { activeProfiles, DEFAULT_SETTINGS, type ComposeProject, type EngineSettings } from '../engine/engine';
import { readComposeFile } from '../serverRequests';

export interface ServiceEntry {
  name: string;
  /** Absolute Dockerfile path, when the service builds from a local context. */
  dockerfile?: string;
  /** Absolute build context. */
  context?: string;
  compose?: ComposeService;
}

export interface WorkspaceProject {
  folder: vscode.WorkspaceFolder;
  /** Present when a compose file was found. */
  compose?: { project: ComposeProject; model: ComposeFileModel; files: string[] };
  profiles: string[];
  allProfiles: string[];
  services: ServiceEntry[];
}

const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

export function engineSettings(): EngineSettings {
  const c = vscode.workspace.getConfiguration('dockwright.engine');
  return {
    dockerPath: c.get<string>('dockerPath') || DEFAULT_SETTINGS.dockerPath,
    compose: c.get<EngineSettings['compose']>('compose') ?? 'auto',
    composePath: c.get<string>('composePath') || DEFAULT_SETTINGS.composePath,
    buildxBuilder: c.get<string>('buildxBuilder') ?? '',
    context: c.get<string>('context') ?? '',
  };
}

let chosenProfiles: () => string[] | undefined = () => undefined;

/** The Profiles view's choice (workspace state), which wins over the setting. */
export function useChosenProfiles(get: () => string[] | undefined): void {
  chosenProfiles = get;
}

/** Active profiles: chosen in the Profiles view, else `dockwright.services.profiles` (else COMPOSE_PROFILES, later). */
export function configuredProfiles(): string[] {
  const chosen = chosenProfiles();
  if (chosen?.length) return chosen;
  return vscode.workspace.getConfiguration('dockwright.services').get<string[]>('profiles') ?? [];
}

export async function findProject(profilesOverride?: string[]): Promise<WorkspaceProject | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    if (folder.uri.scheme !== 'file') continue;
    const found = await projectIn(folder, profilesOverride);
    if (found) return found;
  }
  return undefined;
}

async function projectIn(folder: vscode.WorkspaceFolder, profilesOverride?: string[]): Promise<WorkspaceProject | undefined> {
  const root = folder.uri.fsPath;
  const profiles = activeProfiles(profilesOverride ?? configuredProfiles(), process.env);
  const files = await composeFiles(folder);
  if (files.length) {
    const dir = path.dirname(files[0]);
    let text = '';
    const models: ComposeFileModel[] = [];
    for (const f of files) {
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(f)));
        models.push(await readComposeFile(text));
      } catch {
        /* unreadable, or no language server: skipped */
      }
    }
    const model = mergeModels(models);
    const envFiles = !!process.env.COMPOSE_FILE && !vscode.workspace.getConfiguration('dockwright.services').get<string>('composeFile');
    // With COMPOSE_FILE set, compose reads it itself: pass no -f so the user's setup is used unchanged.
    const project: ComposeProject = { dir: envFiles ? root : dir, files: envFiles ? [] : files, profiles: profilesOverride ?? configuredProfiles() };
    const services = activeServices(model, profiles).map((s) => {
      const context = s.buildContext !== undefined ? path.resolve(dir, s.buildContext) : undefined;
      return { name: s.name, compose: s, context, dockerfile: context ? path.resolve(context, s.dockerfile ?? 'Dockerfile') : undefined };
    });
    return { folder, compose: { project, model, files }, profiles, allProfiles: allProfiles(model), services };
  }
  const dockerfiles = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}'), '**/{node_modules,.git,vendor}/**', 50);
  if (!dockerfiles.length) return undefined;
  const used = new Set<string>();
  const services = dockerfiles
    .map((u) => u.fsPath)
    .sort()
    .map((f) => {
      let name = path.basename(path.dirname(f)) || 'root';
      if (path.dirname(f) === root) name = path.basename(root);
      for (let i = 2; used.has(name); i++) name = `${name}-${i}`;
      used.add(name);
      return { name, dockerfile: f, context: path.dirname(f) };
    });
  return { folder, profiles, allProfiles: [], services };
}

async function composeFiles(folder: vscode.WorkspaceFolder): Promise<string[]> {
  const root = folder.uri.fsPath;
  const configured = vscode.workspace.getConfiguration('dockwright.services').get<string>('composeFile');
  if (configured) return [path.resolve(root, configured)];
  if (process.env.COMPOSE_FILE) {
    const sep = process.env.COMPOSE_PATH_SEPARATOR || (process.platform === 'win32' ? ';' : ':');
    return process.env.COMPOSE_FILE.split(sep).filter(Boolean).map((f) => path.resolve(root, f));
  }
  for (const name of COMPOSE_NAMES) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(path.join(root, name)));
      return [path.join(root, name)];
    } catch {
      /* next */
    }
  }
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/{compose,docker-compose}.{yml,yaml}'), '**/{node_modules,.git}/**', 20);
  const shallowest = found.map((u) => u.fsPath).sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b))[0];
  return shallowest ? [shallowest] : [];
}

function mergeModels(models: ComposeFileModel[]): ComposeFileModel {
  const byName = new Map<string, ComposeService>();
  for (const m of models) for (const s of m.services) byName.set(s.name, { ...byName.get(s.name), ...s });
  return { services: [...byName.values()], rejected: models.flatMap((m) => m.rejected), error: models.find((m) => m.error)?.error };
}
