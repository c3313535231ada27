// Runs a bundled entry point (argv[2]) in this process with the remaining arguments, and on exit
// reports this process's own resource usage as JSON on file descriptor 3 for bench/run.ts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const started = process.hrtime.bigint();
const entry = path.resolve(process.argv[2]);
process.argv.splice(1, 2, entry);
process.on('exit', (code) => {
  const usage = process.resourceUsage();
  const report = { exitCode: code, maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, inProcessMs: Number(process.hrtime.bigint() - started) / 1e6 };
  try {
    fs.writeSync(3, JSON.stringify(report));
  } catch {
    /* no fd 3: run by hand */
  }
});
const mod = require(entry);
if (typeof mod.run === 'function') mod.run();
