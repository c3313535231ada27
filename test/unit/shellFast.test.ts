import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { parseShellWithMvdan, setShellFastPath } from '../../server/src/core/dockerfile/shell';
import { parseSimpleShell } from '../../server/src/core/dockerfile/shellFast';
import { MemoryWorkspace } from '../../server/src/core/workspace';

// shellFast.ts reads plain scripts without mvdan-sh. Whatever it accepts, it must read exactly as mvdan-sh does
// (commands, words, values, env, offsets); whatever it is unsure of, it must refuse (the caller then uses mvdan-sh).

const ROOT = join(__dirname, '..', '..');

function dockerfilesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) dockerfilesUnder(path, out);
    else if (/dockerfile|containerfile/i.test(name) && st.size < 1_000_000) out.push(path);
  }
  return out;
}

/** Bench corpus, examples and fixtures, plus the git-ignored ecosystem and split corpora when they are present. */
const FILES = ['bench/corpus/dockerfiles', 'examples', 'test/fixtures', 'test/ecosystem/corpus', 'test/split-corpus'].flatMap((d) => dockerfilesUnder(join(ROOT, d)));

/** The scripts the model hands to the shell parser (comment lines blanked as parseRun does), and every line alone. */
function realScripts(): { whole: string[]; all: string[] } {
  const whole = new Set<string>();
  const all = new Set<string>();
  for (const file of FILES) {
    for (const instr of DockerfileParser.parse(readFileSync(file, 'utf8')).getInstructions()) {
      if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instr.getKeyword().toUpperCase())) continue;
      const text = instr.getRawArgumentsContent();
      if (!text || text.trimStart().startsWith('[')) continue;
      const script = text.replace(/^[ \t]*#.*$/gm, (m) => (m.length ? ' '.repeat(m.length - 1) + '\\' : m));
      whole.add(script);
      all.add(script);
      all.add(text.replace(/^[ \t]*#.*$/gm, ''));
      for (const line of text.split('\n')) all.add(line);
    }
  }
  return { whole: [...whole], all: [...all] };
}

function agree(script: string): string | undefined {
  const fast = parseSimpleShell(script);
  if (!fast) return undefined;
  const reference = parseShellWithMvdan(script);
  // Scripts over an analysis limit never reach the fast path (parseShell checks the limits first).
  if (reference.limit) return undefined;
  try {
    assert.deepEqual({ commands: fast }, reference);
    return undefined;
  } catch {
    return script.slice(0, 300);
  }
}

const TRICKY = [
  'apt-get update && apt-get install -y --no-install-recommends \\\n    curl \\\n    ca-certificates \\\n && rm -rf /var/lib/apt/lists/*',
  'CGO_ENABLED=0 GOOS=linux go build -ldflags="-s -w -X main.v=${VERSION}" -o /out/app ./cmd/app 2>&1 | tee /log',
  'A= B="two words" C=$D env >/dev/null; echo "${A:-x}" ${B%%.*} $1 $@ $$ \'single $X\' "\\$escaped" esc\\ aped',
  'make -j"$(nproc)" && echo "$(cat /x | tr -d "\\n")" x=$(id -u) &>/dev/null',
  'echo good\\\nbye a\\\n  b "c\\\nd"',
  'foo>bar 2>&1 >&2 >>log <in baz',
  'if [ -f x ]; then echo a; fi',
  'if ! command -v curl >/dev/null; then\n  apk add curl\nelif [ -n "$(id -u)" ]; then a && b | c; else\n  { x; y; }\nfi && echo ok',
  'for f in a $(ls /x) "b c"; do echo $f; done; for g; do :; done',
  'while read -r l; do echo "$l"; done || until false; do break; done',
  'export PATH=/x:$PATH A=$(cat /v) && local x; declare -r y=1; readonly z',
  '{ echo a; echo "$(b)"; } > /etc/x && if a; then b; fi >>log </dev/null | c',
  'case "$(uname -m)" in\n  (x86_64|amd64) a=1 ;;\n  arm*) b; c ;;\n  *) ;;\nesac && echo a # comment && not\n# line\nd # c\ne\nf',
  '( id -u x || useradd x ) && ! grep -q y /z && echo "${V%%[a-z]*}" | (cat; echo) >/dev/null',
  'make "LDFLAGS=-Wl,-rpath=\'\\$\\$ORIGIN/../lib\'" && grep " node-v$V.tar.xz\\$" SHASUMS256.txt && echo \\$HOME',
  "find . -name '*.o' -exec rm {} \\; && awk '{print $1}' f && echo a{b,c} }",
];

test('shellFast: on every real script and line it accepts, the same commands as mvdan-sh', () => {
  const { whole, all } = realScripts();
  assert.ok(whole.length > 300, `only ${whole.length} scripts collected`);
  const differing = [...all, ...TRICKY].map(agree).filter((d) => d !== undefined);
  assert.deepEqual(differing, []);
  // The fast path must keep covering most real scripts, or the throughput it buys is gone.
  const accepted = whole.filter((s) => parseSimpleShell(s)).length;
  assert.ok(accepted / whole.length > 0.6, `fast path accepts only ${accepted} of ${whole.length} real scripts`);
  for (const s of TRICKY) assert.ok(parseSimpleShell(s), `fast path refuses ${JSON.stringify(s)}`);
});

test('shellFast: refuses what it does not read like mvdan-sh (fall-through cases, backticks, heredocs, errors)', () => {
  for (const s of [
    'case $x in a) b ;& esac',
    'case $x in a) b ;;& esac',
    'if a; then b; fi x',
    'if a; then; fi',
    'if a; then b fi',
    '{ echo a }',
    'a; }',
    'A=1 export B',
    '>&2 export B',
    'declare -a X=(1 2)',
    'for ((i=0;i<3;i++)); do a; done',
    'echo `id`',
    'cat <<EOF\nx\nEOF',
    'echo $((1 + 2))',
    '{ echo a; } 2> f',
    '(cd /x && make) x',
    '()',
    'echo "unterminated',
    'echo a &&',
    'echo a; ; echo b',
    'echo a &',
    'echo hé',
    'echo a\r\n',
    'x >&2>> f',
    'echo ${A/b/c}',
    'export BUILD_TAGS=a, $BUILD_TAGS',
    'a | ! b',
    '((i++))',
  ]) {
    assert.equal(parseSimpleShell(s), undefined, s);
  }
});

test('shellFast: random edits of real scripts are read as mvdan-sh reads them, or refused', () => {
  const { whole } = realScripts();
  const accepted = whole.filter((s) => parseSimpleShell(s));
  const TOKENS = [' ', '\\\n', '"', "'", '$', '${A}', '${A:-x}', '${A%.*}', '$(x y)', '$(', ')', '(', ';', '&&', '||', '|', '&', '>', '<', '2>&1', '>&2', '&>', '>>f', '#', 'A=1 ', 'B= ', 'A+=1 ', 'a[1]=2 ', '\\', '\n', '=', 'if ', '!', 'export ', '\t', '"$(a "b")"', '\\ ', '$1', '$@', '$$', '12>x ', '{}', 'x\\\ny', '"\\$x"', "''", '\\"', 'time ', 'then ', 'fi', '; fi', 'elif x; then ', 'else ', 'do ', 'done', '; done', 'for x in a b; do ', 'while x; do ', '{ ', ' }', '; }', '} >f ', 'done 2>&1 ', 'export A=$(b) ', 'local ', '! ', 'case x in a) ', ';; ', 'esac', '*) ', '# c ', '( ', '(a) ', ' && ! ', '${A%%[a-z]*}', '\\$', '"\\$\\$x"', 'if x; then y; fi'];
  let seed = Number(process.env.SHELLFAST_SEED ?? 20261204);
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const differing: string[] = [];
  let checked = 0;
  for (let i = 0; i < 6000; i++) {
    let s = accepted[random(accepted.length)];
    for (let j = 1 + random(3); j > 0; j--) {
      const at = random(s.length + 1);
      s = s.slice(0, at) + TOKENS[random(TOKENS.length)] + s.slice(at);
    }
    if (parseSimpleShell(s)) checked++;
    const d = agree(s);
    if (d !== undefined) differing.push(d);
  }
  assert.ok(checked > 1000, `only ${checked} mutated scripts went through the fast path`);
  assert.deepEqual(differing, []);
});

test('shellFast: every corpus Dockerfile gets the same findings with and without the fast path', () => {
  const check = (file: string) => {
    const name = 'Dockerfile';
    const analysis = new Analysis(new MemoryWorkspace({ [name]: readFileSync(file, 'utf8') }));
    return JSON.stringify(checkFile(name, analysis));
  };
  const files = dockerfilesUnder(join(ROOT, 'bench', 'corpus', 'dockerfiles'));
  assert.ok(files.length > 100);
  try {
    setShellFastPath(false);
    const reference = files.map(check);
    setShellFastPath(true);
    const fast = files.map(check);
    assert.deepEqual(
      files.filter((_, i) => fast[i] !== reference[i]),
      [],
    );
  } finally {
    setShellFastPath(true);
  }
});
