// The ecosystem check: runs the same core as `dockwright check` (and dry runs of `split` and `profiles`) on every
// repository of the corpus, and compares the result with the committed snapshot and the reviewed verdicts.
// Used by `npm run ecosystem` (test/ecosystem/run.ts) and by test/unit/ecosystem.test.ts. See docs/ecosystem.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analysis } from '../../server/src/core/analysis';
import { checkFiles } from '../../server/src/core/check';
import { mergeConfigs } from '../../server/src/core/config';
import { maxFileBytes } from '../../server/src/core/limits';
import { planProfiles } from '../../server/src/core/profiles';
import { planSplit } from '../../server/src/core/split';
import { baseName, fileKind } from '../../server/src/core/workspace';
import { readWorkspaceConfig } from '../../server/src/node/configFile';
import { SnapshotFsWorkspace } from '../../server/src/node/snapshotWorkspace';

export const HERE = __dirname;
export const ROOT = path.resolve(HERE, '../..');
export const SNAPSHOT = path.join(HERE, 'snapshot.json');
export const VERDICTS = path.join(HERE, 'verdicts.json');
export const PRECISION = path.join(HERE, 'PRECISION.md');
export const REPOS = path.join(HERE, 'repos.json');

/** Where the corpus is looked for, first hit wins (it is built by collect.mjs and not committed: docs/ecosystem.md). */
export function corpusCandidates(): string[] {
  return [
    process.env.DOCKWRIGHT_ECOSYSTEM_CORPUS,
    path.join(HERE, 'corpus'),
    path.join(ROOT, '..', 'shared', 'ecosystem-corpus'),
    '/work/shared/ecosystem-corpus',
  ].filter((p): p is string => !!p);
}

export function findCorpus(): string | undefined {
  return corpusCandidates().find((p) => fs.existsSync(path.join(p, 'PROVENANCE.json')));
}

export interface RepoSpec {
  repo: string;
  commit: string;
  licence: string;
  licenceFiles: string[];
  why: string;
}

export function readRepos(): RepoSpec[] {
  return JSON.parse(fs.readFileSync(REPOS, 'utf8')).repos;
}

export interface SplitSummary {
  dockerfile: string;
  /** Why split refused, or undefined when it planned files. */
  refused?: string;
  programs?: string[];
  creates?: string[];
  edits?: string[];
  deletes?: string[];
}

export interface ProfilesSummary {
  file: string;
  edits: string[];
  creates: string[];
  notes: string[];
}

export interface RepoResult {
  repo: string;
  commit: string;
  /** `file:line:col severity CODE message`, file relative to the repository, sorted. */
  findings: string[];
  splits: SplitSummary[];
  profiles: ProfilesSummary[];
  /** Rules that threw: each is a bug worth a finding of its own. */
  ruleErrors: string[];
}

export interface Snapshot {
  repos: RepoResult[];
}

const DEFAULT_COMPOSE = new Set(['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']);

function dirFolder(repo: string): string {
  return repo.replace('/', '__');
}

/** Checks one repository folder the way `dockwright check DIR` does, then dry-runs split and profiles. */
export function checkRepo(corpus: string, spec: RepoSpec): RepoResult {
  const root = path.join(corpus, dirFolder(spec.repo));
  const workspace = new SnapshotFsWorkspace(root);
  const { config } = readWorkspaceConfig(workspace);
  const merged = mergeConfigs(config);
  const analysis = new Analysis(workspace, merged);
  workspace.maxFileBytes = maxFileBytes(analysis.config);
  const files = workspace.listFiles('').filter((f) => fileKind(f) !== 'other');
  const ruleErrors: string[] = [];
  const found = checkFiles(files, analysis, { onRuleError: (code, file) => ruleErrors.push(`${code} ${file}`) });
  const findings = found
    .map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message.replace(/\s+/g, ' ')}`)
    .sort(compareFindingLines);
  const splits: SplitSummary[] = [];
  const monoliths = [...new Set(found.filter((f) => f.code === 'DW101').map((f) => f.file))].sort();
  for (const dockerfile of monoliths) {
    try {
      const result = planSplit(workspace, dockerfile, { layout: 'files', config: merged });
      if (result.notMonolithReason) splits.push({ dockerfile, refused: result.notMonolithReason });
      else
        splits.push({
          dockerfile,
          programs: result.programs.map((p) => p.name).sort(),
          creates: result.plan.creates.map((c) => c.path).sort(),
          edits: result.plan.edits.map((e) => e.path).sort(),
          deletes: result.plan.deletes.map((d) => d.path).sort(),
        });
    } catch (err) {
      splits.push({ dockerfile, refused: `THREW: ${(err as Error).message}` });
    }
  }
  const profiles: ProfilesSummary[] = [];
  for (const file of files.filter((f) => fileKind(f) === 'compose' && DEFAULT_COMPOSE.has(baseName(f))).sort()) {
    try {
      const { plan, notes } = planProfiles(workspace, file, { strategy: 'twins' });
      profiles.push({
        file,
        edits: [...new Set(plan.edits.map((e) => e.path))].sort(),
        creates: plan.creates.map((c) => c.path).sort(),
        notes: notes.map((n) => n.replace(/\s+/g, ' ')),
      });
    } catch (err) {
      profiles.push({ file, edits: [], creates: [], notes: [`THREW: ${(err as Error).message}`] });
    }
  }
  return { repo: spec.repo, commit: spec.commit, findings, splits, profiles, ruleErrors: ruleErrors.sort() };
}

/** Sort by file, then line, then column numerically, then the rest. */
export function compareFindingLines(a: string, b: string): number {
  const pa = /^(.*?):(\d+):(\d+) (.*)$/.exec(a);
  const pb = /^(.*?):(\d+):(\d+) (.*)$/.exec(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  if (pa[1] !== pb[1]) return pa[1] < pb[1] ? -1 : 1;
  const d = Number(pa[2]) - Number(pb[2]) || Number(pa[3]) - Number(pb[3]);
  if (d) return d;
  return pa[4] < pb[4] ? -1 : pa[4] > pb[4] ? 1 : 0;
}

export function runEcosystem(corpus: string, only?: (repo: string) => boolean): Snapshot {
  const repos = readRepos().filter((r) => !only || only(r.repo));
  for (const spec of repos) {
    if (!fs.existsSync(path.join(corpus, dirFolder(spec.repo)))) throw new Error(`${spec.repo} is missing from the corpus at ${corpus}: rebuild it with node test/ecosystem/collect.mjs`);
  }
  return { repos: repos.map((spec) => checkRepo(corpus, spec)).sort((a, b) => (a.repo < b.repo ? -1 : 1)) };
}

export function serialise(snapshot: Snapshot): string {
  return JSON.stringify(snapshot, null, 1) + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Finding classes and verdicts

export interface ParsedFinding {
  repo: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

export function parseFinding(repo: string, line: string): ParsedFinding {
  const m = /^(.*?):(\d+):(\d+) (\w+) (\w+) (.*)$/.exec(line);
  if (!m) throw new Error(`unparsable snapshot line in ${repo}: ${line}`);
  return { repo, file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4], code: m[5], message: m[6] };
}

/**
 * The class of a finding: its rule code and the shape of its message, with quoted text, numbers, paths, image
 * references and lists of names replaced by placeholders, so the same mistake in many files is one class.
 */
export function findingClass(code: string, message: string): string {
  let shape = message;
  if (code === 'DW101') {
    // The program lists and the compose/cgo sentences vary per repository; the sentence kinds make the class.
    shape =
      'This Dockerfile builds N programs (…) into one image.' +
      (/Compose runs/.test(message) ? ' Compose runs … from it.' : '') +
      (/need cgo/.test(message) ? ' Only … need cgo; … are pure Go yet ship with its C dependencies.' : '');
  }
  for (const [re, to] of NAME_SLOTS) shape = shape.replace(re, to);
  shape = shape
    .replace(/"[^"]*"/g, '"…"')
    .replace(/`[^`]*`/g, (m) => (code === 'DW106' ? m : '`…`'))
    .replace(/'[^']*'/g, "'…'")
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '$VAR')
    .replace(/\b[\w.-]+(\/[\w.-]+)+\b/g, 'PATH')
    .replace(/\b\d+([.:]\d+)*\b/g, 'N')
    .replace(/\([^()]*\)/g, (m) => (m.includes('$VAR') ? '(…$VAR…)' : /^\(line N\)$/.test(m) ? m : '(…)'))
    .replace(/\s+/g, ' ')
    .trim();
  return `${code} ${shape}`;
}

/** Unquoted names in messages (files, images, variables, tools, profiles), replaced before the generic placeholders. */
const NAME_SLOTS: [RegExp, string][] = [
  [/^\S*(?:Dockerfile|dockerfile)\S* exposes port/, 'FILE exposes port'],
  [/whether \S+ has wget or curl/, 'whether IMAGE has wget or curl'],
  [/\. \S+ has neither wget nor curl/, '. IMAGE has neither wget nor curl'],
  [/^Base image \S+ (has no tag|uses)/, 'Base image IMAGE $1'],
  [/^\S+ of ("[^"]*") is hard-coded/, 'VAR of $1 is hard-coded'],
  [/^[\w ,.-]+? runs without a BuildKit cache mount/, 'TOOL runs without a BuildKit cache mount'],
  [/mount \S+( and \S+)* as a cache/, 'mount … as a cache'],
  [/^ADD of local \S+ does/, 'ADD of local SRC does'],
  [/publishes .+? to the host/, 'publishes PORTS to the host'],
  [/^\S+ is built with cgo and links \S+, but/, 'PROGRAM is built with cgo and links LIB, but'],
  [/nothing copies \S+ into a PATH folder/, 'nothing copies FILE into a PATH folder'],
  [/^The final image is \S+, which ships/, 'The final image is IMAGE, which ships'],
  [/starts with profile \S+, next/, 'starts with profile PROFILE, next'],
  [/^COPY \. comes before [\w -]+ \(line/, 'COPY . comes before INSTALL (line'],
  [/but \S+ does not EXPOSE it/, 'but FILE does not EXPOSE it'],
  [/^\S+ (build|install) without -ldflags/, 'GO $1 without -ldflags'],
  [/\(the final stage \(([^)]*)\)/, '(the final stage (…)'],
];

export type Verdict = 'true' | 'debatable' | 'false';

export interface VerdictEntry {
  verdict: Verdict;
  reason: string;
}

export interface Verdicts {
  /** Keyed by findingClass(). */
  classes: Record<string, VerdictEntry>;
  /** Per-finding overrides, keyed `owner/name:file:CODE` (all findings of that code in that file) or `owner/name:file:line:CODE`. */
  findings: Record<string, VerdictEntry>;
}

export function readVerdicts(): Verdicts {
  if (!fs.existsSync(VERDICTS)) return { classes: {}, findings: {} };
  const v = JSON.parse(fs.readFileSync(VERDICTS, 'utf8'));
  return { classes: v.classes ?? {}, findings: v.findings ?? {} };
}

export function verdictOf(f: ParsedFinding, verdicts: Verdicts): VerdictEntry | undefined {
  const sev = `${f.code}@${f.severity}`;
  return (
    verdicts.findings[`${f.repo}:${f.file}:${f.line}:${f.code}`] ??
    verdicts.findings[`${f.repo}:${f.file}:${sev}`] ??
    verdicts.findings[`${f.repo}:${f.file}:${f.code}`] ??
    prefixVerdict(f, verdicts) ??
    verdicts.classes[findingClass(f.code, f.message)]
  );
}

/** `owner/name:folder/*:CODE` (or `owner/name:*:CODE`): every finding of that code in files under that prefix; the longest prefix wins. */
function prefixVerdict(f: ParsedFinding, verdicts: Verdicts): VerdictEntry | undefined {
  let best: [number, VerdictEntry] | undefined;
  for (const [key, entry] of Object.entries(verdicts.findings)) {
    const m = /^([^:]+):([^:]*)\*:(\w+)(?:@(\w+))?$/.exec(key);
    if (!m || m[1] !== f.repo || m[3] !== f.code || !f.file.startsWith(m[2])) continue;
    if (m[4] && m[4] !== f.severity) continue;
    // The longest prefix wins; at equal length a severity-qualified key (`CODE@info`) beats the plain one.
    const rank = m[2].length * 2 + (m[4] ? 1 : 0);
    if (!best || rank > best[0]) best = [rank, entry];
  }
  return best?.[1];
}

/** Whether a per-finding or prefix key matches a finding. */
export function keyMatches(key: string, f: ParsedFinding): boolean {
  const m = /^([^:]+):([^:]*)\*:(\w+)(?:@(\w+))?$/.exec(key);
  if (m) return m[1] === f.repo && m[3] === f.code && f.file.startsWith(m[2]) && (!m[4] || m[4] === f.severity);
  return (
    key === `${f.repo}:${f.file}:${f.code}` ||
    key === `${f.repo}:${f.file}:${f.code}@${f.severity}` ||
    key === `${f.repo}:${f.file}:${f.line}:${f.code}`
  );
}

export function allFindings(snapshot: Snapshot): ParsedFinding[] {
  return snapshot.repos.flatMap((r) => r.findings.map((l) => parseFinding(r.repo, l)));
}

/** Findings whose verdict is missing (neither their class nor an override is reviewed). */
export function unreviewed(snapshot: Snapshot, verdicts: Verdicts): ParsedFinding[] {
  return allFindings(snapshot).filter((f) => !verdictOf(f, verdicts));
}

export interface SeverityRow {
  severity: string;
  count: number;
  true: number;
  debatable: number;
  false: number;
  unreviewed: number;
}

export function precision(snapshot: Snapshot, verdicts: Verdicts): SeverityRow[] {
  const rows = new Map<string, SeverityRow>();
  for (const s of ['error', 'warning', 'info', 'hint']) rows.set(s, { severity: s, count: 0, true: 0, debatable: 0, false: 0, unreviewed: 0 });
  for (const f of allFindings(snapshot)) {
    const row = rows.get(f.severity)!;
    row.count++;
    const v = verdictOf(f, verdicts)?.verdict;
    if (v) row[v]++;
    else row.unreviewed++;
  }
  return [...rows.values()];
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)} %`);

/** The precision table (Markdown) with each severity's target and whether it is met. */
export function precisionTable(rows: SeverityRow[]): string {
  const get = (s: string) => rows.find((r) => r.severity === s)!;
  const e = get('error');
  const w = get('warning');
  const infos = [get('info'), get('hint')].reduce((a, r) => ({ ...a, count: a.count + r.count, true: a.true + r.true, debatable: a.debatable + r.debatable, false: a.false + r.false, unreviewed: a.unreviewed + r.unreviewed }), { ...get('info'), severity: 'info', count: 0, true: 0, debatable: 0, false: 0, unreviewed: 0 });
  const line = (r: SeverityRow, measure: string, target: string, met: boolean) =>
    `| ${r.severity} | ${r.count} | ${r.true} | ${r.debatable} | ${r.false} | ${r.unreviewed} | ${measure} | ${target} | ${met ? 'yes' : '**no**'} |`;
  return [
    '| severity | findings | true | debatable | false | unreviewed | measure | target | met |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
    line(e, `${e.false} false`, 'none false', e.false === 0 && e.unreviewed === 0),
    line(w, `${pct(w.true, w.count)} true`, '≥ 90 % true', w.count === 0 || (w.true / w.count >= 0.9 && w.unreviewed === 0)),
    line(infos, `${pct(infos.false, infos.count)} false`, '≤ 5 % false', infos.count === 0 || (infos.false / infos.count <= 0.05 && infos.unreviewed === 0)),
  ].join('\n');
}

export interface ClassCount {
  cls: string;
  verdict: Verdict | 'unreviewed';
  severity: string;
  count: number;
  reason: string;
  example: string;
}

/** Every class with its count, split by the verdict its findings got (a class with overrides appears once per verdict). */
export function classCounts(snapshot: Snapshot, verdicts: Verdicts): ClassCount[] {
  const map = new Map<string, ClassCount>();
  for (const f of allFindings(snapshot)) {
    const cls = findingClass(f.code, f.message);
    const v = verdictOf(f, verdicts);
    const verdict = v?.verdict ?? 'unreviewed';
    const key = `${cls}\u0000${verdict}\u0000${f.severity}`;
    const hit = map.get(key);
    if (hit) hit.count++;
    else map.set(key, { cls, verdict, severity: f.severity, count: 1, reason: v?.reason ?? '', example: `${f.repo}/${f.file}:${f.line}` });
  }
  return [...map.values()].sort((a, b) => (a.cls < b.cls ? -1 : a.cls > b.cls ? 1 : a.verdict < b.verdict ? -1 : 1));
}

export function precisionReport(snapshot: Snapshot, verdicts: Verdicts): string {
  const rows = precision(snapshot, verdicts);
  const counts = classCounts(snapshot, verdicts);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const wrong = counts.filter((c) => c.verdict !== 'true').sort((a, b) => (a.verdict < b.verdict ? 1 : a.verdict > b.verdict ? -1 : b.count - a.count));
  const findings = allFindings(snapshot).length;
  return `# Ecosystem precision (generated)

Generated by \`npm run ecosystem -- --update\` from \`snapshot.json\` and the reviewed \`verdicts.json\`; do not edit.
${snapshot.repos.length} repositories, ${findings} findings, ${new Set(counts.map((c) => c.cls)).size} finding classes. How to read and
update it: [docs/ecosystem.md](../../docs/ecosystem.md).

${precisionTable(rows)}

## Classes that are not (all) true

| verdict | severity | findings | class | example | reason |
| --- | --- | ---: | --- | --- | --- |
${wrong.map((c) => `| ${c.verdict} | ${c.severity} | ${c.count} | ${esc(c.cls)} | ${esc(c.example)} | ${esc(c.reason)} |`).join('\n')}
`;
}

// ---------------------------------------------------------------------------------------------------------------
// Diffs

/** A readable diff of two snapshots: findings and plans that appeared (+) or disappeared (-), per repository. */
export function diffSnapshots(before: Snapshot, after: Snapshot): string {
  const out: string[] = [];
  const byRepo = (s: Snapshot) => new Map(s.repos.map((r) => [r.repo, r]));
  const a = byRepo(before);
  const b = byRepo(after);
  const repos = [...new Set([...a.keys(), ...b.keys()])].sort();
  const lines = (r: RepoResult | undefined) => [
    ...(r?.findings ?? []),
    ...(r?.splits ?? []).map((s) => `split ${s.dockerfile}: ${JSON.stringify({ ...s, dockerfile: undefined })}`),
    ...(r?.profiles ?? []).map((p) => `profiles ${p.file}: ${JSON.stringify({ ...p, file: undefined })}`),
    ...(r?.ruleErrors ?? []).map((e) => `rule threw: ${e}`),
  ];
  for (const repo of repos) {
    const la = lines(a.get(repo));
    const lb = lines(b.get(repo));
    const sa = new Set(la);
    const sb = new Set(lb);
    const gone = la.filter((l) => !sb.has(l));
    const came = lb.filter((l) => !sa.has(l));
    if (!gone.length && !came.length) continue;
    out.push(`${repo}:`);
    for (const l of gone) out.push(`  - ${l}`);
    for (const l of came) out.push(`  + ${l}`);
  }
  return out.join('\n');
}
