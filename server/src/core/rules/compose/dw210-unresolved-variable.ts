import { isMap, isPair, isScalar, isSeq, type Scalar } from 'yaml';
import { interpolate, parseDotEnv } from '../../compose/interpolate';
import type { ComposeProject } from '../../compose/project';
import type { Analysis } from '../../analysis';
import type { ComposeRule, Report } from '../../rule';
import type { Fix } from '../../types';
import { isTestOrCiFilePath } from '../../compose/services';
import { dirName, joinPath } from '../../workspace';

/** Variables every login shell exports, so Compose finds them in its environment: not reported. */
const SHELL_VARIABLES = new Set(['HOME', 'USER', 'LOGNAME', 'PATH', 'PWD', 'SHELL']);

/** Variables known to the project: `.env` next to the compose file, plus every service's `env_file`. */
export function knownVariables(analysis: Analysis, project: ComposeProject): Map<string, string> {
  const known = new Map(project.env);
  for (const file of project.files) {
    const model = analysis.compose(file);
    for (const service of model?.services ?? []) {
      for (const envFile of service.envFiles) {
        const path = joinPath(dirName(file), envFile.value);
        const text = path === undefined ? undefined : analysis.readText(path);
        if (text !== undefined) for (const [k, v] of parseDotEnv(text)) if (!known.has(k)) known.set(k, v);
      }
    }
  }
  return known;
}

export const dw210: ComposeRule = {
  code: 'DW210',
  target: 'compose',
  title: 'Variable without a value',
  defaultSeverity: 'warning',
  description:
    '`${VAR}` (or `$VAR`) with no default and no value in the `.env` next to the compose file or in an `env_file` is ' +
    'replaced by an empty string, with only a warning from Compose. Give it a value in `.env`/`.env.example`, a default ' +
    '(`${VAR:-value}`), or make it required with a message (`${VAR:?VAR must be set}`). Not reported when a Makefile, ' +
    'script or CI workflow that uses the compose file sets the variable, nor for HOME/USER/PATH. Info (advice) for an ' +
    '`environment` entry that only passes a host value through, and in test/CI stacks (`tests/`, `.ci/`, `*.test.yml`), ' +
    'which a runner starts with its variables set.',
  fixTitles: ['Require VAR with a message', 'Add VAR to .env.example'],
  check({ file, model, project, analysis }) {
    const reports: Report[] = [];
    // A `$` in a value needs a `$` in the text, or an escape (`"\u0024"`) in a double-quoted scalar.
    if (!model.text.includes('$') && !model.text.includes('\\')) return reports;
    const known = knownVariables(analysis, project);
    const examplePath = joinPath(project.dir, '.env.example');
    const example = examplePath !== undefined ? analysis.readText(examplePath) : undefined;
    const exampleVars = example !== undefined ? parseDotEnv(example) : undefined;
    const seen = new Set<string>();
    let runner: Map<string, string> | undefined;
    const testOrCi = isTestOrCiFilePath(file);
    eachScalar(model.doc.contents, undefined, [], (key, node, path) => {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$') || !node.range) return;
      const value = node.value;
      const passThrough = isEnvironmentPassThrough(path, value);
      const result = interpolate(value, (name) => known.get(name));
      if (result.unresolved.length === 0) return;
      runner ??= analysis.composeRunnerVariables(file);
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      const start = node.range[0] + quoted;
      const exact = model.text.slice(start, start + value.length) === value;
      for (const use of result.unresolved) {
        // Set by the runner that uses this file (`echo "VAR=…" >> $GITHUB_ENV`, `export VAR=…`), or by every login shell.
        if (runner.has(use.name) || SHELL_VARIABLES.has(use.name)) continue;
        const range = exact ? { start: model.lines.positionAt(start + use.start), end: model.lines.positionAt(start + use.end) } : { start: model.lines.positionAt(node.range[0]), end: model.lines.positionAt(node.range[1]) };
        const fixes: Fix[] = [];
        if (exact) fixes.push({ title: `Require ${use.name} with a message`, isPreferred: true, edits: [{ path: file, edits: [{ range, newText: `\${${use.name}:?${use.name} must be set}` }] }] });
        if (example !== undefined && exampleVars && !exampleVars.has(use.name) && !seen.has(use.name)) {
          const lines = example.split('\n');
          const lastLine = lines.length - 1;
          const lead = example === '' || example.endsWith('\n') ? '' : '\n';
          fixes.push({ title: `Add ${use.name} to .env.example`, edits: [{ path: examplePath!, edits: [{ range: { start: { line: lastLine, character: lines[lastLine].length }, end: { line: lastLine, character: lines[lastLine].length } }, newText: `${lead}${use.name}=\n` }] }] });
        }
        seen.add(use.name);
        if (passThrough)
          // `KEY: ${VAR}` only hands an optional host value (a token, an API key, a CI variable) to the container: an
          // empty value is what the service gets when it is not set, usually on purpose. Advice, not "very likely wrong".
          reports.push({ range, severity: 'info', message: `\${${use.name}} has no default and no value in .env or env_file; Compose warns and passes it to the container empty; if it is optional, say so with \`\${${use.name}:-}\`.`, fixes });
        else if (testOrCi)
          // A test/CI stack is started by its runner (a CI job, a test harness) with its variables set; Dockwright did
          // not find where, so it cannot say the value is missing: advice to make the requirement explicit.
          reports.push({ range, severity: 'info', message: `\${${use.name}} has no default and no value in .env or env_file; Compose substitutes an empty string unless the runner of this test/CI stack sets it (Dockwright did not find where); say that it is required with \`\${${use.name}:?…}\`.`, fixes });
        else reports.push({ range, message: `\${${use.name}} has no default and no value in .env or env_file; Compose substitutes an empty string.`, fixes });
      }
    });
    return reports;
  },
};

/**
 * Calls `fn` for every scalar in document order, with the key yaml's `visit` would pass (`'key'`/`'value'` in a pair,
 * the index in a collection). Aliases are not followed. A plain walk: `visit` builds a frozen path array per node.
 */
function eachScalar(
  node: unknown,
  key: number | 'key' | 'value' | undefined,
  path: (string | number)[],
  fn: (key: number | 'key' | 'value' | undefined, node: Scalar, path: readonly (string | number)[]) => void,
): void {
  if (isScalar(node)) fn(key, node, path);
  else if (isPair(node)) {
    eachScalar(node.key, 'key', path, fn);
    const name = isScalar(node.key) ? String(node.key.value) : '?';
    path.push(name);
    eachScalar(node.value, 'value', path, fn);
    path.pop();
  } else if (isMap(node) || isSeq(node)) {
    const items = node.items as unknown[];
    for (let i = 0; i < items.length; i++) {
      if (isSeq(node)) path.push(i);
      eachScalar(items[i], i, path, fn);
      if (isSeq(node)) path.pop();
    }
  }
}

/**
 * A service `environment` entry whose whole value is one variable (`KEY: ${VAR}`, `- KEY=${VAR}`): it only passes a
 * host value through to the container.
 */
function isEnvironmentPassThrough(path: readonly (string | number)[], value: string): boolean {
  if (path.length !== 4 || path[0] !== 'services' || path[2] !== 'environment') return false;
  const whole = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;
  if (typeof path[3] === 'number') {
    const eq = value.indexOf('=');
    return eq > 0 && whole.test(value.slice(eq + 1));
  }
  return whole.test(value);
}
