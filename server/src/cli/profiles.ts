import * as fs from 'node:fs';
import * as path from 'node:path';
import { planProfiles, type WiringStrategy } from '../core/profiles';
import { fileKind } from '../core/workspace';
import { applyPlanAtomically } from '../node/applyPlan';
import { FsWorkspace } from '../node/fsWorkspace';
import { planChanges, unifiedDiff } from './diff';

export interface ProfilesIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export class ProfilesUsageError extends Error {}

const DEFAULT_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** `dockwright profiles [COMPOSE_FILE] [--write] [--strategy twins|shared] [--format text|json]`. */
export function runProfiles(positional: string[], options: { write: boolean; strategy: string; format: string }, io: ProfilesIO): number {
  if (!['twins', 'shared'].includes(options.strategy)) throw new ProfilesUsageError(`--strategy must be twins or shared, not "${options.strategy}"`);
  if (!['text', 'json'].includes(options.format)) throw new ProfilesUsageError(`--format must be text or json, not "${options.format}"`);
  if (positional.length > 1) throw new ProfilesUsageError('profiles takes one compose file');
  let file = positional[0] ? path.resolve(io.cwd, positional[0]) : DEFAULT_NAMES.map((n) => path.join(io.cwd, n)).find((p) => fs.existsSync(p));
  if (!file) throw new ProfilesUsageError(`no compose file given and none of ${DEFAULT_NAMES.join(', ')} in ${io.cwd}`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = DEFAULT_NAMES.map((n) => path.join(file!, n)).find((p) => fs.existsSync(p)) ?? file;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new ProfilesUsageError(`no such compose file: ${positional[0] ?? file}`);
  if (fileKind(path.basename(file)) !== 'compose' && !/\.ya?ml$/i.test(file)) throw new ProfilesUsageError(`not a compose file: ${positional[0]}`);
  const root = path.dirname(file);
  const workspace = new FsWorkspace(root);
  const rel = workspace.relative(file);
  const { plan, notes } = planProfiles(workspace, rel, { strategy: options.strategy as WiringStrategy });
  const changes = planChanges(workspace, plan, (p) => path.relative(io.cwd, path.join(root, p)).split(path.sep).join('/'));
  let written: string[] = [];
  if (options.write && changes.length) written = applyPlanAtomically(root, plan);
  if (options.format === 'json') {
    io.stdout(JSON.stringify({ file: path.relative(io.cwd, file).split(path.sep).join('/'), strategy: options.strategy, written: options.write, changes: changes.map((c) => ({ path: c.path, diff: unifiedDiff(c) })), notes }, null, 2) + '\n');
    return 0;
  }
  for (const note of notes) io.stdout(`- ${note}\n`);
  if (!options.write) for (const change of changes) io.stdout('\n' + unifiedDiff(change));
  else if (written.length) io.stdout(`\nwrote ${written.join(', ')}\n`);
  if (!options.write && changes.length) io.stdout('\n(dry run: pass --write to apply)\n');
  return 0;
}
