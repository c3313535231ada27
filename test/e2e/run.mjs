#!/usr/bin/env node
// Offline end-to-end runner (`npm run test:e2e`): runs test/e2e/suite inside a real VS Code (code-server
// 4.100.3 = VS Code 1.100.3) driven by headless Debian chromium through playwright-core.
//
//   node test/e2e/run.mjs [--screenshot DIR] [--grep PATTERN] [--keep] [--no-install]
//
// Two sessions, each on a fresh copy of examples/photos: a trusted workspace running every *.test.js except the
// *.untrusted.test.js files, then the same folder in restricted mode (workspace trust on, never granted) running
// only those. Exits 0 only if every test passed, and prints `e2e: N passed, M failed` as its last line.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { buildExtensionAndSuite, makeScratch, repoRoot } from './prepare.mjs';

const LIMITS = {
  install: 15 * 60_000,
  serverStart: 60_000,
  pageLoad: 60_000,
  suite: 5 * 60_000,
  shutdown: 5_000,
};

const { values: options } = parseArgs({
  options: {
    screenshot: { type: 'string' },
    grep: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-install': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`e2e: ${message}`);

/** Everything that must be stopped or removed, whatever way the run ends. */
const owned = { sessions: [] };
let cleanedUp = false;

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroupOrPid(pid, signal, group) {
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    try {
      if (group) process.kill(pid, signal); // not a group leader after all
    } catch {
      // already gone
    }
  }
}

async function stopProcess(pid, group) {
  if (!pid) return;
  // With `group`, wait for every member of the process group, not just its leader.
  const alive = () => isAlive(group ? -pid : pid) || isAlive(pid);
  killGroupOrPid(pid, 'SIGTERM', group);
  const deadline = Date.now() + LIMITS.shutdown;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) killGroupOrPid(pid, 'SIGKILL', group);
  const killDeadline = Date.now() + 2_000;
  while (alive() && Date.now() < killDeadline) await sleep(100);
}

function stopSession(session) {
  session.stopping ??= (async () => {
    if (session.browser) await withTimeout(session.browser.close(), LIMITS.shutdown, 'disconnecting from chromium').catch(() => {});
    if (session.browserServer) await withTimeout(session.browserServer.close(), LIMITS.shutdown, 'closing chromium').catch(() => {});
    // Playwright starts chromium as a process-group leader: stop its helpers (renderer, zygote) with it.
    await stopProcess(session.browserPid, true);
    await stopProcess(session.serverPid, true);
    if (!options.keep) rmSync(session.scratch, { recursive: true, force: true });
    else say(`kept scratch folder ${session.scratch}`);
  })();
  return session.stopping;
}

async function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const session of owned.sessions) await stopSession(session);
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    say(`${signal}: stopping code-server and chromium`);
    cleanup().finally(() => process.exit(code));
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s ${what}`)), ms);
    }),
  ]);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function install() {
  const script = join(repoRoot, 'test/e2e/install.sh');
  const out = execFileSync('bash', [script], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: LIMITS.install });
  const dir = out.trim().split('\n').pop();
  if (!dir || !existsSync(join(dir, 'node_modules/code-server/out/node/entry.js'))) throw new Error(`install.sh did not produce code-server (got "${dir}")`);
  return dir;
}

function installDirWithoutInstalling() {
  const candidates = [process.env.DOCKWRIGHT_E2E_HOME, join(process.env.HOME ?? '/root', '.cache/dockwright-e2e'), join(repoRoot, '.vscode-test/code-server')];
  const dir = candidates.find((d) => d && existsSync(join(d, '.installed')));
  if (!dir) throw new Error('--no-install: no finished install found; run bash test/e2e/install.sh');
  return dir;
}

function findChromium() {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('chromium not found (set CHROMIUM_PATH or run test/e2e/install.sh)');
}

async function waitForHealthz(port, serverExited) {
  const deadline = Date.now() + LIMITS.serverStart;
  while (Date.now() < deadline) {
    if (serverExited()) throw new Error('code-server exited during start-up');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer /healthz within ${LIMITS.serverStart / 1000} s`);
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function answerUiRequest(page, request) {
  if (typeof request.query === 'string') {
    const matches = page.locator(request.query);
    if (request.waitMs) await matches.first().waitFor({ state: 'attached', timeout: request.waitMs }).catch(() => {});
    return matches.evaluateAll((elements) =>
      elements.map((e) => ({ text: (e.innerText ?? e.textContent ?? '').trim(), label: e.getAttribute('aria-label'), checked: 'checked' in e ? Boolean(e.checked) : null })),
    );
  }
  if (typeof request.click === 'string') {
    const target = page.locator(request.click, request.hasText ? { hasText: request.hasText } : {}).first();
    await target.click({ timeout: 20_000 });
    return { clicked: true };
  }
  throw new Error(`unknown UI request ${JSON.stringify(request)}`);
}

/**
 * One code-server + chromium session running the compiled suite on a fresh copy of examples/photos.
 * `trusted: false` keeps workspace trust on and never grants it, so the folder opens in restricted mode and only
 * the `*.untrusted.test.js` files run.
 */
async function runSession(installDir, testsEntry, { trusted, screenshotDir }) {
  const label = trusted ? 'trusted workspace' : 'untrusted workspace';
  const { scratch, workspace } = makeScratch();
  const session = { serverPid: undefined, browserPid: undefined, browser: undefined, browserServer: undefined, scratch };
  owned.sessions.push(session);
  try {
    return await runInSession(session, installDir, testsEntry, { trusted, screenshotDir, label, workspace });
  } finally {
    await stopSession(session);
  }
}

async function runInSession(session, installDir, testsEntry, { trusted, screenshotDir, label, workspace }) {
  const { scratch } = session;
  const resultFile = join(scratch, 'result.json');
  const screenshotRequest = join(scratch, 'screenshot-request');
  const uiRequest = join(scratch, 'ui-request');
  for (const dir of ['tmp', 'user-data/User', 'extensions']) mkdirSync(join(scratch, dir), { recursive: true });
  const engineLog = join(scratch, 'engine-calls.log');
  const fakeDocker = join(scratch, 'fake-docker');
  writeFileSync(fakeDocker, `#!/bin/sh\necho "$*" >> '${engineLog}'\necho 'fake engine: not a real docker' >&2\nexit 1\n`, { mode: 0o755 });
  const userSettings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    // A stand-in engine CLI that only records its calls: the suite checks which commands reach the engine.
    'dockwright.engine.dockerPath': fakeDocker,
    'dockwright.engine.composePath': fakeDocker,
  };
  writeFileSync(join(scratch, 'user-data/User/settings.json'), JSON.stringify(userSettings, null, 2));

  const port = await freePort();
  const serverLog = join(scratch, 'code-server.log');
  const logStream = createWriteStream(serverLog);
  const server = spawn(
    process.execPath,
    [
      join(installDir, 'node_modules/code-server/out/node/entry.js'),
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(trusted ? ['--disable-workspace-trust'] : []),
      '--disable-getting-started-override',
      '--user-data-dir', join(scratch, 'user-data'),
      '--extensions-dir', join(scratch, 'extensions'),
    ],
    {
      cwd: scratch,
      detached: true, // own process group, so the whole tree can be stopped by PID
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TMPDIR: join(scratch, 'tmp'),
        DOCKWRIGHT_E2E_RESULT: resultFile,
        DOCKWRIGHT_E2E_MODE: trusted ? 'trusted' : 'untrusted',
        DOCKWRIGHT_E2E_UI_REQUEST: uiRequest,
        DOCKWRIGHT_E2E_ENGINE_LOG: engineLog,
        ...(screenshotDir ? { DOCKWRIGHT_E2E_SCREENSHOT_REQUEST: screenshotRequest } : {}),
        ...(options.grep ? { DOCKWRIGHT_E2E_GREP: options.grep } : {}),
      },
    },
  );
  session.serverPid = server.pid;
  server.stdout.pipe(logStream);
  server.stderr.pipe(logStream);
  let serverExited = false;
  server.on('exit', () => (serverExited = true));
  await waitForHealthz(port, () => serverExited);
  say(`[${label}] code-server (pid ${server.pid}) listening on 127.0.0.1:${port} (${elapsed()})`);

  const { chromium } = await import('playwright-core');
  // launchServer (not launch) exposes the chromium process, so it can be stopped by PID like code-server.
  const browserServer = await chromium.launchServer({
    executablePath: findChromium(),
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
    ],
  });
  session.browserServer = browserServer;
  session.browserPid = browserServer.process()?.pid;
  const browser = await chromium.connect(browserServer.wsEndpoint(), { timeout: 30_000 });
  session.browser = browser;
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });

  const hostLog = [];
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    hostLog.push(type === 'error' ? `[error] ${text}` : text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  page.on('pageerror', (error) => hostLog.push(`[pageerror] ${error.message}`));

  // Screenshot handshake: the suite writes the wanted file name to the request file and waits until it is gone.
  let screenshots = 0;
  let shooting = false;
  const screenshotPoller = screenshotDir
    ? setInterval(async () => {
        if (shooting || !existsSync(screenshotRequest)) return;
        shooting = true;
        const name = readFileSync(screenshotRequest, 'utf8').trim().replace(/[^\w.-]/g, '_') || 'workbench';
        try {
          await page.screenshot({ path: join(screenshotDir, `${name}.png`), timeout: 10_000 });
          screenshots++;
          say(`screenshot ${join(screenshotDir, `${name}.png`)}`);
        } catch (error) {
          say(`screenshot ${name} failed: ${error.message}`);
        }
        try {
          unlinkSync(screenshotRequest);
        } catch {
          // the suite gave up waiting
        }
        shooting = false;
      }, 200)
    : undefined;

  // UI handshake for what only a user can do in the page (look at the refactor preview, press its Apply button,
  // answer a dialog): the suite writes a request (JSON) to the request file and waits until it is gone; the answer
  // (JSON) is in `<request file>.out` by then.
  //   { "query": CSS selector, "waitMs": n }  -> [{ text, label, checked }] of every match (waits up to n ms for one)
  //   { "click": CSS selector, "hasText": s } -> { clicked: true } (waits up to 20 s for a visible match)
  let uiBusy = false;
  const uiPoller = setInterval(async () => {
    if (uiBusy || !existsSync(uiRequest)) return;
    uiBusy = true;
    let answer;
    try {
      answer = await answerUiRequest(page, JSON.parse(readFileSync(uiRequest, 'utf8')));
    } catch (error) {
      answer = { error: error.message };
      say(`UI request failed: ${error.message}`);
    }
    try {
      writeFileSync(`${uiRequest}.out`, JSON.stringify(answer));
      unlinkSync(uiRequest);
    } catch {
      // the suite gave up waiting
    }
    uiBusy = false;
  }, 100);

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(testsEntry)],
  ]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  await page.goto(url, { timeout: LIMITS.pageLoad, waitUntil: 'domcontentloaded' });
  say(`[${label}] workbench opened in headless chromium (pid ${session.browserPid}); running the suite (${elapsed()})`);

  let exitCode;
  try {
    exitCode = await withTimeout(exited, LIMITS.suite, 'waiting for the suite to finish');
  } finally {
    if (screenshotPoller) clearInterval(screenshotPoller);
    clearInterval(uiPoller);
  }

  // Workbench chatter comes first; the suite's own output starts at its marker line.
  const start = hostLog.findIndex((l) => l.includes('dockwright-e2e: suite start'));
  const testOutput = start >= 0 ? hostLog.slice(start + 1) : hostLog;
  if (testOutput.length) console.log(testOutput.join('\n'));

  let result;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch {
    console.log(`e2e: [${label}] FAILED: the suite wrote no result (exit code ${exitCode}); code-server log:\n${tail(serverLog)}`);
    return { ok: false, passed: 0, failed: 1, pending: 0 };
  }
  for (const failure of result.failures) console.log(`\nFAILED [${label}] ${failure.title}\n${failure.message}`);
  if (screenshotDir && screenshots === 0) say(`[${label}] no screenshot was requested by the suite`);
  say(`[${label}] ${result.passed} passed, ${result.failed} failed (${elapsed()})`);
  return { ok: exitCode === 0 && result.failed === 0 && (result.passed > 0 || Boolean(options.grep)), ...result };
}

async function main() {
  const installDir = options['no-install'] ? installDirWithoutInstalling() : install();
  say(`VS Code host ready in ${installDir} (${elapsed()})`);

  const testsEntry = await buildExtensionAndSuite();
  say(`extension and suite built (${elapsed()})`);

  const screenshotDir = options.screenshot ? resolve(options.screenshot) : undefined;
  if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });

  const results = [];
  for (const trusted of [true, false]) results.push(await runSession(installDir, testsEntry, { trusted, screenshotDir }));
  const total = (key) => results.reduce((n, r) => n + (r[key] ?? 0), 0);
  say(`finished in ${elapsed()}`);
  const skipped = total('pending') ? `, ${total('pending')} skipped` : '';
  console.log(`e2e: ${total('passed')} passed, ${total('failed')} failed${skipped}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`e2e: FAILED: runner error: ${error?.stack ?? error}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
