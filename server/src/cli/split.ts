import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeConfigs } from '../core/config';
import { planSplit, type SplitLayout, type SplitResult } from '../core/split';
import { polishPlan } from '../core/split/polish';
import { applyPlanAtomically } from '../node/applyPlan';
import { readWorkspaceConfig } from '../node/configFile';
import { FsWorkspace, isInside } from '../node/fsWorkspace';
import type { CliIO } from './cli';
import { planChanges, unifiedDiff } from './diff';

export class SplitUsageError extends Error {}

interface SplitArgs {
  dockerfile: string;
  root: string;
  layout: SplitLayout;
  write: boolean;
  /** Apply Dockwright's own fixes (cache mounts, HEALTHCHECK) to the created Dockerfiles. */
  polish?: boolean;
  format: 'text' | 'json';
}

export function runSplit(args: SplitArgs, io: CliIO): number {
  const root = path.resolve(io.cwd, args.root);
  const abs = path.resolve(io.cwd, args.dockerfile);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new SplitUsageError(`no such Dockerfile: ${args.dockerfile}`);
  if (!isInside(root, abs)) throw new SplitUsageError(`${args.dockerfile} is not inside the root ${args.root}`);
  const workspace = new FsWorkspace(root);
  const { config, problems } = readWorkspaceConfig(workspace);
  for (const p of problems) io.stderr(`dockwright: ${p}\n`);
  const rel = workspace.relative(abs);
  const merged = mergeConfigs(config);
  const result: SplitResult = planSplit(workspace, rel, { layout: args.layout, config: merged });
  if (args.polish && !result.notMonolithReason) result.plan = polishPlan(workspace, result.plan, { config: merged });
  const changes = planChanges(workspace, result.plan);
  if (args.format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          dockerfile: rel,
          layout: args.layout,
          notMonolithReason: result.notMonolithReason ?? null,
          programs: result.programs,
          notes: result.plan.notes,
          creates: result.plan.creates.map((c) => c.path),
          edits: result.plan.edits.map((e) => e.path),
          deletes: result.plan.deletes.map((d) => d.path),
          written: false,
          files: changes.map((c) => ({ path: c.path, after: c.after ?? null })),
        },
        null,
        2,
      ).replace(/"written": false/, `"written": ${args.write && !result.notMonolithReason}`) + '\n',
    );
  } else {
    for (const note of result.plan.notes) io.stdout(`• ${note}\n`);
    if (!args.write) for (const change of changes) io.stdout('\n' + unifiedDiff(change));
  }
  if (result.notMonolithReason) return 0;
  if (args.write) {
    const written = applyPlanAtomically(root, result.plan);
    if (args.format === 'text') io.stdout(`\nWrote ${written.length} file change${written.length === 1 ? '' : 's'}: ${written.join(', ')}\n`);
  } else if (args.format === 'text') io.stdout('\nDry run: nothing written. Run again with --write to apply.\n');
  return 0;
}
