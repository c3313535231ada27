import { stageLineage } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import { monolithInfo } from '../../split/detect';
import type { Range } from '../../types';

/** Programs a Dockerfile compiles in a build stage but never copies into the image it ships (the dendrite shape). */
export const dw120: DockerfileRule = {
  code: 'DW120',
  target: 'dockerfile',
  title: 'Programs built but never shipped',
  defaultSeverity: 'info',
  fixTitles: [],
  description:
    'A build stage compiles programs (`go build ./cmd/...`, `cargo build --bins`, several `go build`s) that no `COPY --from` ' +
    'brings into the shipped image. Every build pays for compiling and caching them and the image never contains them. ' +
    'Build only the programs the image ships (or ship the missing ones if they were meant to be there).',
  check({ file, model, analysis }) {
    if (model.stages.length < 2) return [];
    const info = monolithInfo(analysis, file, model);
    // A service that builds another target ships another stage: what "shipped" means is then per target.
    if (!info || info.services.some((s) => s.target)) return [];
    const programs = info.discovery.programs.filter((p) => p.language !== 'other' && p.builds.length);
    if (programs.length < 2) return [];
    // Every stage nothing else builds on or copies from can be a build target: what reaches any of them is shipped.
    const leaves = model.stages.filter((s) => !s.children.length && !s.copiedBy.length);
    const lineage = new Set(leaves.flatMap((s) => stageLineage(s)));
    const shipped = (p: (typeof programs)[number]) => p.copies.length > 0 || p.builds.some((b) => lineage.has(b.build.stage));
    const unshipped = programs.filter((p) => !shipped(p));
    const kept = programs.filter(shipped);
    if (!unshipped.length || !kept.length) return [];
    const instr = unshipped[0].builds[0].build.run.instr;
    const range: Range = { start: instr.range.start, end: { line: instr.range.end.line, character: model.lines.lineText(instr.range.end.line).length } };
    const list = (ps: typeof programs) => ps.map((p) => p.name).join(', ');
    return [
      {
        range,
        message:
          `This build compiles ${programs.length} programs but the image ships ${kept.length} (${list(kept)}): ` +
          `${list(unshipped)} ${unshipped.length === 1 ? 'is' : 'are'} built and never copied into the final stage. ` +
          `Build only what the image ships, or copy ${unshipped.length === 1 ? 'it' : 'them'} in if ${unshipped.length === 1 ? 'it was' : 'they were'} meant to be there.`,
        fixes: [],
      },
    ];
  },
};
