import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { clearShellCache, parseShell, parseShellWithWalk } from '../../server/src/core/dockerfile/shell';

// parseShell walks mvdan-sh's compiled objects directly (fast); parseShellWithWalk goes through the
// library's public syntax.Walk API. Both must find the same commands, words, values and offsets.

const ROOT = join(__dirname, '..', '..');

function dockerfilesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) dockerfilesUnder(path, out);
    else if (/dockerfile/i.test(name)) out.push(path);
  }
  return out;
}

/** Shell text of every RUN, CMD, ENTRYPOINT and HEALTHCHECK in the corpus, the examples and the fixtures. */
function realScripts(): string[] {
  const scripts = new Set<string>();
  const files = [...dockerfilesUnder(join(ROOT, 'bench', 'corpus', 'dockerfiles')), ...dockerfilesUnder(join(ROOT, 'examples')), ...dockerfilesUnder(join(ROOT, 'test', 'fixtures'))];
  for (const file of files) {
    for (const instr of DockerfileParser.parse(readFileSync(file, 'utf8')).getInstructions()) {
      if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instr.getKeyword().toUpperCase())) continue;
      const text = instr.getRawArgumentsContent();
      if (text && !text.trimStart().startsWith('[')) scripts.add(text.replace(/^[ \t]*#.*$/gm, ''));
    }
  }
  return [...scripts];
}

const TRICKY = [
  'echo "héllo wörld" \'ünïcode\' ${ÄÖ:-x} && CGO_ENABLED=0 go build -o /bin/app ./cmd/app',
  'echo $(apt-get install -y $(cat /pkgs) `which curl`) <(ls /tmp) >(tee /log)',
  'for f in a b c; do echo "$f" > /tmp/$f; done; if [ -n "$X" ]; then echo ok; elif true; then :; else false; fi',
  'case "$ARCH" in amd64) A=x86_64 ;; arm64) A=aarch64 ;; *) exit 1 ;; esac && curl -fsSL "https://x/${A}.tgz" | tar -xz',
  'f() { make -j"$(nproc)" install; }; f && (cd /src && ./configure --prefix=/usr) && { echo a; echo b; }',
  'arr=(one two "three four"); declare -a x=(1 2); export PATH="/opt/bin:$PATH" FOO=bar; local y=$((1 + 2))',
  'cat <<EOF > /etc/app.conf\nkey=$(hostname)\nEOF\necho done',
  'while read -r line; do echo "${line%%#*}" "${#line}" "${line/a/b}" "${x:1:2}" "${!ref}"; done < /etc/list',
  '[[ -f /x && $(id -u) -eq 0 ]] && time chown -R app:app /data || true',
  'A=1 B="two words" C= env | grep -E "^(A|B)=" ; ! test -d /nope',
  'echo unterminated "quote',
  'if then fi (',
  Array.from({ length: 300 }, (_, i) => `echo ${i}`).join(' && '),
  Array.from({ length: 40 }, () => 'echo $(').join('') + 'x' + ')'.repeat(40),
];

test('parseShell finds exactly what mvdan-sh syntax.Walk finds, on real and tricky scripts', () => {
  const scripts = [...realScripts(), ...TRICKY];
  assert.ok(scripts.length > 300, `only ${scripts.length} scripts collected`);
  clearShellCache();
  const differing: string[] = [];
  for (const script of scripts) {
    const fast = parseShell(script);
    const reference = parseShellWithWalk(script);
    try {
      assert.deepEqual(fast, reference);
    } catch {
      differing.push(script.slice(0, 200));
    }
  }
  assert.deepEqual(differing, []);
});

test('parseShell: commands, words and UTF-16 offsets of a script with non-ASCII text', () => {
  clearShellCache();
  const script = 'echo "é" && GREETING=grüß printf %s $(id -u)';
  const parsed = parseShell(script);
  assert.deepEqual(
    parsed.commands.map((c) => [c.argv.map((w) => w.value), c.env, script.slice(c.start, c.end)]),
    [
      [['echo', 'é'], {}, 'echo "é"'],
      [['printf', '%s', '$(id -u)'], { GREETING: 'grüß' }, 'GREETING=grüß printf %s $(id -u)'],
      [['id', '-u'], {}, 'id -u'],
    ],
  );
  for (const c of parsed.commands) for (const w of c.argv) assert.equal(script.slice(w.start, w.end).replace(/"/g, ''), w.value.startsWith('$(') ? w.value : w.value);
});
