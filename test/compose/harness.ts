/** Runs a merge case through our project loader and through real Compose (v2 plugin, v1 Python). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Analysis } from '../../server/src/core/analysis';
import { loadProject, loadProjectFiles } from '../../server/src/core/compose/project';
import { MemoryWorkspace } from '../../server/src/core/workspace';
import { parseDotEnv } from '../../server/src/core/compose/interpolate';
import { canonicalProject } from './canonical';
import type { MergeCase } from './mergeCases';

/** Where the recorded v2 outputs live; absolute paths in them are written relative to PROJECT_DIR. */
export const FIXTURE_DIR = path.join(__dirname, '..', 'fixtures', 'compose-config');
export const PROJECT_DIR = '/project';

export function defaultComposeFile(c: MergeCase): string {
  return ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'].find((f) => c.files[f] !== undefined)!;
}

/** Our merged project data for a case. */
export function ourData(c: MergeCase): Record<string, unknown> {
  const analysis = new Analysis(new MemoryWorkspace(c.files));
  const project = c.composeFiles ? loadProjectFiles(analysis, c.composeFiles) : loadProject(analysis, defaultComposeFile(c));
  return project.data;
}

export function writeCase(c: MergeCase, root = mkdtempSync(path.join(tmpdir(), 'dw-merge-'))): string {
  const dir = path.join(root, 'proj');
  for (const [file, text] of Object.entries(c.files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The environment Compose runs in: nothing from the caller's shell that could feed interpolation. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export interface ConfigRun {
  ok: boolean;
  output: string;
  data?: unknown;
}

/** `docker compose [-f …] --profile '*' config --format json` with the v2 plugin. */
export function composeV2Config(c: MergeCase, dir: string, docker: string): ConfigRun {
  const files = (c.composeFiles ?? []).flatMap((f) => ['-f', f]);
  const r = spawnSync(docker, ['compose', ...files, '--profile', '*', 'config', '--format', 'json'], {
    cwd: dir,
    env: cleanEnv({ DOCKER_CONFIG: process.env.DOCKER_CONFIG, DOCKER_HOST: process.env.DOCKER_HOST }),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) return { ok: false, output: `${r.stderr}${r.stdout}${r.error ?? ''}` };
  return { ok: true, output: r.stdout, data: JSON.parse(r.stdout) };
}

/** `docker-compose [-f …] config` (v1 prints YAML, all services whatever their profiles). */
export function composeV1Config(c: MergeCase, dir: string, dockerCompose: string): ConfigRun {
  const files = (c.composeFiles ?? []).flatMap((f) => ['-f', f]);
  const r = spawnSync(dockerCompose, [...files, 'config'], { cwd: dir, env: cleanEnv({ DOCKER_HOST: process.env.DOCKER_HOST }), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) return { ok: false, output: `${r.stderr}${r.stdout}${r.error ?? ''}` };
  return { ok: true, output: r.stdout, data: parseYaml(r.stdout) };
}

/** Replaces the temporary project folder with PROJECT_DIR in a recorded output. */
export function relocate(output: string, dir: string): string {
  return output.split(dir).join(PROJECT_DIR);
}

/** Our merged data in canonical form; env files are read from the case's own files (dir stands for the case root). */
export function ourCanonical(c: MergeCase, dir: string, options: { interpolateEnvFiles?: boolean } = {}): Record<string, unknown> {
  const readEnvFile = (absolute: string) => {
    const rel = path.posix.relative(dir, absolute);
    const text = c.files[rel];
    if (text === undefined) return undefined;
    // docker-compose v1 passes env_file values as written: `${…}` in them is not expanded (docs/profiles.md).
    if (options.interpolateEnvFiles === false) return Object.fromEntries(parseDotEnv(text.replace(/\$/g, '$$$$')));
    // Values may use the project's variables (`.env` next to the compose file), as in Compose v2.
    const dotEnv = c.files['.env'] === undefined ? undefined : parseDotEnv(c.files['.env']);
    return Object.fromEntries(parseDotEnv(text, (name) => dotEnv?.get(name)));
  };
  return canonicalProject(ourData(c), { dir, readEnvFile });
}

/** An engine's output in canonical form. */
export function engineCanonical(data: unknown, dir: string): Record<string, unknown> {
  return canonicalProject(data, { dir, unescapeDollars: true });
}
