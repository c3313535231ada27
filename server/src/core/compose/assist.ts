import { contextOf, dockerfileOf, type Analysis } from '../analysis';
import { effectiveUser, findStage } from '../dockerfile/model';
import type { Position, Range } from '../types';
import { dirName, fileKind } from '../workspace';
import { parseDotEnv } from './interpolate';
import { enabledServices, profileNames } from './profiles';
import { exposedPorts } from './services';

/** Editor help for compose files: where the cursor is, what to complete, what to show on hover. Pure. */

export interface YamlContext {
  /** Keys from the document root to the mapping the cursor is in, e.g. `['services', 'api', 'depends_on']`. */
  path: string[];
  /** The key whose value the cursor is in (`image: ng|`), if on a `key: value` line. */
  key?: string;
  /** The cursor is on a `- item` of a sequence. */
  listItem: boolean;
  /** The word under/before the cursor and its range. */
  word: string;
  wordRange: Range;
}

/** Indentation-based context (works on half-typed YAML, where a parser would give up). */
export function yamlContextAt(text: string, position: Position): YamlContext {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line] ?? '';
  const before = line.slice(0, position.character);
  const indent = (l: string) => l.length - l.trimStart().length;
  let wordStart = position.character;
  while (wordStart > 0 && /[\w.\-/]/.test(line[wordStart - 1])) wordStart--;
  let wordEnd = position.character;
  while (wordEnd < line.length && /[\w.\-/]/.test(line[wordEnd])) wordEnd++;
  const wordRange = { start: { line: position.line, character: wordStart }, end: { line: position.line, character: wordEnd } };
  const word = line.slice(wordStart, wordEnd);
  const listItem = /^\s*-\s/.test(before) || /^\s*-$/.test(before);
  const keyMatch = /^\s*(?:-\s+)?["']?([\w.-]+)["']?\s*:(?:\s+(.*))?$/.exec(before);
  const key = keyMatch ? keyMatch[1] : undefined;
  // Parents: walk up to lines with a smaller indentation that hold a key.
  const path: string[] = [];
  let current = listItem ? line.indexOf('-') : indent(line);
  for (let n = position.line - 1; n >= 0 && current > 0; n--) {
    const l = lines[n];
    if (!l.trim() || l.trimStart().startsWith('#')) continue;
    const i = indent(l);
    if (i >= current) continue;
    const m = /^\s*["']?([\w.-]+)["']?\s*:/.exec(l);
    if (m) path.unshift(m[1]);
    current = i;
  }
  return { path, key, listItem, word, wordRange };
}
export interface CompletionCandidate {
  label: string;
  detail?: string;
  kind: 'service' | 'profile' | 'file' | 'stage';
}

export function composeCompletions(analysis: Analysis, file: string, text: string, position: Position): CompletionCandidate[] {
  const ctx = yamlContextAt(text, position);
  const project = analysis.composeProject(file);
  const model = analysis.compose(file);
  if (!project || !model) return [];
  const [root, serviceName, section] = ctx.path;
  if (root !== 'services' || !serviceName) return [];
  if ((section === 'depends_on' && ctx.path.length === 3) || (ctx.path.length === 2 && ctx.key === 'depends_on')) {
    return [...project.services.values()].filter((s) => s.name !== serviceName).map((s) => ({ label: s.name, kind: 'service', detail: s.profiles.length ? `profiles: ${s.profiles.join(', ')}` : s.image ?? (s.build ? `build ${s.build.context}` : undefined) }));
  }
  if (section === 'profiles' || (ctx.path.length === 2 && ctx.key === 'profiles')) {
    const names = profileNames(project.services);
    return (names.length ? names : ['dev', 'prod']).map((p) => ({ label: p, kind: 'profile', detail: `${enabledServices(project.services, [p]).services.length} services` }));
  }
  if (section === 'build' && (ctx.key === 'dockerfile' || ctx.key === 'target')) {
    const service = model.services.find((s) => s.name === serviceName);
    const build = project.services.get(serviceName)?.build ?? (service?.build ? { context: service.build.context } : undefined);
    if (!build) return [];
    if (ctx.key === 'dockerfile') {
      const context = contextOf(file, build.context);
      if (context === undefined) return [];
      const prefix = context ? context + '/' : '';
      return analysis
        .files()
        .filter((f) => f.startsWith(prefix) && fileKind(f) === 'dockerfile')
        .map((f) => ({ label: f.slice(prefix.length), kind: 'file' as const, detail: f }));
    }
    const path = dockerfileOf(file, { context: build.context, dockerfile: build.dockerfile ? { value: build.dockerfile } : undefined });
    const dockerfile = path ? analysis.dockerfile(path) : undefined;
    return (dockerfile?.stages ?? []).filter((s) => s.name).map((s) => ({ label: s.name!, kind: 'stage' as const, detail: `FROM ${s.image.raw}` }));
  }
  return [];
}

/** Markdown for the word under the cursor, or undefined. */
export function composeHover(analysis: Analysis, file: string, text: string, position: Position): { contents: string; range: Range } | undefined {
  const ctx = yamlContextAt(text, position);
  const project = analysis.composeProject(file);
  if (!project || !ctx.word) return undefined;
  const [root, serviceName, section] = ctx.path;
  if (root !== 'services') return undefined;
  const inDependsOn = section === 'depends_on' || (ctx.path.length === 2 && ctx.key === 'depends_on') || (ctx.path.length === 3 && section === 'depends_on');
  if (inDependsOn && project.services.has(ctx.word) && ctx.word !== serviceName) {
    const s = project.services.get(ctx.word)!;
    const lines = [`**${s.name}**`, s.image ? `image \`${s.image}\`` : s.build ? `builds \`${s.build.context}\`${s.build.dockerfile ? ` (\`${s.build.dockerfile}\`)` : ''}` : '', s.profiles.length ? `profiles: ${s.profiles.map((p) => `\`${p}\``).join(', ')}` : 'no profiles: starts with every profile', s.healthcheck ? 'has a healthcheck' : ''];
    return { contents: lines.filter(Boolean).join('\n\n'), range: ctx.wordRange };
  }
  if (section === 'profiles' || (ctx.path.length === 2 && ctx.key === 'profiles')) {
    const selection = enabledServices(project.services, [ctx.word]);
    return { contents: `\`--profile ${ctx.word}\` starts: ${selection.services.map((s) => `\`${s}\``).join(', ') || 'nothing'}${selection.missing.length ? `\n\nMissing dependencies: ${selection.missing.map((m) => `${m.service} → ${m.dependency}`).join(', ')}` : ''}`, range: ctx.wordRange };
  }
  if (section === 'build' && (ctx.key === 'dockerfile' || ctx.key === 'target')) {
    const build = project.services.get(serviceName)?.build;
    if (!build) return undefined;
    const path = dockerfileOf(file, { context: build.context, dockerfile: build.dockerfile ? { value: build.dockerfile } : undefined });
    const dockerfile = path ? analysis.dockerfile(path) : undefined;
    if (!dockerfile) return { contents: `\`${path ?? ctx.word}\` does not exist`, range: ctx.wordRange };
    const stage = ctx.key === 'target' ? findStage(dockerfile, ctx.word) : dockerfile.finalStage;
    if (!stage) return { contents: `No stage \`${ctx.word}\` in \`${path}\``, range: ctx.wordRange };
    const user = effectiveUser(stage)?.user ?? 'root';
    const ports = exposedPorts(stage);
    return { contents: [`\`${path}\` — stage ${stage.name ? `\`${stage.name}\`` : `#${stage.index}`} \`FROM ${stage.image.raw}\``, `stages: ${dockerfile.stages.map((s) => s.name ?? `#${s.index}`).join(', ')}`, `runs as \`${user}\`${ports.length ? `, exposes ${ports.join(', ')}` : ''}`].join('\n\n'), range: ctx.wordRange };
  }
  return undefined;
}

export interface ProfilesViewService {
  name: string;
  image?: string;
  /** Workspace path of the Dockerfile the service builds. */
  dockerfile?: string;
}

export interface ProfilesViewFile {
  path: string;
  profiles: { name: string; services: ProfilesViewService[]; missing: string[] }[];
  /** `COMPOSE_PROFILES` from the `.env` next to the file. */
  defaultProfiles: string[];
}

/** Data for the Profiles tree: each compose project, each profile (and none) → the services it starts. */
export function profilesView(analysis: Analysis): ProfilesViewFile[] {
  const out: ProfilesViewFile[] = [];
  const seen = new Set<string>();
  for (const file of analysis.filesOfKind('compose')) {
    const project = analysis.composeProject(file);
    if (!project) continue;
    const key = project.files.join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const main = project.files[project.files.length - 1] === file || project.files.length === 1 ? file : project.files.find((f) => dirName(f) === dirName(file)) ?? file;
    const describe = (name: string): ProfilesViewService => {
      const s = project.services.get(name)!;
      return { name, image: s.image, dockerfile: s.build ? dockerfileOf(main, { context: s.build.context, dockerfile: s.build.dockerfile ? { value: s.build.dockerfile } : undefined }) : undefined };
    };
    const sets: string[] = ['', ...profileNames(project.services)];
    const env = analysis.readText(project.dir ? `${project.dir}/.env` : '.env');
    const defaults = env ? (parseDotEnv(env).get('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter(Boolean) : [];
    out.push({
      path: main,
      defaultProfiles: defaults,
      profiles: sets.map((p) => {
        const selection = enabledServices(project.services, p ? [p] : []);
        return { name: p, services: selection.services.map(describe), missing: selection.missing.map((m) => `${m.service} → ${m.dependency}`) };
      }),
    });
  }
  return out;
}

/** Services a set of active profiles starts, for one compose file (the status-bar choice). */
export function servicesFor(analysis: Analysis, file: string, active: string[]): string[] {
  const project = analysis.composeProject(file);
  return project ? enabledServices(project.services, active).services : [];
}
