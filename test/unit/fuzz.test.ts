import fc from 'fast-check';
import { test } from 'node:test';
import { newStats, properties } from '../fuzz/properties';

// Fast profile: a few hundred cases in total, a fresh seed each run (printed by fast-check on failure, so a
// failure can be replayed with FUZZ_SEED=<seed>). The long profile is `npm run fuzz`.
const RUNS = Number(process.env.FUZZ_FAST_RUNS ?? 60);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const stats = newStats();
for (const [name, property] of Object.entries(properties(stats))) {
  test(`fuzz (fast): ${name} never throw, never hang, fixes re-check`, () => {
    fc.assert(property, { numRuns: RUNS, seed, endOnFailure: false });
  });
}
