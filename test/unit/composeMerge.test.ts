import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analysis } from '../../server/src/core/analysis';
import { parseCompose } from '../../server/src/core/compose/model';
import { mergeComposeData, toMergeData } from '../../server/src/core/compose/merge';
import { enabledServices } from '../../server/src/core/compose/profiles';
import { MemoryWorkspace } from '../../server/src/core/workspace';

const merged = (...files: string[]) => mergeComposeData(files.map((f) => toMergeData(parseCompose(f).doc)));

/** Cases from the compose-spec "Merge and override" chapter and `docker compose config` behaviour. */
const table: { name: string; files: string[]; expected: unknown }[] = [
  { name: 'mappings merge, scalars override', files: ['services:\n  foo:\n    key1: value1\n    key2: value2\n', 'services:\n  foo:\n    key2: VALUE\n    key3: value3\n'], expected: { services: { foo: { key1: 'value1', key2: 'VALUE', key3: 'value3' } } } },
  { name: 'sequences append', files: ['services:\n  foo:\n    dns:\n      - 1.1.1.1\n', 'services:\n  foo:\n    dns:\n      - 8.8.8.8\n'], expected: { services: { foo: { dns: ['1.1.1.1', '8.8.8.8'] } } } },
  { name: 'command is replaced', files: ['services:\n  foo:\n    command: ["echo", "foo"]\n', 'services:\n  foo:\n    command: ["echo", "bar"]\n'], expected: { services: { foo: { command: ['echo', 'bar'] } } } },
  { name: 'entrypoint and healthcheck.test are replaced', files: ['services:\n  foo:\n    entrypoint: [a]\n    healthcheck:\n      test: [CMD, a]\n      interval: 5s\n', 'services:\n  foo:\n    entrypoint: [b]\n    healthcheck:\n      test: [CMD, b]\n'], expected: { services: { foo: { entrypoint: ['b'], healthcheck: { test: ['CMD', 'b'], interval: '5s' } } } } },
  { name: 'volumes unique by target', files: ['services:\n  foo:\n    volumes:\n      - foo:/work\n      - logs:/logs\n', 'services:\n  foo:\n    volumes:\n      - bar:/work\n'], expected: { services: { foo: { volumes: ['bar:/work', 'logs:/logs'] } } } },
  { name: 'ports unique by ip/target/published/protocol', files: ['services:\n  foo:\n    ports: ["8080:80"]\n', 'services:\n  foo:\n    ports: ["8080:80", "8443:443"]\n'], expected: { services: { foo: { ports: ['8080:80', '8443:443'] } } } },
  { name: 'environment list and map merge by name', files: ['services:\n  foo:\n    environment:\n      - A=1\n      - B=2\n', 'services:\n  foo:\n    environment:\n      B: 3\n      C: 4\n'], expected: { services: { foo: { environment: { A: '1', B: 3, C: 4 } } } } },
  { name: 'depends_on short and long forms merge', files: ['services:\n  foo:\n    depends_on: [db]\n', 'services:\n  foo:\n    depends_on:\n      cache:\n        condition: service_healthy\n'], expected: { services: { foo: { depends_on: { db: { condition: 'service_started' }, cache: { condition: 'service_healthy' } } } } } },
  { name: 'build string and mapping merge; args by key', files: ['services:\n  foo:\n    build: ./app\n', 'services:\n  foo:\n    build:\n      dockerfile: Dockerfile.prod\n      args: [X=1]\n'], expected: { services: { foo: { build: { context: './app', dockerfile: 'Dockerfile.prod', args: { X: '1' } } } } } },
  { name: '!reset removes', files: ['services:\n  app:\n    image: myapp\n    ports:\n      - "8080:80"\n    environment:\n      FOO: BAR\n', 'services:\n  app:\n    image: myapp\n    ports: !reset []\n    environment:\n      FOO: !reset null\n'], expected: { services: { app: { image: 'myapp', environment: {} } } } },
  { name: '!override replaces', files: ['services:\n  app:\n    image: myapp\n    ports:\n      - "8080:80"\n', 'services:\n  app:\n    ports: !override\n      - "8443:443"\n'], expected: { services: { app: { image: 'myapp', ports: ['8443:443'] } } } },
  { name: 'profiles deduplicate', files: ['services:\n  a:\n    profiles: [dev]\n', 'services:\n  a:\n    profiles: [dev, prod]\n'], expected: { services: { a: { profiles: ['dev', 'prod'] } } } },
  { name: 'merge keys expand before merging', files: ['x-base: &b\n  image: base\nservices:\n  a:\n    <<: *b\n', 'services:\n  a:\n    image: over\n'], expected: { 'x-base': { image: 'base' }, services: { a: { image: 'over' } } } },
];

for (const c of table) test(`merge: ${c.name}`, () => assert.deepEqual(merged(...c.files), c.expected));

test('project: compose.yaml + compose.override.yaml, .env interpolation, include', () => {
  const analysis = new Analysis(
    new MemoryWorkspace({
      'compose.yaml': 'include:\n  - lib/compose.yaml\nservices:\n  web:\n    image: web:${TAG}\n    depends_on: [db]\n',
      'compose.override.yaml': 'services:\n  web:\n    ports: ["8080:80"]\n',
      '.env': 'TAG=1.2\n',
      'lib/compose.yaml': 'services:\n  db:\n    image: postgres:16\n',
      'compose.prod.yaml': 'services:\n  web:\n    environment:\n      MODE: prod\n',
      'other/compose.yml': 'services:\n  solo:\n    image: x\n',
    }),
  );
  const project = analysis.composeProject('compose.override.yaml')!;
  assert.deepEqual(project.files, ['lib/compose.yaml', 'compose.yaml', 'compose.override.yaml']);
  assert.equal(project.services.get('web')!.image, 'web:1.2');
  assert.deepEqual(project.services.get('web')!.ports, ['8080:80']);
  assert.deepEqual([...project.services.keys()], ['db', 'web']);
  // An explicit overlay merges onto the base (like -f compose.yaml -f compose.prod.yaml).
  assert.deepEqual(analysis.composeProject('compose.prod.yaml')!.services.get('web')!.environment, { MODE: 'prod' });
  assert.deepEqual(analysis.composeProject('other/compose.yml')!.files, ['other/compose.yml']);
});

/** The compose-spec "Profiles" illustrative example. */
const spec = [
  { name: 'foo', profiles: [], dependsOn: [] },
  { name: 'bar', profiles: ['test'], dependsOn: [] },
  { name: 'baz', profiles: ['test'], dependsOn: [{ name: 'bar', required: true }] },
  { name: 'zot', profiles: ['debug'], dependsOn: [{ name: 'bar', required: true }] },
];

const semantics: { active: string[]; targets?: string[]; services: string[]; missing: string[] }[] = [
  { active: [], services: ['foo'], missing: [] },
  { active: ['test'], services: ['foo', 'bar', 'baz'], missing: [] },
  { active: ['debug'], services: ['foo', 'zot'], missing: ['zot→bar'] },
  { active: ['debug', 'test'], services: ['foo', 'bar', 'baz', 'zot'], missing: [] },
  { active: [], targets: ['bar'], services: ['bar'], missing: [] },
  { active: [], targets: ['baz'], services: ['bar', 'baz'], missing: [] },
  { active: [], targets: ['zot'], services: ['zot'], missing: ['zot→bar'] },
  { active: ['test'], targets: ['zot'], services: ['bar', 'zot'], missing: [] },
  { active: ['*'], services: ['foo', 'bar', 'baz', 'zot'], missing: [] },
];

for (const row of semantics) {
  test(`profiles: --profile ${row.active.join(',') || '(none)'} ${row.targets?.join(' ') ?? ''}`, () => {
    const result = enabledServices(spec, row.active, row.targets);
    assert.deepEqual(result.services, row.services);
    assert.deepEqual(result.missing.map((m) => `${m.service}→${m.dependency}`), row.missing);
  });
}

test('profiles: targeting a service activates its profiles', () => {
  assert.deepEqual(enabledServices(spec, [], ['zot']).activeProfiles, ['debug']);
});

test('project cache: a change to an extends file or an included project\'s env_file is seen', () => {
  const ws = new MemoryWorkspace({
    'compose.yaml': 'include:\n  - path: lib/compose.yaml\n    env_file: lib/vars.env\nservices:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
    'common.yaml': 'services:\n  base:\n    image: base:1\n',
    'lib/compose.yaml': 'services:\n  db:\n    image: "db:${TAG}"\n',
    'lib/vars.env': 'TAG=1\n',
  });
  const analysis = new Analysis(ws);
  const first = analysis.composeProject('compose.yaml')!;
  assert.equal(first.services.get('web')!.image, 'base:1');
  assert.equal(first.services.get('db')!.image, 'db:1');
  assert.deepEqual([...first.auxiliaryFiles].sort(), ['common.yaml', 'lib/vars.env']);
  assert.equal(analysis.composeProject('compose.yaml'), first, 'unchanged texts: memoised');
  ws.set('common.yaml', 'services:\n  base:\n    image: base:2\n');
  assert.equal(analysis.composeProject('compose.yaml')!.services.get('web')!.image, 'base:2');
  ws.set('lib/vars.env', 'TAG=2\n');
  assert.equal(analysis.composeProject('compose.yaml')!.services.get('db')!.image, 'db:2');
});

test('extends: cycles and missing targets leave the service as written', () => {
  const analysis = new Analysis(new MemoryWorkspace({ 'compose.yaml': 'services:\n  a:\n    extends: b\n    image: a\n  b:\n    extends: a\n    environment: [X=1]\n  c:\n    extends:\n      file: missing.yaml\n      service: x\n    image: c\n' }));
  const project = analysis.composeProject('compose.yaml')!;
  assert.equal(project.services.get('a')!.image, 'a');
  assert.deepEqual(project.services.get('a')!.environment, { X: '1' });
  assert.equal(project.services.get('c')!.image, 'c');
});
