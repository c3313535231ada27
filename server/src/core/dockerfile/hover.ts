/**
 * Hover text for Dockerfiles: what Dockwright understood about the instruction under the cursor
 * (stage graph on FROM, source stage on COPY --from, packages on RUN). Markdown, no LSP types.
 */
import type { Position, Range } from '../types';
import { buildCommands, containerPath } from './buildCommands';
import { effectiveWorkdir, exposedPorts } from './image';
import { effectiveUser, stageLineage, type CopyInfo, type DockerfileModel, type Instr, type Stage } from './model';

export interface HoverInfo {
  markdown: string;
  range: Range;
}

function contains(range: Range, pos: Position): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

function stageLabel(stage: Stage): string {
  return stage.name ? `\`${stage.name}\` (stage ${stage.index})` : `stage ${stage.index}`;
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

function copySummary(copy: CopyInfo): string {
  const sources = copy.heredoc ? 'inline text' : copy.sources.map((s) => code(s.value)).join(', ');
  return `${sources} → ${copy.destination ? code(copy.destination.value) : '?'} (line ${copy.instr.range.start.line + 1})`;
}

function fromHover(model: DockerfileModel, stage: Stage): string {
  const lines: string[] = [`**Stage ${stage.index}${stage.name ? ` \`${stage.name}\`` : ''}**${stage === model.finalStage ? ' — final stage' : ''}`, ''];
  if (stage.parent) lines.push(`- builds on ${stageLabel(stage.parent)}; base image ${code(stageLineage(stage).pop()!.image.raw)}`);
  else lines.push(`- base image ${code(stage.image.raw)}${stage.image.dynamic ? ' (contains an unresolved variable)' : ''}`);
  lines.push(`- distro family: ${stage.distro}`);
  if (stage.platform) lines.push(`- platform: ${code(stage.platform)}`);
  if (stage.children.length) lines.push(`- stages built on it: ${stage.children.map(stageLabel).join(', ')}`);
  const installs = packagesByManager(stage);
  if (installs.length) lines.push(`- installs: ${installs.join('; ')}`);
  const copiesIn = stage.copies.filter((c) => c.fromStage);
  if (copiesIn.length) {
    lines.push('- copies from other stages:');
    for (const c of copiesIn) lines.push(`  - from ${stageLabel(c.fromStage!)}: ${copySummary(c)}`);
  }
  if (stage.copiedBy.length) {
    lines.push('- copied into later stages:');
    for (const c of stage.copiedBy) lines.push(`  - ${stageLabel(c.stage)}: ${copySummary(c)}`);
  } else if (stage !== model.finalStage && !stage.children.length) {
    lines.push('- nothing copies from this stage and no stage builds on it (it only runs when targeted with `--target`)');
  }
  if (stage === model.finalStage) {
    const user = effectiveUser(stage);
    const workdir = effectiveWorkdir(stage);
    const ports = exposedPorts(stage);
    lines.push(`- runs as: ${user ? code(user.user) : 'the base image user (root unless the image sets one)'}`);
    if (workdir) lines.push(`- WORKDIR: ${code(workdir)}`);
    if (ports.length) lines.push(`- exposes: ${ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}`);
  }
  return lines.join('\n');
}

function packagesByManager(stage: Stage): string[] {
  const byManager = new Map<string, string[]>();
  for (const install of stage.installs) {
    const list = byManager.get(install.manager) ?? [];
    list.push(...install.packages.map((p) => p.value));
    byManager.set(install.manager, list);
  }
  return [...byManager].map(([manager, packages]) => `${manager}: ${packages.length ? packages.map(code).join(', ') : '(from a manifest)'}`);
}

function copyHover(copy: CopyInfo): string {
  const lines: string[] = [];
  if (copy.fromStage) {
    const s = copy.fromStage;
    lines.push(`**Copies from ${stageLabel(s)}** — base ${code(stageLineage(s).pop()!.image.raw)}, ${s.distro}`);
    lines.push('', `- ${copySummary(copy)}`);
    const producers = s.runs.filter((r) => copy.sources.some((src) => r.instr.argsText.includes(src.value)));
    for (const r of producers) lines.push(`- produced by line ${r.instr.range.start.line + 1}: ${code(r.instr.argsText.replace(/\\\r?\n\s*/g, ' ').trim().slice(0, 160))}`);
  } else {
    lines.push(`**Copies from image ${code(copy.from ?? '')}**`, '', `- ${copySummary(copy)}`);
  }
  if (copy.chown) lines.push(`- owner: ${code(copy.chown)}`);
  return lines.join('\n');
}

function buildLines(model: DockerfileModel, stage: Stage, instr: Instr): string[] {
  let builds: ReturnType<typeof buildCommands> = [];
  try {
    builds = buildCommands(model).filter((b) => b.run.instr === instr);
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const b of builds) {
    const what = b.tool === 'cargo' ? `cargo ${b.verb}${b.bins.length ? ` --bin ${b.bins.join(', ')}` : ''}${b.release ? ' (release)' : ''}` : `${b.tool} ${b.verb}`;
    const parts = [`**${what}**`];
    if (b.packages.length) parts.push(`packages ${b.packages.map((p) => code(p.value)).join(' ')}`);
    if (b.output) parts.push(`output ${code(containerPath(b.workdir, b.output.value))}`);
    if (b.tool === 'go') parts.push(`CGO_ENABLED=${b.cgoEnabled ? `${b.cgoEnabled.value} (${b.cgoEnabled.from})` : 'default (1 if a C compiler is present)'}`);
    if (b.ldflags) parts.push(`ldflags ${code(b.ldflags)}`);
    if (b.tags.length) parts.push(`tags ${b.tags.map(code).join(' ')}`);
    if (b.trimpath) parts.push('-trimpath');
    lines.push(`- ${parts.join(', ')}`);
    const out = b.output ? containerPath(b.workdir, b.output.value) : undefined;
    for (const c of stage.copiedBy) {
      if (out && c.sources.some((src) => out === src.value || out.startsWith(src.value.replace(/\/*$/, '/')))) lines.push(`  - copied into ${stageLabel(c.stage)} at ${code(c.destination?.value ?? '?')} (line ${c.instr.range.start.line + 1})`);
    }
  }
  return lines.length ? ['**Builds**', '', ...capped(lines)] : [];
}

/**
 * A hover must stay short enough that VS Code still shows the "Quick Fix…" link under it: identical lines (the same
 * build in a loop or repeated per platform) are shown once, and a long list ends with how many were left out.
 */
export const HOVER_LIST_LIMIT = 8;
function capped(lines: string[]): string[] {
  const unique = [...new Set(lines)];
  if (unique.length <= HOVER_LIST_LIMIT) return unique;
  return [...unique.slice(0, HOVER_LIST_LIMIT), `- … and ${unique.length - HOVER_LIST_LIMIT} more`];
}

function runHover(model: DockerfileModel, stage: Stage, instr: Instr): string | undefined {
  const run = stage.runs.find((r) => r.instr === instr);
  if (!run) return undefined;
  const installs = stage.installs.filter((i) => i.run === run);
  const lines: string[] = [...buildLines(model, stage, instr)];
  if (lines.length) lines.push('');
  if (installs.length) {
    lines.push('**Installs**', '');
    const installLines: string[] = [];
    for (const i of installs) installLines.push(`- ${i.manager}: ${i.packages.length ? i.packages.map((p) => code(p.value)).join(', ') : '(from a manifest)'}${i.options.length ? ` — options ${i.options.map(code).join(' ')}` : ''}`);
    lines.push(...capped(installLines));
  }
  if (run.mounts.length) {
    if (lines.length) lines.push('');
    lines.push(`**Mounts**: ${run.mounts.map((m) => `${m.type}${m.target ? ` → ${code(m.target)}` : ''}${m.options.sharing ? ` (sharing=${m.options.sharing})` : ''}`).join(', ')}`);
  }
  if (run.parseError) lines.push('', `Shell parse problem: ${run.parseError}`);
  return lines.length ? lines.join('\n') : undefined;
}

/** Hover for the instruction at `pos`, or undefined where Dockwright has nothing to add. */
export function dockerfileHover(model: DockerfileModel, pos: Position): HoverInfo | undefined {
  for (const stage of model.stages) {
    if (contains(stage.from.range, pos)) return { markdown: fromHover(model, stage), range: stage.from.range };
    for (const instr of stage.instructions) {
      if (!contains(instr.range, pos)) continue;
      if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        const copy = stage.copies.find((c) => c.instr === instr);
        if (copy && copy.from !== undefined) return { markdown: copyHover(copy), range: instr.range };
        return undefined;
      }
      if (instr.keyword === 'RUN') {
        const markdown = runHover(model, stage, instr);
        return markdown ? { markdown, range: instr.range } : undefined;
      }
      return undefined;
    }
  }
  return undefined;
}
