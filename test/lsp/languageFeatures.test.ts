import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { LspClient } from './lspClient';

let client: LspClient;
let dir: string;
let capabilities: any;
const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).toString();

const DOCKERFILE = [
  'FROM golang:1.22-alpine AS build',
  'ARG VERSION=1.0',
  'ENV APP=/out/app',
  'RUN go build -ldflags "-X main.v=$VERSION" -o $APP .',
  'FROM alpine:3.22',
  'COPY --from=build /out/app /app',
  'run echo hi',
  'ex',
  '',
].join('\n');

const COMPOSE = [
  '# the stack',
  'services:',
  '  api:',
  '    build:',
  '      context: .',
  '      dockerfile: Dockerfile',
  '    env_file: api.env',
  '    depends_on:',
  '      - db',
  '    networks: [back]',
  '    volumes:',
  '      - data:/var/lib/x',
  '    profiles: [dev]',
  '  db:',
  '    image: postgres:16 # pinned',
  '    restart: ',
  '    ',
  'networks:',
  '  back: {}',
  'volumes:',
  '  data:',
  '',
].join('\n');

const OVERRIDE = ['services:', '  worker:', '    image: busybox', '    depends_on: [db]', '  db:', '    environment:', '      A: "1"', ''].join('\n');

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-langfeat-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  fs.writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
  fs.writeFileSync(path.join(dir, 'compose.override.yaml'), OVERRIDE);
  fs.writeFileSync(path.join(dir, 'api.env'), 'A=1\n');
  client = new LspClient();
  const init = await client.initialize(pathToFileURL(dir).toString());
  capabilities = init.capabilities;
  for (const [name, languageId, text] of [
    ['Dockerfile', 'dockerfile', DOCKERFILE],
    ['compose.yaml', 'dockercompose', COMPOSE],
    ['compose.override.yaml', 'dockercompose', OVERRIDE],
  ]) {
    client.notify('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId, version: 1, text } });
  }
});

after(async () => client.shutdown());

const req = (method: string, name: string, extra: Record<string, unknown> = {}) => client.request(method, { textDocument: { uri: uriOf(name) }, ...extra });
const at = (line: number, character: number) => ({ position: { line, character } });

test('the standalone server advertises every language feature', () => {
  for (const cap of [
    'completionProvider',
    'hoverProvider',
    'documentFormattingProvider',
    'documentRangeFormattingProvider',
    'documentOnTypeFormattingProvider',
    'documentSymbolProvider',
    'definitionProvider',
    'referencesProvider',
    'renameProvider',
    'documentHighlightProvider',
    'documentLinkProvider',
    'foldingRangeProvider',
    'signatureHelpProvider',
    'semanticTokensProvider',
  ]) assert.ok(capabilities[cap], cap);
  assert.equal(capabilities.renameProvider.prepareProvider, true);
  assert.ok(capabilities.semanticTokensProvider.legend.tokenTypes.includes('keyword'));
});

test('Dockerfile completion: instructions with docs, COPY --from stages, variables', async () => {
  const instructions = await req('textDocument/completion', 'Dockerfile', at(7, 2));
  const expose = instructions.find((i: any) => /^EXPOSE/.test(i.label));
  assert.ok(expose, JSON.stringify(instructions.map((i: any) => i.label)));
  assert.match(expose.documentation.value, /port/i);
  const stages = await req('textDocument/completion', 'Dockerfile', at(5, 12));
  assert.deepEqual(stages.map((i: any) => i.label), ['build']);
  // Flags not written yet (--from is): --chown.
  const flags = await req('textDocument/completion', 'Dockerfile', { position: { line: 5, character: 7 } });
  assert.ok(flags.some((i: any) => /^--chown/.test(i.label)) && !flags.some((i: any) => /^--from/.test(i.label)), JSON.stringify(flags.map((i: any) => i.label)));
  const vars = await req('textDocument/completion', 'Dockerfile', at(3, 36));
  assert.ok(vars.some((i: any) => i.label === '$VERSION'), JSON.stringify(vars.map((i: any) => i.label)));
});

test('Dockerfile hover merges Dockwright analysis with the instruction docs', async () => {
  const hover = await req('textDocument/hover', 'Dockerfile', at(0, 2));
  assert.match(hover.contents.value, /Stage 0 `build`/);
  assert.match(hover.contents.value, /---\n\nSet the `baseImage`/);
  const docsOnly = await req('textDocument/hover', 'Dockerfile', at(2, 1));
  assert.match(docsOnly.contents.value, /environment variable/i);
});

test('Dockerfile formatting: document, range and on type', async () => {
  const opts = { options: { tabSize: 4, insertSpaces: true } };
  const text = 'FROM alpine:3.22\n   RUN echo a && \\\necho b\n';
  const uri = uriOf('fmt.Dockerfile');
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const all = await client.request('textDocument/formatting', { textDocument: { uri }, ...opts });
  assert.deepEqual(
    all.map((e: any) => [e.range.start.line, e.newText]),
    [
      [1, ''],
      [2, '    '],
    ],
  );
  const range = await client.request('textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }, ...opts });
  assert.deepEqual(range.map((e: any) => e.range.start.line), [1]);
  const typed = 'FROM alpine:3.22\nRUN echo a \\\necho b\n';
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
  const onType = await client.request('textDocument/onTypeFormatting', { textDocument: { uri }, position: { line: 1, character: 12 }, ch: '\\', ...opts });
  assert.deepEqual(onType.map((e: any) => [e.range.start.line, e.newText]), [[2, '    ']]);
});

test('Dockerfile outline, folding, links, signature help and semantic tokens', async () => {
  const symbols = await req('textDocument/documentSymbol', 'Dockerfile');
  assert.deepEqual(symbols.slice(0, 5).map((s: any) => s.name), ['FROM', 'ARG', 'ENV', 'RUN', 'FROM']);
  const foldUri = uriOf('fold.Dockerfile');
  client.notify('textDocument/didOpen', { textDocument: { uri: foldUri, languageId: 'dockerfile', version: 1, text: '# a\n# b\nFROM alpine\nRUN a \\\n  b \\\n  c\n' } });
  const folds = await client.request('textDocument/foldingRange', { textDocument: { uri: foldUri } });
  assert.deepEqual(folds, [{ startLine: 3, endLine: 5 }, { startLine: 0, endLine: 1, kind: 'comment' }]);
  const links = await req('textDocument/documentLink', 'Dockerfile');
  assert.ok(links.some((l: any) => /hub\.docker\.com.*golang/.test(l.target)), JSON.stringify(links));
  const sig = await req('textDocument/signatureHelp', 'Dockerfile', at(5, 5));
  assert.ok(sig.signatures.length > 0);
  assert.match(sig.signatures[0].label, /COPY/);
  const tokens = await req('textDocument/semanticTokens/full', 'Dockerfile');
  assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
  assert.equal(tokens.data[3], 0, 'the first token (FROM) is a keyword');
});

test('Dockerfile definition, references, highlight and rename of stages and ARGs', async () => {
  const def = await req('textDocument/definition', 'Dockerfile', at(5, 14));
  assert.deepEqual(def.range, { start: { line: 0, character: 27 }, end: { line: 0, character: 32 } });
  const argDef = await req('textDocument/definition', 'Dockerfile', at(3, 36));
  assert.equal(argDef.range.start.line, 1);
  const refs = await req('textDocument/references', 'Dockerfile', { ...at(0, 28), context: { includeDeclaration: true } });
  assert.deepEqual(refs.map((r: any) => r.range.start.line), [0, 5]);
  const refsOnly = await req('textDocument/references', 'Dockerfile', { ...at(0, 28), context: { includeDeclaration: false } });
  assert.deepEqual(refsOnly.map((r: any) => r.range.start.line), [5]);
  const highlights = await req('textDocument/documentHighlight', 'Dockerfile', at(1, 5));
  assert.deepEqual(highlights.map((h: any) => h.range.start.line), [1, 3]);
  const prepare = await req('textDocument/prepareRename', 'Dockerfile', at(1, 5));
  assert.equal(prepare.start.line, 1);
  const rename = await req('textDocument/rename', 'Dockerfile', { ...at(0, 28), newName: 'builder' });
  const edits = rename.changes[uriOf('Dockerfile')];
  assert.deepEqual(edits.map((e: any) => [e.range.start.line, e.newText]), [
    [0, 'builder'],
    [5, 'builder'],
  ]);
});

test('compose completion: keys at any depth without duplicates, enum values', async () => {
  const serviceKeys = await req('textDocument/completion', 'compose.yaml', at(16, 4));
  const labels = serviceKeys.map((i: any) => i.label);
  assert.ok(labels.includes('healthcheck') && labels.includes('command'), labels.join(','));
  assert.ok(!labels.includes('image') && !labels.includes('restart'), 'keys already present are not offered');
  assert.match(serviceKeys.find((i: any) => i.label === 'healthcheck').documentation.value, /health/i);
  const top = await client.request('textDocument/completion', { textDocument: { uri: uriOf('compose.yaml') }, position: { line: 21, character: 0 } });
  assert.ok(top.some((i: any) => i.label === 'secrets') && !top.some((i: any) => i.label === 'services'));
  // deep: services.api.build.<key>
  const text = COMPOSE.replace('      dockerfile: Dockerfile\n', '      dockerfile: Dockerfile\n      ta\n');
  const uri = uriOf('deep/compose.yaml');
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text } });
  const build = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 8 } });
  assert.ok(build.some((i: any) => i.label === 'target') && !build.some((i: any) => i.label === 'context'));
  const cond = COMPOSE.replace('      - db\n', '      db:\n        condition: \n');
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: cond }] });
  const values = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 19 } });
  assert.deepEqual(values.map((i: any) => i.label).sort(), ['service_completed_successfully', 'service_healthy', 'service_started']);
  // Dockwright's own completion still wins where it applies (service names in depends_on).
  const deps = await req('textDocument/completion', 'compose.yaml', at(8, 8));
  assert.ok(deps.some((i: any) => i.label === 'db'));
});

test('compose hover: schema docs for keys', async () => {
  const hover = await req('textDocument/hover', 'compose.yaml', at(9, 6));
  assert.match(hover.contents.value, /\*\*networks\*\* \(`services\.api\.networks`\)/);
  const restart = await req('textDocument/hover', 'compose.yaml', at(15, 6));
  assert.match(restart.contents.value, /Restart policy/);
});

test('compose outline: sections, services with profiles, networks, volumes', async () => {
  const symbols = await req('textDocument/documentSymbol', 'compose.yaml');
  assert.deepEqual(symbols.map((s: any) => s.name), ['services', 'networks', 'volumes']);
  const services = symbols[0].children;
  assert.deepEqual(services.map((s: any) => s.name), ['api', 'db']);
  assert.equal(services[1].detail, 'postgres:16');
  assert.deepEqual(services[0].children.map((c: any) => c.name), ['dev']);
  assert.deepEqual(symbols[1].children.map((s: any) => s.name), ['back']);
});

test('compose definition: depends_on across files, networks, volumes, build.dockerfile, env_file', async () => {
  const db = await req('textDocument/definition', 'compose.yaml', at(8, 9));
  assert.deepEqual(
    db.map((l: any) => [l.uri, l.range.start.line]).sort(),
    [
      [uriOf('compose.override.yaml'), 4],
      [uriOf('compose.yaml'), 13],
    ].sort(),
  );
  const net = await req('textDocument/definition', 'compose.yaml', at(9, 17));
  assert.deepEqual(net.map((l: any) => l.range.start.line), [18]);
  const vol = await req('textDocument/definition', 'compose.yaml', at(11, 9));
  assert.deepEqual(vol.map((l: any) => l.range.start.line), [20]);
  const dockerfile = await req('textDocument/definition', 'compose.yaml', at(5, 20));
  assert.deepEqual(dockerfile.map((l: any) => l.uri), [uriOf('Dockerfile')]);
  const envFile = await req('textDocument/definition', 'compose.yaml', at(6, 16));
  assert.deepEqual(envFile.map((l: any) => l.uri), [uriOf('api.env')]);
  const links = await req('textDocument/documentLink', 'compose.yaml');
  assert.deepEqual(links.map((l: any) => l.target).sort(), [uriOf('Dockerfile'), uriOf('api.env')].sort());
});

test('compose references and rename of a service across the project files', async () => {
  const refs = await req('textDocument/references', 'compose.yaml', { ...at(13, 3), context: { includeDeclaration: true } });
  assert.deepEqual(
    refs.map((r: any) => `${path.basename(r.uri)}:${r.range.start.line}`).sort(),
    ['compose.override.yaml:3', 'compose.override.yaml:4', 'compose.yaml:13', 'compose.yaml:8'].sort(),
  );
  const highlights = await req('textDocument/documentHighlight', 'compose.yaml', at(13, 3));
  assert.deepEqual(highlights.map((h: any) => h.range.start.line).sort(), [13, 8].sort());
  const prepare = await req('textDocument/prepareRename', 'compose.yaml', at(8, 9));
  assert.deepEqual(prepare, { range: { start: { line: 8, character: 8 }, end: { line: 8, character: 10 } }, placeholder: 'db' });
  const rename = await req('textDocument/rename', 'compose.yaml', { ...at(8, 9), newName: 'database' });
  assert.deepEqual(Object.keys(rename.changes).sort(), [uriOf('compose.override.yaml'), uriOf('compose.yaml')].sort());
  const override = rename.changes[uriOf('compose.override.yaml')].map((e: any) => `${e.range.start.line}:${e.range.start.character}-${e.range.end.character}`);
  assert.deepEqual(override.sort(), ['3:17-19', '4:2-4']);
  await assert.rejects(req('textDocument/rename', 'compose.yaml', { ...at(8, 9), newName: 'api' }), /already exists/);
  await assert.rejects(req('textDocument/rename', 'compose.yaml', { ...at(8, 9), newName: 'bad name' }), /not a valid service name/);
});

test('compose formatting keeps comments and data, and refuses broken YAML', async () => {
  const uri = uriOf('fmt/compose.yaml');
  const text = '# top\nservices:\n    web:   # the web\n        image: nginx\n        ports: [ "80:80" ]\n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text } });
  const edits = await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(edits.length, 1);
  // The yaml printer keeps every comment (a comment after a mapping key moves to the line below it).
  assert.equal(edits[0].newText, '# top\nservices:\n  web:\n    # the web\n    image: nginx\n    ports: [ "80:80" ]\n');
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'services:\n  web: [\n' }] });
  assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
});

test('"Run service" code lens above each compose service, only for a client that has the command', async () => {
  assert.equal(capabilities.codeLensProvider, undefined, 'the standalone server has no command to run a service');
  const vscodeLike = new LspClient();
  try {
    const init = await vscodeLike.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {}, initializationOptions: { runServiceCommand: 'dockwright.startService' } });
    vscodeLike.notify('initialized', {});
    assert.ok(init.capabilities.codeLensProvider);
    const uri = uriOf('compose.yaml');
    vscodeLike.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text: COMPOSE } });
    const lenses = await vscodeLike.request('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l: any) => [l.range.start.line, l.command.title, l.command.command, l.command.arguments[0].service]),
      [
        [2, '$(play) Run service', 'dockwright.startService', 'api'],
        [13, '$(play) Run service', 'dockwright.startService', 'db'],
      ],
    );
  } finally {
    await vscodeLike.shutdown();
  }
});

test('features another Docker extension provides are switched off by the client', async () => {
  const other = new LspClient();
  try {
    const init = await other.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).toString(),
      capabilities: {},
      initializationOptions: { languageFeaturesDisabled: ['dockerfile.completion', 'dockerfile.formatting', 'dockerfile.folding', 'compose.formatting', 'dockerfile.hover'] },
    });
    other.notify('initialized', {});
    assert.equal(init.capabilities.documentFormattingProvider, undefined);
    assert.equal(init.capabilities.foldingRangeProvider, undefined);
    assert.ok(init.capabilities.documentSymbolProvider);
    const uri = uriOf('Dockerfile');
    other.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE } });
    assert.deepEqual(await other.request('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 2 } }), []);
    const hover = await other.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.doesNotMatch(hover.contents.value, /baseImage/);
    other.notify('dockwright/environment', { languageFeaturesDisabled: [] });
    const after = await other.request('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 2 } });
    assert.ok(after.length > 0);
  } finally {
    await other.shutdown();
  }
});

test('bad input never fails a request', async () => {
  const uri = uriOf('bad.Dockerfile');
  const text = 'FROM \\\n\u0000\u0001 ARG ${\nCOPY --from= \nRUN <<EOF\n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  for (let line = 0; line < 4; line++) {
    for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/definition', 'textDocument/documentHighlight', 'textDocument/signatureHelp', 'textDocument/prepareRename']) {
      await client.request(method, { textDocument: { uri }, position: { line, character: 3 } });
    }
  }
  await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  const yamlUri = uriOf('bad/compose.yaml');
  client.notify('textDocument/didOpen', { textDocument: { uri: yamlUri, languageId: 'dockercompose', version: 1, text: 'services: &a\n  x: *a\n  y: [\n' } });
  for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/definition', 'textDocument/references']) {
    await client.request(method, { textDocument: { uri: yamlUri }, position: { line: 1, character: 3 }, context: { includeDeclaration: true } });
  }
  await client.request('textDocument/documentSymbol', { textDocument: { uri: yamlUri } });
  assert.ok(client.alive);
});

test('code actions for every finding: disable for line/file, documentation, fix all, source.fixAll.dockwright', async () => {
  const uri = uriOf('actions/Dockerfile');
  const text = 'FROM alpine:3.22\nRUN apk add git\nRUN apk add curl\nUSER nobody\n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  const dw106 = published.params.diagnostics.filter((d: any) => d.code === 'DW106');
  assert.equal(dw106.length, 2);
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: dw106[0].range, context: { diagnostics: [dw106[0]] } });
  const titles = actions.map((a: any) => a.title);
  assert.deepEqual(titles, ['Add --no-cache to apk add', 'Fix all DW106 in this file (2)', 'Disable DW106 for this line', 'Disable DW106 for this file', 'Show documentation for DW106']);
  const fixAll = actions[1].edit.changes[uri];
  assert.deepEqual(fixAll.map((e: any) => e.range.start.line), [1, 2]);
  assert.deepEqual(actions[2].edit.changes[uri], [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '# dockwright-ignore DW106\n' }]);
  assert.deepEqual(actions[4].command, { title: 'Show documentation for DW106', command: 'dockwright.showRuleDocs', arguments: ['DW106'] });
  assert.ok(capabilities.executeCommandProvider.commands.includes('dockwright.showRuleDocs'));
  assert.ok(capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll.dockwright'));
  const source = await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
  assert.equal(source.length, 1);
  assert.equal(source[0].kind, 'source.fixAll.dockwright');
  assert.deepEqual(source[0].edit.changes[uri].map((e: any) => e.range.start.line), [1, 2]);
  // Applying the line directive silences exactly that finding.
  const silenced = 'FROM alpine:3.22\n# dockwright-ignore DW106\nRUN apk add git\nRUN apk add curl\nUSER nobody\n';
  client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: silenced }] });
  const after = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 2);
  assert.deepEqual(after.params.diagnostics.filter((d: any) => d.code === 'DW106').map((d: any) => d.range.start.line), [3]);
});
