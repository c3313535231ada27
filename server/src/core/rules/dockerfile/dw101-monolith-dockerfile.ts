import type { DockerfileRule } from '../../rule';
import { monolithInfo } from '../../split/detect';
import { imageRepository } from '../../split/references';
import type { Range } from '../../types';

export const SPLIT_COMMAND = 'dockwright.splitDockerfile';

export const dw101: DockerfileRule = {
  code: 'DW101',
  target: 'dockerfile',
  title: 'Dockerfile builds several programs',
  defaultSeverity: 'info',
  description:
    'One Dockerfile builds several programs (several `go build -o`, `cargo build --bin`, `make` targets…) and compose services ' +
    'pick one with `command:`. Every image then carries every binary and every build and runtime dependency any of them needs ' +
    '(a C toolchain and libwebp for a pure-Go worker). Splitting gives each program its own lean Dockerfile (or build target) ' +
    'with only what it needs, and rewires compose. Reported only with evidence that different services run different programs ' +
    '(compose services, or docs/scripts/CI running the image with another program); not for a daemon with its admin tools or ' +
    'CLI, a test harness or toolbox, a development image with bind-mounted source, an ARG-parametrised build, or one ' +
    'interpreted application. See docs/split.md.',
  fixTitles: ['Split Dockerfile', 'Split into build targets'],
  check({ file, model, analysis }) {
    const info = monolithInfo(analysis, file, model);
    if (!info || info.notMonolithReason) return [];
    const programs = info.discovery.programs;
    const first = info.discovery.builds.find((b) => programs.some((p) => p.builds.some((pb) => pb.build === b)));
    const final = model.finalStage;
    const instr = first?.run.instr ?? (final && [...final.instructions].reverse().find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')) ?? final?.from;
    if (!instr) return [];
    // The whole instruction (a RUN continued over several lines is one build).
    const range: Range = { start: instr.range.start, end: { line: instr.range.end.line, character: model.lines.lineText(instr.range.end.line).length } };
    const runners = programs.filter((p) => p.services.length);
    // Services that run the image this Dockerfile publishes (CI tags, docker build -t, a compose builder's image:) rather than build it.
    const runnerServices = runners.flatMap((p) => p.services);
    const published = [...new Set(runnerServices.filter((s) => s.viaImage).map((s) => imageRepository(s.viaImage!) ?? s.viaImage!))];
    const source = !published.length ? 'from it' : `from ${runnerServices.every((s) => s.viaImage) ? '' : 'it and '}the image it publishes (${published.join(', ')})`;
    const services = runners.length
      ? ` Compose runs ${runners.map((p) => (p.services.length === 1 && p.services[0].name === p.name ? p.name : `${p.name} (${p.services.map((s) => s.name).join(', ')})`)).join(', ')} ${source}.`
      : '';
    const cgo = programs.filter((p) => p.cgo === true).map((p) => p.name);
    const pure = programs.filter((p) => p.cgo === false).map((p) => p.name);
    // For Rust programs `cgo` means "links a system C library through a -sys crate".
    const rust = programs.length > 0 && programs.every((p) => p.language === 'rust');
    const one = (n: string[], singular: string, plural: string) => (n.length === 1 ? singular : plural);
    const why = !(cgo.length && pure.length)
      ? ''
      : rust
        ? ` Only ${cgo.join(', ')} link${one(cgo, 's', '')} system C libraries; ${pure.join(', ')} ${one(pure, 'links', 'link')} none yet ship${one(pure, 's', '')} with them.`
        : ` Only ${cgo.join(', ')} need${one(cgo, 's', '')} cgo; ${pure.join(', ')} ${one(pure, 'is', 'are')} pure Go yet ship${one(pure, 's', '')} with its C dependencies.`;
    // What Split will do, in one sentence.
    const names = (n: string[]) => (n.length <= 1 ? n.join('') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`);
    const keep = rust ? 'keep their system C libraries' : 'keep cgo';
    const drop = rust ? 'drops them' : 'drops it';
    const detail =
      cgo.length && pure.length
        ? `: ${names(cgo)} ${cgo.length === 1 ? keep.replace('keep', 'keeps').replace('their', 'its') : keep}, ${names(pure)} ${pure.length === 1 ? drop : drop.replace('drops', 'drop')}`
        : '';
    const plan = ` Split Dockerfile writes ${programs.length} per-program Dockerfiles${detail}.`;
    return [
      {
        range,
        message: first
          ? `This Dockerfile builds ${programs.length} programs (${programs.map((p) => p.name).join(', ')}) into one image.${services}${why}${plan}`
          : `Compose services run ${programs.length} different entrypoints of this one image (${programs.map((p) => p.command?.join(' ') ?? p.name).join(' / ')}) by overriding command:.${services}${plan}`,
        fixes: [
          { title: 'Split Dockerfile', isPreferred: true, edits: [], command: { id: SPLIT_COMMAND, arguments: [{ workspacePath: file }, 'files'] } },
          { title: 'Split into build targets', edits: [], command: { id: SPLIT_COMMAND, arguments: [{ workspacePath: file }, 'targets'] } },
        ],
      },
    ];
  },
};
