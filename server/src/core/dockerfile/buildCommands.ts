import { parseShell } from './shell';
import { argPairs, type DockerfileModel, type Instr, type RunCommand, type RunInfo, type Stage, stageLineage, findStage } from './model';

export type BuildTool = 'go' | 'cargo' | 'npm' | 'make';

export interface BuildWord {
  value: string;
  /** Index in `command.words`. */
  index: number;
}

/** One build command found in a RUN line (or in the Makefile recipe a RUN `make TARGET` runs). */
export interface BuildCommand {
  tool: BuildTool;
  /** `build` / `install` for go and cargo, the script for npm, the target for make. */
  verb: string;
  stage: Stage;
  run: RunInfo;
  command: RunCommand;
  /** Index of the command in `run.commands`. */
  commandIndex: number;
  /** Index of the program word (`go`, `xx-go`, `cargo`) in `command.words`. */
  toolIndex: number;
  /** CGO_ENABLED as this command sees it, and where it comes from. */
  cgoEnabled?: { value: string; from: 'assignment' | 'ENV' | 'ARG' };
  /** WORKDIR the command runs in (container path). */
  workdir: string;
  output?: BuildWord;
  /** Package patterns / paths (`./cmd/server`, `./cmd/...`, `.`). */
  packages: BuildWord[];
  ldflags?: string;
  tags: string[];
  trimpath: boolean;
  /** cargo: `--bin X` names, `--bins`, `--release`, `--target`. */
  bins: string[];
  allBins: boolean;
  release: boolean;
  target?: string;
  /** Names of build ARGs the package or output depends on (`./cmd/${SERVICE}`): one program per build. */
  parametrisedBy: string[];
  /** Set when the command comes from a Makefile recipe (`make TARGET` in the RUN). */
  viaMake?: { target: string; makefile: string };
}

/** A `COPY --from=<stage>` that brings build outputs into a later stage. */
export interface ArtifactCopy {
  stage: Stage;
  instr: Instr;
  from: Stage | undefined;
  fromRef: string;
  sources: string[];
  dest: string;
  /** WORKDIR of the copying stage at the COPY (container path). */
  workdir: string;
}

const GO_VALUED = new Set(['o', 'ldflags', 'tags', 'gcflags', 'asmflags', 'p', 'installsuffix', 'buildmode', 'mod', 'modfile', 'pkgdir', 'toolexec', 'overlay', 'C', 'compiler', 'gccgoflags', 'pgo', 'coverpkg', 'covermode']);
const CARGO_VALUED = new Set(['--bin', '--package', '-p', '--target', '--features', '-F', '--profile', '--manifest-path', '--target-dir', '-j', '--jobs', '--example', '--test', '--bench', '--color', '--config', '-Z']);

function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function isGo(word: string): boolean {
  const name = programName(word);
  return name === 'go' || /^[a-z0-9]+-go$/.test(name) || name === 'garble';
}

function varsIn(value: string): string[] {
  return [...value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}

/** Environment (ENV and ARG defaults) visible in a stage before an instruction, parents first. */
export function stageEnvBefore(model: DockerfileModel, stage: Stage, before: Instr): Map<string, { value: string; from: 'ENV' | 'ARG' }> {
  const env = new Map<string, { value: string; from: 'ENV' | 'ARG' }>();
  const lineage = stageLineage(stage).reverse();
  for (const s of lineage) {
    for (const instr of s.instructions) {
      if (instr === before) return env;
      if (instr.keyword === 'ENV') for (const [k, v] of envPairs(instr.argsText)) env.set(k, { value: v, from: 'ENV' });
      if (instr.keyword === 'ARG') {
        for (const [k, v] of argPairs(instr.argsText)) {
          const global = model.globalArgs.get(k);
          const value = v ?? global;
          if (value !== undefined && env.get(k)?.from !== 'ENV') env.set(k, { value, from: 'ARG' });
        }
      }
    }
  }
  return env;
}

function envPairs(argsText: string): [string, string][] {
  const text = argsText.replace(/\\\r?\n/g, ' ').trim();
  if (!text.includes('=') || /^\S+\s+[^=]*$/.test(text)) {
    const m = /^(\S+)\s+(.*)$/.exec(text);
    return m ? [[m[1], m[2].replace(/^["']|["']$/g, '')]] : [];
  }
  return argPairs(text).map(([k, v]) => [k, v ?? '']);
}

/** WORKDIR in effect before an instruction (container path, `/` by default). */
export function workdirBefore(stage: Stage, before?: Instr): string {
  let dir = '/';
  for (const s of stageLineage(stage).reverse()) {
    for (const instr of s.instructions) {
      if (instr === before) return dir;
      if (instr.keyword === 'WORKDIR') {
        const value = instr.argsText.trim().replace(/^["']|["']$/g, '');
        dir = value.startsWith('/') ? value : `${dir.replace(/\/$/, '')}/${value}`;
      }
    }
  }
  return dir;
}

function parseGoBuild(words: RunCommand['words'], verbIndex: number, build: Partial<BuildCommand>): void {
  build.packages = [];
  build.tags = [];
  for (let i = verbIndex + 1; i < words.length; i++) {
    const value = words[i].value;
    if (value.startsWith('-')) {
      const bare = value.replace(/^--?/, '');
      const eq = bare.indexOf('=');
      const name = eq < 0 ? bare : bare.slice(0, eq);
      let arg: BuildWord | undefined;
      if (eq >= 0) arg = { value: bare.slice(eq + 1), index: i };
      else if (GO_VALUED.has(name) && i + 1 < words.length) arg = { value: words[++i].value, index: i };
      if (name === 'o' && arg) build.output = arg;
      else if (name === 'ldflags' && arg) build.ldflags = arg.value;
      else if (name === 'tags' && arg) build.tags.push(...arg.value.split(/[\s,]+/).filter(Boolean));
      else if (name === 'trimpath') build.trimpath = true;
      continue;
    }
    build.packages.push({ value, index: i });
  }
}

function parseCargoBuild(words: RunCommand['words'], verbIndex: number, build: Partial<BuildCommand>): void {
  build.bins = [];
  build.packages = [];
  for (let i = verbIndex + 1; i < words.length; i++) {
    const value = words[i].value;
    const eq = value.indexOf('=');
    const name = value.startsWith('--') && eq > 0 ? value.slice(0, eq) : value;
    let arg: BuildWord | undefined;
    if (eq > 0 && value.startsWith('--')) arg = { value: value.slice(eq + 1), index: i };
    else if (CARGO_VALUED.has(name) && i + 1 < words.length) arg = { value: words[++i].value, index: i };
    if (name === '--bin' && arg) build.bins.push(arg.value);
    else if (name === '--bins') build.allBins = true;
    else if (name === '--release' || name === '-r') build.release = true;
    else if (name === '--profile' && arg) build.release = arg.value === 'release';
    else if (name === '--target' && arg) build.target = arg.value;
    else if ((name === '--package' || name === '-p') && arg) build.packages.push(arg);
  }
}

function someRunWord(model: DockerfileModel, test: (programName: string) => boolean): boolean {
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      for (const command of run.commands) {
        for (const word of command.words) if (test(programName(word.value))) return true;
      }
    }
  }
  return false;
}

/**
 * False only when `buildCommands` can find no go, cargo or make build in the model: no word of any RUN command is a go
 * tool, `cargo` or `make` (classify's tool is one of the command's words). npm builds are not counted: they never make a
 * program. Cheap (no environment, no Makefile read); the split detection uses it to skip Dockerfiles that build nothing.
 */
export function mayBuildPrograms(model: DockerfileModel): boolean {
  return model.stages.some((stage) => stage.runs.some((run) => commandsMayBuild(run.commands)));
}

/** Answers per RUN analysis: a re-parsed model shares the `commands` of every RUN the edit did not touch. */
const mayBuildMemo = new WeakMap<RunCommand[], boolean>();

function commandsMayBuild(commands: RunCommand[]): boolean {
  let answer = mayBuildMemo.get(commands);
  if (answer === undefined) {
    answer = commands.some((command) => command.words.some((word) => {
      const name = programName(word.value);
      return name === 'cargo' || name === 'make' || isGo(name);
    }));
    mayBuildMemo.set(commands, answer);
  }
  return answer;
}

/** False only when `buildCommands(model)` (no Makefiles read) has no go build: no word of any RUN command is a go tool. */
export function mayBuildGo(model: DockerfileModel): boolean {
  return someRunWord(model, isGo);
}

/**
 * Every build command of the Dockerfile, in order: `go build`/`go install` (and wrappers such as `xx-go`),
 * `cargo build`/`cargo install` (also `cargo auditable build`), `npm run X` / `yarn X` / `pnpm X`, and `make TARGET` whose recipe (read through
 * `readMakefile`, given the Makefile's name) runs `go build`. With `stages`, those stages' only (what a command is
 * read with comes from its stage and the stages that one is built FROM).
 */
export function buildCommands(model: DockerfileModel, readMakefile?: (name: string) => string | undefined, stages: Stage[] = model.stages): BuildCommand[] {
  const out: BuildCommand[] = [];
  for (const stage of stages) {
    for (const run of stage.runs) {
      // The same for every command of the RUN; worked out once, and only for a RUN that has a command at all.
      let env: ReturnType<typeof stageEnvBefore> | undefined;
      let workdir: string | undefined;
      run.commands.forEach((command, commandIndex) => {
        env ??= stageEnvBefore(model, stage, run.instr);
        workdir ??= workdirBefore(stage, run.instr);
        const found = classify(command, commandIndex, stage, run, env, workdir, readMakefile);
        out.push(...found);
      });
    }
  }
  return out;
}

function classify(
  command: RunCommand,
  commandIndex: number,
  stage: Stage,
  run: RunInfo,
  env: Map<string, { value: string; from: 'ENV' | 'ARG' }>,
  workdir: string,
  readMakefile?: (name: string) => string | undefined,
): BuildCommand[] {
  const words = command.words;
  let toolIndex = 0;
  const assignments: Record<string, string> = { ...command.env };
  // `env A=B go build`
  if (words[0] && programName(words[0].value) === 'env') {
    toolIndex = 1;
    while (toolIndex < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[toolIndex].value)) {
      const w = words[toolIndex].value;
      assignments[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
      toolIndex++;
    }
  }
  const tool = words[toolIndex]?.value;
  if (!tool) return [];
  const verb = words[toolIndex + 1]?.value;
  const base = (): BuildCommand => {
    const cgo = assignments.CGO_ENABLED !== undefined ? { value: assignments.CGO_ENABLED, from: 'assignment' as const } : env.get('CGO_ENABLED');
    return {
      tool: 'go',
      verb: verb ?? '',
      stage,
      run,
      command,
      commandIndex,
      toolIndex,
      cgoEnabled: cgo ? { value: cgo.value, from: cgo.from } : undefined,
      workdir,
      packages: [],
      tags: [],
      trimpath: false,
      bins: [],
      allBins: false,
      release: false,
      parametrisedBy: [],
    };
  };
  const name = programName(tool);
  if (isGo(tool) && (verb === 'build' || verb === 'install')) {
    const build = base();
    parseGoBuild(words, toolIndex + 1, build);
    build.parametrisedBy = [...new Set([...build.packages.flatMap((p) => varsIn(p.value)), ...varsIn(build.output?.value ?? '')])];
    return [build];
  }
  // `cargo auditable build` (cargo-auditable embeds the dependency list) builds what `cargo build` builds.
  const cargoVerbAt = name === 'cargo' && verb === 'auditable' ? toolIndex + 2 : toolIndex + 1;
  const cargoVerb = words[cargoVerbAt]?.value;
  if (name === 'cargo' && (cargoVerb === 'build' || cargoVerb === 'install')) {
    const build = { ...base(), verb: cargoVerb, tool: 'cargo' as const, cgoEnabled: undefined };
    parseCargoBuild(words, cargoVerbAt, build);
    build.parametrisedBy = [...new Set(build.bins.flatMap(varsIn))];
    return [build];
  }
  if ((name === 'npm' || name === 'pnpm' || name === 'yarn') && verb) {
    const script = verb === 'run' || verb === 'run-script' ? words[toolIndex + 2]?.value : verb;
    if (script && /^build/.test(script)) return [{ ...base(), tool: 'npm', verb: script, cgoEnabled: undefined }];
    return [];
  }
  if (name === 'make' && readMakefile) {
    let makefile = 'Makefile';
    const targets: string[] = [];
    const overrides = new Map<string, string>();
    for (let i = toolIndex + 1; i < words.length; i++) {
      const w = words[i].value;
      if ((w === '-f' || w === '--file') && words[i + 1]) makefile = words[++i].value;
      else if (w === '-C' && words[i + 1]) i++;
      else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) overrides.set(w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1));
      else if (!w.startsWith('-')) targets.push(w);
    }
    const text = readMakefile(makefile);
    if (text === undefined) return [];
    const recipes = makeRecipes(text, overrides);
    const wanted = targets.length ? targets : recipes.defaultTarget ? [recipes.defaultTarget] : [];
    const out: BuildCommand[] = [];
    for (const target of wanted) {
      for (const line of recipeLines(recipes, target, new Set())) {
        const parsed = parseShell(line);
        for (const c of parsed.commands) {
          const inner: RunCommand = { words: c.argv.map((w) => ({ value: w.value, range: command.range })), env: c.env, range: command.range };
          for (const b of classify(inner, commandIndex, stage, run, env, workdir)) {
            if (b.tool !== 'go') continue;
            // Edits address the RUN's `make TARGET` command, not the Makefile.
            out.push({ ...b, command, viaMake: { target, makefile } });
          }
        }
      }
    }
    return out;
  }
  return [];
}

interface MakeRule {
  deps: string[];
  lines: string[];
}

interface MakeRecipes {
  defaultTarget?: string;
  targets: Map<string, MakeRule>;
  /** Pattern rules (`$(BLDDIR)/%: …`), target pattern with one `%`. */
  patterns: { target: string; rule: MakeRule }[];
  vars: Map<string, string>;
}

/** Expands `$(VAR)` / `${VAR}` (nested, bounded) with make variables; `$$` stays for the shell. */
function expandMake(text: string, vars: Map<string, string>, depth = 0): string {
  if (depth > 10) return text;
  return text.replace(/\$(?:\(([A-Za-z_][A-Za-z0-9_]*)\)|\{([A-Za-z_][A-Za-z0-9_]*)\})/g, (m, a, b) => {
    const v = vars.get(a ?? b);
    return v === undefined ? m : expandMake(v, vars, depth + 1);
  });
}

function makeRecipes(text: string, overrides: Map<string, string> = new Map()): MakeRecipes {
  const targets = new Map<string, MakeRule>();
  const patterns: { target: string; rule: MakeRule }[] = [];
  let defaultTarget: string | undefined;
  let current: MakeRule | undefined;
  const vars = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(0, 20_000)) {
    if (line.startsWith('\t')) {
      if (current) current.lines.push(line.slice(1).replace(/^[@-]+/, ''));
      continue;
    }
    const assign = /^(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*([:?+]?)=\s*(.*)$/.exec(line);
    if (assign) {
      const [, name, op, value] = assign;
      if (op === '?' && vars.has(name)) continue;
      const v = op === ':' ? expandMake(value.trim(), vars) : value.trim();
      vars.set(name, op === '+' && vars.has(name) ? `${vars.get(name)} ${v}` : v);
      current = undefined;
      continue;
    }
    const rule = /^([^:#=\s][^:#=]*?)\s*::?\s*([^=]*)$/.exec(line);
    if (rule) {
      const all = new Map([...vars, ...overrides]);
      const heads = expandMake(rule[1], all).split(/\s+/).filter(Boolean);
      const rest = rule[2].replace(/\s*;.*$/, '');
      // Static pattern rule: `targets: target-pattern: prereq-patterns`.
      const stat = /^([^:]*%[^:]*):(.*)$/.exec(rest);
      current = { deps: [], lines: [] };
      for (const t of heads) {
        if (t.startsWith('.')) continue;
        if (stat) {
          const [pre, post] = stat[1].trim().split('%');
          const stem = t.startsWith(pre) && t.endsWith(post ?? '') ? t.slice(pre.length, t.length - (post ?? '').length) : t;
          const own: MakeRule = { deps: expandMake(stat[2], all).split(/\s+/).filter(Boolean).map((d) => d.replace('%', stem)), lines: current.lines };
          targets.set(t, own);
        } else if (t.includes('%')) patterns.push({ target: t, rule: current });
        else targets.set(t, current);
        if (!t.includes('%')) defaultTarget ??= t;
      }
      if (!stat) current.deps = expandMake(rest, all).split(/\s+/).filter(Boolean);
    } else if (line.trim() && !line.startsWith('#')) current = undefined;
  }
  for (const [k, v] of overrides) vars.set(k, v);
  return { defaultTarget, targets, patterns, vars };
}

/** Recipe lines of a target and its prerequisites, with `$@`, `$*`, `$<`, `$^` and make variables expanded. */
function recipeLines(recipes: MakeRecipes, target: string, seen: Set<string>): string[] {
  if (seen.has(target) || seen.size > 100) return [];
  seen.add(target);
  const explicit = recipes.targets.get(target);
  let rule = explicit;
  let stem = '';
  // A target without a recipe of its own gets the recipe of a matching pattern rule (its prerequisites add up).
  if (!rule?.lines.length) {
    for (const p of recipes.patterns) {
      const [pre, post] = p.target.split('%');
      if (target.startsWith(pre) && target.endsWith(post) && target.length >= pre.length + post.length) {
        rule = { deps: [...(explicit?.deps ?? []), ...p.rule.deps], lines: p.rule.lines };
        stem = target.slice(pre.length, target.length - post.length);
        break;
      }
    }
  }
  if (!rule) return [];
  const deps = rule.deps.filter((d) => !/^\$\(|\*/.test(d)).map((d) => (d.includes('%') ? d.replace('%', stem) : d));
  const auto = new Map(recipes.vars);
  const lines = rule.lines.map((l) =>
    expandMake(l, auto)
      .replace(/\$@|\$\(@\)/g, target)
      .replace(/\$\*|\$\(\*\)/g, stem)
      .replace(/\$<|\$\(<\)/g, deps[0] ?? '')
      .replace(/\$\^|\$\(\^\)/g, deps.join(' '))
      .replace(/\$\$/g, '$'),
  );
  return [...deps.flatMap((d) => recipeLines(recipes, d, seen)), ...lines];
}

/** `COPY --from=stage src... dest` instructions, with the stage they copy from. */
export function artifactCopies(model: DockerfileModel): ArtifactCopy[] {
  const out: ArtifactCopy[] = [];
  for (const stage of model.stages) {
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'COPY') continue;
      const fromFlag = instr.flags.find((f) => f.name.toLowerCase() === 'from');
      if (!fromFlag?.value) continue;
      const args = copyArgs(instr);
      if (args.length < 2) continue;
      out.push({
        stage,
        instr,
        from: findStage(model, fromFlag.value),
        fromRef: fromFlag.value,
        sources: args.slice(0, -1),
        dest: args[args.length - 1],
        workdir: workdirBefore(stage, instr),
      });
    }
  }
  return out;
}

/** COPY/ADD arguments without flags, JSON form understood. */
export function copyArgs(instr: Instr): string[] {
  const text = instr.argsText.replace(/\\\r?\n/g, ' ').trim();
  const withoutFlags = text.replace(/^(?:--\S+\s+)*/, '');
  if (withoutFlags.startsWith('[')) {
    try {
      const arr = JSON.parse(withoutFlags);
      if (Array.isArray(arr)) return arr.map(String);
    } catch {
      /* fall through */
    }
  }
  return withoutFlags.split(/\s+/).filter(Boolean);
}

/** Resolves a path against a container working directory. */
export function containerPath(workdir: string, path: string): string {
  const abs = path.startsWith('/') ? path : `${workdir.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const seg of abs.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/') + (path.endsWith('/') && out.length ? '/' : '');
}
