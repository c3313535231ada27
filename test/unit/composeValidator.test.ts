// The compose-spec validator is precompiled at build time (scripts/generate-compose-validator.mjs, ajv
// standalone). These tests keep the committed module up to date and prove it validates exactly as the
// schema compiled at run time with the same options did: same verdict and same errors on every compose
// file of the corpus, the fixtures and the examples, and on random mutations of them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import precompiled from '../../server/src/core/compose/composeValidator.generated';
import composeSpec from '../../server/src/core/data/compose-spec.json';

const ROOT = path.join(__dirname, '../..');

function composeTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (name === 'node_modules' || name === '.git') continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name)) out.push({ name: path.relative(ROOT, full), text: readFileSync(full, 'utf8') });
    }
  };
  for (const dir of ['bench/corpus/compose', 'test/fixtures/compose-config', 'examples']) walk(path.join(ROOT, dir));
  return out;
}

function runtimeCompiled() {
  const { $schema: _ignored, ...schema } = composeSpec as Record<string, unknown>;
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}

const strip = (errors: unknown) => JSON.parse(JSON.stringify(errors ?? null));

describe('precompiled compose-spec validator', () => {
  it('is up to date with the schema and the installed ajv', async () => {
    const { generate, outFile } = await import('../../scripts/generate-compose-validator.mjs');
    assert.equal(readFileSync(outFile, 'utf8'), generate(), 'run node scripts/generate-compose-validator.mjs');
  });

  const runtime = runtimeCompiled();
  const same = (data: unknown, what: string) => {
    const a = runtime(data);
    const b = precompiled(data);
    assert.equal(b, a, what);
    assert.deepEqual(strip(precompiled.errors), strip(runtime.errors), what);
  };

  it('gives the same verdict and errors as the schema compiled at run time, on every compose file here', () => {
    const files = composeTexts();
    assert.ok(files.length > 100, `${files.length} files`);
    let invalid = 0;
    for (const f of files) {
      let data: unknown;
      try {
        data = parse(f.text, { maxAliasCount: 1000 });
      } catch {
        continue;
      }
      if (typeof data !== 'object' || data === null) continue;
      same(data, f.name);
      if (!runtime(data)) invalid++;
    }
    assert.ok(invalid > 0, 'some files must be invalid, or errors are not compared');
  });

  it('and on random mutations of them (values replaced, keys added)', () => {
    const docs = composeTexts()
      .map((f) => {
        try {
          return parse(f.text, { maxAliasCount: 1000 });
        } catch {
          return undefined;
        }
      })
      .filter((d): d is Record<string, any> => typeof d === 'object' && d !== null && !Array.isArray(d) && typeof d.services === 'object' && d.services !== null);
    const junk = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }));
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 12 }), junk, fc.boolean(), (i, j, key, value, replace) => {
        const doc = structuredClone(docs[i % docs.length]);
        const names = Object.keys(doc.services);
        if (!names.length) return;
        const svc = doc.services[names[j % names.length]];
        if (typeof svc !== 'object' || svc === null) return;
        const keys = Object.keys(svc);
        if (replace && keys.length) svc[keys[j % keys.length]] = value;
        else svc[key] = value;
        same(doc, `mutation of document ${i % docs.length}`);
      }),
      { numRuns: 300, seed: 20 },
    );
  });
});
