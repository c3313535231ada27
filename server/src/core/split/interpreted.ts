/**
 * Interpreted programs (Node/TypeScript, Python) of one image: which system packages each program needs, read from
 * the import graph of its entry (native modules and tool wrappers from the needs table, tools its code starts), and
 * whether that tells the programs apart. Split splits such an image only when it does; otherwise it refuses with
 * the reason.
 */
import { containerPath, copyArgs, workdirBefore } from '../dockerfile/buildCommands';
import { findStage, stageLineage, type DockerfileModel, type PackageInstall, type Stage } from '../dockerfile/model';
import { isBuildOnlyPackage } from '../golang/cgoTable';
import { chainTo, DEFAULT_BOUNDS, walkImports, type GraphBounds, type ImportGraph } from '../interpreted/graph';
import { needsTable, packageStem, packageUsers, type Manager } from '../interpreted/needsTable';
import { JsResolver, parseJsonc, scanJs } from '../node/jsImports';
import { npmLockGraph, pythonLockGraph, type LockGraph } from '../interpreted/lockGraph';
import { PyResolver, scanPython } from '../python/pyImports';
import { dirName, joinPath, type Workspace } from '../workspace';
import type { Discovery, Program } from './programs';
import type { ComposeService } from './services';

export type InterpretedLanguage = 'node' | 'python';

/** What one interpreted program needs, as far as the analysis can prove it. */
export interface InterpretedNeeds {
  language: InterpretedLanguage;
  /** Workspace file of its entry (after `dist/x.js` → `src/x.ts`). */
  entry?: string;
  /** Container path of the file the image runs (`/app/dist/worker.js`). */
  entryContainerPath?: string;
  graph?: ImportGraph;
  /** Need key (`tool:ffmpeg`, `npm:sharp`, `pypi:PIL`) → how the program reaches it. */
  needs: Map<string, string>;
  /** Why the analysis may have missed a need (then the program keeps every package). */
  incomplete: string[];
}

export interface InterpretedPlan {
  language: InterpretedLanguage;
  needs: Map<Program, InterpretedNeeds>;
  /** Per program: packages (as written) it does not need, to remove from its file. */
  drops: Map<Program, Set<string>>;
  /** Packages kept in every file, and why. */
  kept: string[];
  /** Set when no program can drop anything: the refusal's detail ("all processes share every package: …"). */
  refusal?: string;
}

const NODE_RUNNERS = /^(?:node|nodejs|bun|tsx|ts-node|ts-node-dev|ts-node-esm)$/;
const NODE_VALUED = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--title', '--max-old-space-size', '-P', '--project']);
const PY_RUNNERS = /^python[0-9.]*$/;
const PY_SERVERS = /^(?:gunicorn|uvicorn|hypercorn|daphne|granian)$/;

interface Entry {
  /** Container path of a file, or a Python module name. */
  path?: string;
  module?: string;
  /** Modules preloaded before it (`node -r dotenv/config`). */
  preload: string[];
  problem?: string;
}

const words = (s: string) => s.match(/"[^"]*"|'[^']*'|\S+/g)?.map((w) => w.replace(/^["']|["']$/g, '')) ?? [];

/** The file or module a command runs (`node -r x dist/a.js`, `python -m app.worker`, `celery -A app worker`, `gunicorn app.wsgi:app`). */
export function entryOfCommand(argv: string[], scripts: Record<string, string> | undefined, depth = 0): Entry[] {
  let a = [...argv];
  while (a.length && /^[A-Z_][A-Z0-9_]*=/.test(a[0])) a.shift();
  if (a[0] === 'cross-env' || a[0] === 'dotenv' || a[0] === 'exec') {
    a = a.slice(1);
    while (a.length && (/^[A-Z_][A-Z0-9_]*=/.test(a[0]) || a[0] === '--')) a.shift();
  }
  if (a[0] === 'npx' || a[0] === 'pnpm' && a[1] === 'exec') a = a.slice(a[0] === 'npx' ? 1 : 2);
  const tool = (a[0] ?? '').split('/').pop()!;
  const rest = a.slice(1);
  if (/^(?:npm|yarn|pnpm|bun)$/.test(tool) && !(tool === 'bun' && rest[0] && /\.[cm]?[jt]sx?$/.test(rest[0]))) {
    const name = rest[0] === 'run' || rest[0] === 'run-script' ? rest[1] : rest[0];
    const script = name && scripts?.[name === 'start' && !scripts.start ? 'start' : name];
    if (!name) return [{ preload: [], problem: `\`${argv.join(' ')}\` names no script` }];
    if (!script) return name === 'start' ? [{ path: 'server.js', preload: [] }] : [{ preload: [], problem: `package.json has no script ${name}` }];
    if (depth > 3) return [{ preload: [], problem: `script ${name} nests too deeply` }];
    const parts = script.split(/&&|\|\||;/).map((p) => words(p.trim())).filter((w) => w.length);
    const out = parts.flatMap((p) => entryOfCommand(p, scripts, depth + 1)).filter((e) => e.path || e.module || e.problem);
    const runs = out.filter((e) => !e.problem);
    return runs.length ? runs : out.length ? out : [{ preload: [], problem: `script ${name} (\`${script}\`) runs no program Dockwright can follow` }];
  }
  if (NODE_RUNNERS.test(tool)) {
    const preload: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i];
      if (w === '-e' || w === '--eval' || w === '-p') return [{ preload, problem: `\`${tool} ${w}\` runs inline code` }];
      if (NODE_VALUED.has(w)) {
        if (w === '-r' || w === '--require' || w === '--import') preload.push(rest[i + 1]);
        i++;
        continue;
      }
      if (w.startsWith('-')) {
        const eq = /^(--require|--import)=(.+)$/.exec(w);
        if (eq) preload.push(eq[2]);
        continue;
      }
      if (tool === 'bun' && w === 'run') continue;
      return [{ path: w, preload }];
    }
    return [{ preload, problem: `\`${argv.join(' ')}\` runs no file` }];
  }
  if (PY_RUNNERS.test(tool)) {
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i];
      if (w === '-c') return [{ preload: [], problem: `\`${tool} -c\` runs inline code` }];
      if (w === '-m') {
        // `python -m celery -A app worker` runs what celery runs; `python -m app.worker` runs that module.
        const sub = depth < 4 ? entryOfCommand(rest.slice(i + 1), scripts, depth + 1) : [];
        if (sub.some((e) => !e.problem)) return sub;
        return /^[\w.]+$/.test(rest[i + 1] ?? '') ? [{ module: rest[i + 1], preload: [] }] : [{ preload: [], problem: `\`${argv.join(' ')}\` runs no module` }];
      }
      if (w === '-W' || w === '-X') {
        i++;
        continue;
      }
      if (w.startsWith('-')) continue;
      return [{ path: w, preload: [] }];
    }
    return [{ preload: [], problem: `\`${argv.join(' ')}\` runs no file` }];
  }
  if (tool === 'celery') {
    const i = rest.findIndex((w) => w === '-A' || w === '--app' || w.startsWith('--app=') || w.startsWith('-A'));
    if (i < 0) return [{ preload: [], problem: `\`${argv.join(' ')}\` names no app (-A)` }];
    const value = rest[i].includes('=') ? rest[i].split('=')[1] : rest[i].length > 2 && rest[i].startsWith('-A') ? rest[i].slice(2) : rest[i + 1];
    const mod = (value ?? '').split(':')[0];
    return mod ? [{ module: mod, preload: [`?${mod}.celery`] }] : [{ preload: [], problem: 'celery -A names no module' }];
  }
  if (PY_SERVERS.test(tool)) {
    const target = rest.find((w, i) => !w.startsWith('-') && w.includes(':') && !['-c', '--config', '-b', '--bind', '--host', '--port', '-k', '--worker-class'].includes(rest[i - 1]));
    const mod = target?.split(':')[0];
    return mod && /^[\w.]+$/.test(mod) ? [{ module: mod, preload: [] }] : [{ preload: [], problem: `\`${argv.join(' ')}\`: no module:app to follow` }];
  }
  if (tool === 'flask') {
    const i = rest.findIndex((w) => w === '--app' || w.startsWith('--app='));
    const v = i >= 0 ? (rest[i].includes('=') ? rest[i].split('=')[1] : rest[i + 1]) : undefined;
    return v ? [{ module: v.split(':')[0].replace(/\.py$/, '').replace(/\//g, '.'), preload: [] }] : [{ preload: [], problem: 'flask without --app loads FLASK_APP at run time' }];
  }
  return [];
}

/** A container path of `stage` → the workspace file it comes from (following COPY and COPY --from), when it can tell. */
export function workspaceFileOf(model: DockerfileModel, stage: Stage, path: string, contextDir: string, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  let best: { rest: string; source: string; from?: Stage; len: number; exact: boolean } | undefined;
  for (const s of stageLineage(stage)) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const args = copyArgs(instr);
      if (args.length < 2) continue;
      const fromFlag = instr.flags.find((f) => f.name.toLowerCase() === 'from')?.value;
      const from = fromFlag ? findStage(model, fromFlag) : undefined;
      if (fromFlag && !from) continue;
      const workdir = workdirBefore(s, instr);
      const destRaw = args[args.length - 1];
      const dest = containerPath(workdir, destRaw).replace(/\/$/, '') || '/';
      const sources = args.slice(0, -1);
      const destIsDir = destRaw.endsWith('/') || sources.length > 1 || destRaw === '.' || destRaw === './';
      for (const src of sources) {
        const srcPath = from ? containerPath(workdirBefore(from), src) : src;
        const srcIsDir = src.endsWith('/') || src === '.' || src === './' || !/\.[A-Za-z0-9]+$/.test(src.split('/').pop() ?? '') || src.includes('*');
        const base = (src.replace(/\/+$/, '').split('/').pop() ?? '').replace(/\*.*$/, '');
        // A folder copied into dest; a file copied as dest, or into dest when dest is a folder.
        let rest: string | undefined;
        let exact = false;
        if (!src.includes('*') && srcIsDir && (path === dest || path.startsWith(`${dest === '/' ? '' : dest}/`))) rest = path.slice(dest === '/' ? 1 : dest.length + 1);
        else if (!srcIsDir || src.includes('*')) {
          const target = destIsDir ? `${dest === '/' ? '' : dest}/${src.split('/').pop()}` : dest;
          if (target === path || (src.includes('*') && dirName(path) === (dest === '/' ? '' : dest) && path.split('/').pop()!.startsWith(base))) {
            rest = '';
            exact = true;
          }
          // A file copied into a folder maps that folder to the file's folder in the context (COPY package.json ./ maps /app).
          else if (destIsDir && !from && (path.startsWith(`${dest === '/' ? '' : dest}/`))) {
            const r = path.slice(dest === '/' ? 1 : dest.length + 1);
            if (!best || dest.length > best.len) best = { rest: r, source: dirName(src) || '.', len: dest.length, exact: false };
            continue;
          }
        }
        if (rest === undefined) continue;
        const source = exact ? (from ? srcPath.replace(/\*.*$/, path.split('/').pop()!) : src.includes('*') ? joinPath(dirName(src) || '.', path.split('/').pop()!)! : src) : from ? srcPath : src;
        // Later and more specific copies win.
        if (!best || dest.length >= best.len || exact) best = { rest, source, from, len: exact ? Number.MAX_SAFE_INTEGER : dest.length, exact };
      }
    }
  }
  if (!best) return undefined;
  if (best.from) return workspaceFileOf(model, best.from, containerPath('/', best.rest ? `${best.source.replace(/\/$/, '')}/${best.rest}` : best.source), contextDir, depth + 1);
  return joinPath(contextDir, best.source, best.rest);
}

function scriptsOf(workspace: Workspace, packageJson: string | undefined): Record<string, string> | undefined {
  const text = packageJson !== undefined ? workspace.readText(packageJson) : undefined;
  const json = text !== undefined ? (parseJsonc(text) as { scripts?: Record<string, string> } | undefined) : undefined;
  return json?.scripts;
}

function languageOf(argv: string[]): InterpretedLanguage | undefined {
  const tool = (argv.find((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w) && w !== 'exec' && w !== 'cross-env') ?? '').split('/').pop() ?? '';
  if (/^(?:node|nodejs|bun|tsx|ts-node|ts-node-dev|npm|yarn|pnpm|npx)$/.test(tool)) return 'node';
  if (PY_RUNNERS.test(tool) || PY_SERVERS.test(tool) || tool === 'celery' || tool === 'flask') return 'python';
  return undefined;
}

/** Reads what one program needs: its entry, its import graph, the lock file's view of the packages it imports. */
export function analyzeProgramNeeds(workspace: Workspace, model: DockerfileModel, program: Program, contextDir: string, bounds: GraphBounds = DEFAULT_BOUNDS): InterpretedNeeds | undefined {
  const argv = program.command;
  const stage = model.finalStage;
  if (!argv || !stage) return undefined;
  const language = languageOf(argv);
  if (!language) return undefined;
  const out: InterpretedNeeds = { language, needs: new Map(), incomplete: [] };
  const workdir = workdirBefore(stage);
  const projectDir = workspaceFileOf(model, stage, containerPath(workdir, 'package.json'), contextDir)?.replace(/\/?package\.json$/, '') ?? contextDir;
  const entries = entryOfCommand(argv, language === 'node' ? scriptsOf(workspace, joinPath(projectDir, 'package.json')) : undefined);
  if (!entries.length) out.incomplete.push(`cannot tell which file \`${argv.join(' ')}\` runs`);
  const lock = language === 'node' ? npmLockGraph(workspace, projectDir, contextDir) : pythonLockGraph(workspace, projectDir, contextDir);
  const table = needsTable();
  const graphs: ImportGraph[] = [];
  const jsResolver = new JsResolver(workspace, contextDir);
  for (const entry of entries) {
    if (entry.problem) {
      out.incomplete.push(entry.problem);
      continue;
    }
    let file: string | undefined;
    let moduleFiles: string[] | undefined;
    let roots: string[] = [];
    if (entry.path) {
      const cpath = containerPath(workdir, entry.path);
      out.entryContainerPath ??= cpath;
      const mapped = workspaceFileOf(model, stage, cpath, contextDir) ?? joinPath(contextDir, entry.path.startsWith('/') ? cpath.slice(workdir.length + 1) : entry.path);
      file = language === 'node' ? jsResolver.sourceOfOutput(mapped ?? '') : mapped !== undefined && workspace.exists(mapped) ? mapped : undefined;
      if (!file) {
        out.incomplete.push(`cannot find the source of ${entry.path} (${cpath}) in the build context`);
        continue;
      }
      roots = [dirName(file), projectDir];
    } else if (entry.module) {
      const wdDir = workspaceFileOf(model, stage, containerPath(workdir, '__probe__.py'), contextDir);
      roots = [...new Set([wdDir !== undefined ? dirName(wdDir) : projectDir, projectDir, joinPath(projectDir, 'src') ?? projectDir])];
      const resolver = new PyResolver(workspace, roots);
      const found = resolver.resolve(entry.module, `${roots[0]}/__main__.py`).flatMap((x) => ('file' in x ? [x.file] : []));
      if (!found.length) {
        out.incomplete.push(`cannot find module ${entry.module} in the build context`);
        continue;
      }
      // The module and the package __init__.py files importing it runs first.
      file = found[found.length - 1];
      moduleFiles = found;
      out.entryContainerPath ??= containerPath(workdir, `${entry.module.replace(/\./g, '/')}`);
    }
    if (!file) continue;
    out.entry ??= file;
    let graph: ImportGraph;
    if (language === 'node') {
      const resolver = jsResolver;
      graph = walkImports(workspace, file, scanJs, (s, from) => resolver.resolve(s, from), bounds);
      for (const p of entry.preload) for (const r of resolver.resolve(p, file)) if ('external' in r && !graph.external.has(r.external)) graph.external.set(r.external, `${file} (preloaded)`);
    } else {
      const resolver = new PyResolver(workspace, roots);
      const scan = (t: string) => scanPython(t);
      graph = walkImports(workspace, moduleFiles ?? file, scan, (s, from) => resolver.resolve(s, from), bounds);
      for (const p of entry.preload) for (const r of resolver.resolve(p, file)) if ('file' in r && !graph.files.includes(r.file)) {
        const extra = walkImports(workspace, r.file, scan, (s, from) => resolver.resolve(s, from), bounds);
        graph.files.push(...extra.files.filter((f) => !graph.files.includes(f)));
        for (const [k, v] of extra.external) if (!graph.external.has(k)) graph.external.set(k, v);
        for (const [k, v] of extra.tools) if (!graph.tools.has(k)) graph.tools.set(k, v);
        graph.unknowns.push(...extra.unknowns);
        for (const [k, v] of extra.parent) if (!graph.parent.has(k)) graph.parent.set(k, v);
      }
    }
    graphs.push(graph);
    out.graph ??= graph;
    if (graph.boundHit) out.incomplete.push(`${graph.boundHit} (Dockwright stops there rather than guess)`);
    out.incomplete.push(...graph.unknowns.slice(0, 3));
    const chain = (f: string) => chainTo(graph, f.replace(/ \(preloaded\)$/, '')).join(' → ');
    for (const [tool, f] of graph.tools) out.needs.set(`tool:${tool}`, `${chain(f)} runs ${tool}`);
    const kind = language === 'node' ? 'npm' : 'pypi';
    for (const [name, f] of graph.external) {
      if (language === 'python' && (name === 'django' || name === 'rq' || name === 'dramatiq')) out.incomplete.push(`${chain(f)} imports ${name}, which loads application modules by name at run time`);
      const key = language === 'node' ? name : name;
      if ((kind === 'npm' ? table.npm : table.pypi).has(key)) out.needs.set(`${kind}:${key}`, `${chain(f)} imports ${name}`);
      const dist = language === 'node' ? name : distOf(name);
      if (!lock) {
        if (!(kind === 'npm' ? table.npm : table.pypi).has(key)) out.incomplete.push(`${chain(f)} imports ${name}, whose dependencies are not known without a lock file (${language === 'node' ? 'package-lock.json' : 'poetry.lock or uv.lock'})`);
        continue;
      }
      const closure = lock.closure(dist);
      if (!closure) {
        out.incomplete.push(`${name} (imported by ${f}) is not in ${lock.file}`);
        continue;
      }
      for (const dep of closure) {
        const tableKey = language === 'node' ? (table.npm.has(dep) ? dep : undefined) : importNameOfDist(dep);
        if (tableKey && dep !== dist) out.needs.set(`${kind}:${tableKey}`, `${chain(f)} imports ${name}, which depends on ${dep} (${lock.file})`);
        else if (tableKey && !out.needs.has(`${kind}:${tableKey}`)) out.needs.set(`${kind}:${tableKey}`, `${chain(f)} imports ${name}`);
      }
    }
  }
  out.incomplete = [...new Set(out.incomplete)];
  return out;
}

/** Import names whose distribution is named otherwise. */
const DIST_OF: Record<string, string> = { yaml: 'pyyaml', dateutil: 'python-dateutil', jwt: 'pyjwt', dotenv: 'python-dotenv', bs4: 'beautifulsoup4', sklearn: 'scikit-learn', cv2: 'opencv-python', attr: 'attrs', Crypto: 'pycryptodome', jose: 'python-jose', multipart: 'python-multipart', google: 'protobuf', pkg_resources: 'setuptools', OpenSSL: 'pyopenssl', nacl: 'pynacl', serial: 'pyserial', usb: 'pyusb', zmq: 'pyzmq', gi: 'pygobject', socks: 'pysocks', slugify: 'python-slugify', telegram: 'python-telegram-bot', docx: 'python-docx', pptx: 'python-pptx' };

export function normDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function distOf(importName: string): string {
  const t = needsTable().pypi.get(importName);
  return normDist(t?.dist ?? DIST_OF[importName] ?? importName);
}

function importNameOfDist(dist: string): string | undefined {
  for (const [imp, entry] of needsTable().pypi) if (entry.dist && normDist(entry.dist) === normDist(dist)) return imp;
  return undefined;
}

/** Tools a system package provides, by the needs table (for "is it used by a RUN or HEALTHCHECK"). */
function toolsOfPackage(stem: string, manager: Manager): string[] {
  const out: string[] = [];
  for (const [tool, pk] of needsTable().tools) if ((pk[manager] ?? []).some((p) => packageStem(p) === stem)) out.push(tool);
  return out;
}

/** Text that runs at build or start time outside the programs: RUN commands (not installs), HEALTHCHECK, entry scripts. */
function nonProgramCommands(workspace: Workspace, model: DockerfileModel, contextDir: string): string[] {
  const out: string[] = [];
  for (const stage of model.stages) {
    for (const run of stage.runs) {
      for (const c of run.commands) {
        if (stage.installs.some((i) => i.command === c)) continue;
        out.push(c.words.map((w) => w.value).join(' '));
      }
    }
    for (const instr of stage.instructions) if (instr.keyword === 'HEALTHCHECK') out.push(instr.argsText);
  }
  const final = model.finalStage;
  for (const instr of final?.instructions ?? []) {
    if (instr.keyword !== 'ENTRYPOINT' && instr.keyword !== 'CMD') continue;
    for (const w of words(instr.argsText.replace(/[[\],]/g, ' '))) {
      if (!/\.sh$|entrypoint/i.test(w) || !final) continue;
      const file = workspaceFileOf(model, final, containerPath(workdirBefore(final), w), contextDir);
      const text = file !== undefined ? workspace.readText(file) : undefined;
      if (text) out.push(text);
      else out.push(`unreadable script ${w}`);
    }
  }
  return out;
}

const uniq = <T,>(xs: T[]) => [...new Set(xs)];

/**
 * Decides, for the interpreted programs of one image, which runtime packages each file can leave out: a package
 * the needs table attributes (ffmpeg → the tool ffmpeg and the npm/pypi packages that run it; libpq5 → psycopg2…)
 * that a program provably does not need. Packages that build the dependencies (toolchains, -dev), packages a RUN,
 * HEALTHCHECK or entry script uses, and packages the table does not attribute stay in every file.
 */
export function planInterpreted(workspace: Workspace, discovery: Discovery, services: ComposeService[], contextDir: string, bounds: GraphBounds = DEFAULT_BOUNDS): InterpretedPlan | undefined {
  const { model } = discovery;
  const final = model.finalStage;
  if (!final || discovery.programs.length < 2 || discovery.programs.some((p) => p.language !== 'other' || !p.command)) return undefined;
  const needs = new Map<Program, InterpretedNeeds>();
  let language: InterpretedLanguage | undefined;
  for (const p of discovery.programs) {
    const n = analyzeProgramNeeds(workspace, model, p, contextDir, bounds);
    if (!n) return undefined;
    if (language && n.language !== language) return undefined;
    language = n.language;
    needs.set(p, n);
  }
  if (!language) return undefined;
  const manager: Manager = final.distro === 'alpine' ? 'apk' : 'apt';
  const users = packageUsers(needsTable(), manager);
  const lineage = stageLineage(final);
  const installs: PackageInstall[] = lineage.flatMap((s) => s.installs.filter((i) => i.manager === manager));
  const commandsText = nonProgramCommands(workspace, model, contextDir);
  const drops = new Map<Program, Set<string>>(discovery.programs.map((p) => [p, new Set<string>()]));
  const kept: string[] = [];
  const buildPkgs: string[] = [];
  const unattributed: string[] = [];
  const shared: string[] = [];
  const seen = new Set<string>();
  for (const inst of installs) {
    for (const word of inst.packages) {
      const name = word.value;
      if (seen.has(name) || name.startsWith('$')) continue;
      seen.add(name);
      const stem = packageStem(name);
      const who = users.get(stem);
      if (isBuildOnlyPackage(name) || (!who && /^(?:python3?|make|cmake|git|g\+\+|gcc|py3-pip|python3-pip|python3-dev)$/.test(name))) {
        buildPkgs.push(name);
        continue;
      }
      if (!who) {
        unattributed.push(name);
        continue;
      }
      const tools = toolsOfPackage(stem, manager);
      const usedBy = tools.find((t) => commandsText.some((c) => new RegExp(`(?:^|[\\s/;&|"'(])${t.replace(/[+.]/g, '\\$&')}(?=$|[\\s;&|"')])`, 'm').test(c)));
      if (usedBy) {
        kept.push(`${name}: the Dockerfile or an entry script runs ${usedBy} itself`);
        continue;
      }
      const needing = discovery.programs.filter((p) => {
        const n = needs.get(p)!;
        return n.incomplete.length > 0 || [...who].some((k) => n.needs.has(k));
      });
      if (!needing.length) {
        kept.push(`${name}: no program reaches what it serves (${[...who].slice(0, 3).join(', ')}); kept, since Dockwright removes a package only where another program proves it is used`);
        continue;
      }
      if (needing.length === discovery.programs.length) {
        const why = discovery.programs.map((p) => {
          const n = needs.get(p)!;
          const k = [...who].find((x) => n.needs.has(x));
          return k ? `${p.name}: ${n.needs.get(k)}` : `${p.name}: its import graph is incomplete (${n.incomplete[0]})`;
        });
        shared.push(`${name} (${why.join('; ')})`);
        continue;
      }
      for (const p of discovery.programs) if (!needing.includes(p)) drops.get(p)!.add(name);
      kept.push(`${name}: needed by ${needing.map((p) => p.name).join(', ') || 'no program'}`);
    }
  }
  const plan: InterpretedPlan = { language, needs, drops, kept };
  if (buildPkgs.length) kept.push(`${uniq(buildPkgs).join(' ')}: ${language === 'node' ? 'npm' : 'pip'} installs every dependency for every program, so what builds them stays in every file`);
  if (unattributed.length) kept.push(`${unattributed.join(' ')}: purpose not attributed to a program (not in the needs table)`);
  if ([...drops.values()].every((d) => d.size === 0)) {
    const parts: string[] = [];
    if (shared.length) parts.push(`${shared.join('; ')}`);
    if (buildPkgs.length) parts.push(`${uniq(buildPkgs).join(' ')} build the dependencies for every program`);
    if (unattributed.length) parts.push(`${unattributed.join(' ')}: purpose not attributed to a program`);
    for (const k of kept.filter((x) => /runs .* itself$/.test(x))) parts.push(k);
    if (!parts.length) parts.push(`the image installs no system package beyond its base image (${final.from.argsText.replace(/--\S+\s+/g, '').trim().split(/\s+/)[0]})`);
    plan.refusal = `all processes share every package: ${parts.join('; ')}`;
  }
  return plan;
}

/** Reasons for one program's file (what it needs and what it leaves out). */
export function interpretedReasons(plan: InterpretedPlan, program: Program): string[] {
  const n = plan.needs.get(program);
  if (!n) return [];
  const out: string[] = [];
  const dropped = [...(plan.drops.get(program) ?? [])];
  const needed = [...n.needs.values()];
  if (n.entry) out.push(`entry ${n.entry}: ${n.graph?.files.length ?? 0} files in its import graph`);
  if (needed.length) out.push(`needs ${needed.slice(0, 4).join('; ')}`);
  if (n.incomplete.length) out.push(`the analysis may miss needs (${n.incomplete[0]}): it keeps every package`);
  if (dropped.length) out.push(`leaves out ${dropped.join(' ')} (nothing it reaches needs ${dropped.length > 1 ? 'them' : 'it'})`);
  return out;
}

/** What the verifier checks for an interpreted program's file. */
export interface InterpretedCheck {
  language: InterpretedLanguage;
  /** Container path of the file it runs (a module's folder for `python -m`). */
  entry?: string;
  /** System packages it needs that the original shipped: each must still be installed in the shipped stage. */
  packages: string[];
}

export function interpretedCheck(plan: InterpretedPlan, program: Program, model: DockerfileModel): InterpretedCheck {
  const n = plan.needs.get(program)!;
  const final = model.finalStage!;
  const all = stageLineage(final).flatMap((s) => s.installs.flatMap((i) => i.packages.map((p) => p.value)));
  const dropped = plan.drops.get(program) ?? new Set();
  return { language: plan.language, entry: n.entryContainerPath, packages: uniq(all.filter((p) => !dropped.has(p))) };
}

/** Problems of an interpreted program's file: the runtime, the entry file and the packages it needs are in the shipped stage. */
export function verifyInterpreted(model: DockerfileModel, shipped: Stage, check: InterpretedCheck): string[] {
  const problems: string[] = [];
  const lineage = stageLineage(shipped);
  const root = lineage[lineage.length - 1];
  const installed = new Set(lineage.flatMap((s) => s.installs.flatMap((i) => i.packages.map((p) => p.value))));
  const runtime = check.language === 'node' ? /(?:^|\/)(?:node|bun|deno)(?::|$)|node/i : /(?:^|\/)python(?::|$)|python/i;
  const runtimePkg = check.language === 'node' ? /^nodejs$|^node$/ : /^python3?(?:\.\d+)?$/;
  if (!runtime.test(root.image.name) && ![...installed].some((p) => runtimePkg.test(p))) problems.push(`the shipped stage has no ${check.language === 'node' ? 'Node.js' : 'Python'} runtime (base ${root.image.name}, no ${check.language === 'node' ? 'nodejs' : 'python3'} package)`);
  for (const p of check.packages) if (!installed.has(p)) problems.push(`${p} is not installed in the shipped stage`);
  if (check.entry) {
    const e = check.entry;
    const covers = (dir: string) => e === dir || e.startsWith(`${dir.replace(/\/$/, '')}/`) || dir === '/';
    let found = false;
    for (const s of lineage) {
      for (const instr of s.instructions) {
        if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
          const args = copyArgs(instr);
          if (args.length < 2) continue;
          const dest = containerPath(workdirBefore(s, instr), args[args.length - 1]);
          const sources = args.slice(0, -1);
          const destIsDir = dest.endsWith('/') || sources.length > 1 || /^\.\/?$/.test(args[args.length - 1]);
          for (const src of sources) {
            const isDir = src.endsWith('/') || src === '.' || !/\.[A-Za-z0-9]+$/.test(src.split('/').pop() ?? '');
            if (isDir && covers(dest)) found = true;
            else if (!isDir && (destIsDir ? `${dest.replace(/\/$/, '')}/${src.split('/').pop()}` : dest).replace(/\.[cm]?[jt]sx?$|\.py$/, '') === e.replace(/\.[cm]?[jt]sx?$|\.py$/, '')) found = true;
          }
        }
      }
      for (const run of s.runs) {
        for (const c of run.commands) {
          const w = c.words.map((x) => x.value);
          const builds = /^(?:npm|yarn|pnpm|bun)$/.test(w[0] ?? '') && w.some((x) => /build|compile|tsc/.test(x)) || /^(?:tsc|npx)$/.test(w[0] ?? '');
          if (builds && covers(workdirBefore(s, run.instr))) found = true;
        }
      }
    }
    if (!found) problems.push(`${e} (the file it runs) is not copied or built into the shipped stage`);
  }
  return problems;
}

/**
 * Comment lines right above an install that name only packages this file leaves out (`# ffmpeg: the worker
 * transcodes`): they would describe what is no longer there. A line that also names a kept package stays.
 */
export function staleCommentLines(model: DockerfileModel, install: PackageInstall, dropped: Set<string>): number[] {
  const mine = install.packages.map((p) => p.value).filter((p) => dropped.has(p));
  if (!mine.length) return [];
  const kept = install.run.commands
    .flatMap((c) => model.stages.flatMap((s) => s.installs.filter((i) => i.command === c)))
    .flatMap((i) => i.packages.map((p) => p.value))
    .filter((p) => !dropped.has(p));
  const manager: Manager = install.manager === 'apk' ? 'apk' : 'apt';
  const names = (pkgs: string[]) => pkgs.flatMap((p) => [p, ...toolsOfPackage(packageStem(p), manager)]).map((n) => new RegExp(`(?:^|[^\\w-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'i'));
  const gone = names(mine);
  const stay = names(kept);
  const out: number[] = [];
  for (let line = install.run.instr.range.start.line - 1; line >= 0; line--) {
    const text = model.lines.lineText(line);
    if (!/^\s*#/.test(text) || /^\s*#\s*(?:syntax|escape|check)\s*=/i.test(text)) break;
    if (gone.some((r) => r.test(text)) && !stay.some((r) => r.test(text))) out.push(line);
  }
  return out;
}
