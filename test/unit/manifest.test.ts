// package.json as the Marketplace and VS Code read it: the walkthrough's media files exist and are packaged, its
// command links and completion events name contributed commands and views, the icon is a 128×128 PNG, and the
// README documents every contributed command and setting.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
const views = new Set<string>(Object.values(pkg.contributes.views as Record<string, { id: string }[]>).flatMap((vs) => vs.map((v) => v.id)));
/** Built-in VS Code commands the walkthrough links to on purpose. */
const BUILT_IN = new Set(['workbench.actions.view.problems']);

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string | Record<string, string>; svg?: string };
  completionEvents?: string[];
}

const walkthroughs: { id: string; steps: Step[] }[] = pkg.contributes.walkthroughs ?? [];

/** Paths .vscodeignore ships: it excludes `**` and re-includes `!dir/**` and `!file` entries. */
function packaged(rel: string): boolean {
  const lines = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  assert.equal(lines[0], '**', '.vscodeignore starts by excluding everything');
  return lines.some((l) => l.startsWith('!') && (l.endsWith('/**') ? rel.startsWith(l.slice(1, -2)) : rel === l.slice(1)));
}

function commandLinks(text: string): string[] {
  return [...text.matchAll(/\(command:([A-Za-z0-9_.-]+)(?:\?[^)]*)?\)/g)].map((m) => m[1]);
}

function checkCommand(id: string, where: string): void {
  if (id.startsWith('dockwright.')) assert.ok(commands.has(id), `${where}: command:${id} is not a contributed command`);
  else assert.ok(BUILT_IN.has(id), `${where}: command:${id} is neither contributed nor a known built-in`);
}

test('the walkthrough takes a new user through check → split → wire profiles → build', () => {
  assert.equal(walkthroughs.length, 1);
  assert.deepEqual(
    walkthroughs[0].steps.map((s) => s.id),
    ['check', 'split', 'profiles', 'build'],
  );
  const ids = new Set<string>();
  for (const step of walkthroughs[0].steps) {
    assert.ok(!ids.has(step.id), `duplicate step ${step.id}`);
    ids.add(step.id);
    assert.ok(step.title && step.description, `${step.id}: title and description`);
  }
});

test('every walkthrough step has a packaged markdown page and command links that name contributed commands', () => {
  let links = 0;
  for (const step of walkthroughs.flatMap((w) => w.steps)) {
    const media = step.media.markdown;
    assert.ok(media, `${step.id}: media.markdown`);
    assert.ok(fs.existsSync(path.join(ROOT, media)), `${step.id}: ${media} exists`);
    assert.ok(packaged(media), `${step.id}: ${media} is packaged by .vscodeignore`);
    const stepLinks = commandLinks(step.description);
    assert.ok(stepLinks.length > 0, `${step.id}: the description has a command link`);
    for (const id of [...stepLinks, ...commandLinks(fs.readFileSync(path.join(ROOT, media), 'utf8'))]) {
      checkCommand(id, step.id);
      links++;
    }
    for (const event of step.completionEvents ?? []) {
      const [kind, arg] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
      assert.ok(['onCommand', 'onView', 'onContext', 'onSettingChanged', 'onLink', 'onExtensionInstalled'].includes(kind) || event === 'onStepSelected', `${step.id}: ${event}`);
      if (kind === 'onCommand') checkCommand(arg, `${step.id} completionEvents`);
      if (kind === 'onView' && arg.startsWith('dockwright.')) assert.ok(views.has(arg), `${step.id}: view ${arg}`);
    }
  }
  assert.ok(links >= 5, `only ${links} command links`);
});

test('the command-link checker rejects an unknown command', () => {
  assert.throws(() => checkCommand('dockwright.noSuchCommand', 'probe'));
  assert.throws(() => checkCommand('workbench.action.noSuchThing', 'probe'));
  assert.deepEqual(commandLinks('[a](command:dockwright.splitDockerfile) [b](command:x.y?%5B%5D)'), ['dockwright.splitDockerfile', 'x.y']);
});

test('Marketplace metadata: a 128×128 PNG icon that is packaged, a gallery banner, known categories', () => {
  const icon: string = pkg.icon;
  assert.match(icon, /\.png$/);
  assert.ok(packaged(icon), `${icon} is packaged`);
  const png = fs.readFileSync(path.join(ROOT, icon));
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.match(pkg.galleryBanner.color, /^#[0-9a-fA-F]{6}$/);
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
  const known = ['Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers', 'Other', 'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing', 'AI', 'Chat'];
  for (const c of pkg.categories) assert.ok(known.includes(c), c);
  assert.ok(pkg.keywords.length <= 30);
});

test('the README documents every contributed command and setting', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const c of pkg.contributes.commands as { command: string; title: string }[]) assert.ok(readme.includes(`**${c.title}**`), `README: command "${c.title}"`);
  for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(readme.includes(`\`${key}\``), `README: setting ${key}`);
});
