// Prints, for every corpus repository (or those named), DW101/DW120 findings and Split's answer per Dockerfile.
// Usage: node --import tsx test/split-corpus/probe.ts [owner__repo ...]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Analysis } from '../../server/src/core/analysis';
import { checkFile } from '../../server/src/core/check';
import { planSplit } from '../../server/src/core/split';
import { fileKind, MemoryWorkspace } from '../../server/src/core/workspace';
import { readTree } from '../helpers';


if (require.main === module) {
  const root = __dirname;
  const names = process.argv.slice(2).length ? process.argv.slice(2) : fs.readdirSync(root).filter((n) => n.includes('__'));
  for (const name of names) {
    const files = readTree(path.join(root, name, 'repo'));
    const ws = new MemoryWorkspace(files);
    const analysis = new Analysis(ws, {});
    console.log(`##### ${name}`);
    for (const f of Object.keys(files).filter((p) => fileKind(p) === 'dockerfile').sort()) {
      const findings = checkFile(f, analysis).filter((x) => x.code === 'DW101' || x.code === 'DW120');
      const r = planSplit(ws, f);
      console.log(`--- ${f}`);
      for (const x of findings) console.log(`  ${x.code} L${x.range.start.line + 1}-${x.range.end.line + 1}: ${x.message}`);
      if (r.notMonolithReason) console.log(`  refused: ${r.notMonolithReason}`);
      else console.log(`  split: ${r.programs.map((p) => `${p.name}[${p.services.join(',')}]`).join(' ')} creates=${r.plan.creates.map((c) => c.path).join(',')}`);
      if (process.env.V) for (const n of r.plan.notes) console.log(`    • ${n}`);
    }
  }
}
