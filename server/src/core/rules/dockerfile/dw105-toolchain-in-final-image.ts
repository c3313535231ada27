import { fileFix, insertLinesBefore, appendLines } from '../../dockerfile/edits';
import { commandForm, effectiveWorkdir } from '../../dockerfile/image';
import { effectiveInstruction, stageLineage, type Instr, type RunCommand, type Stage } from '../../dockerfile/model';
import { parseShell } from '../../dockerfile/shell';
import { testOrToolImage } from './runStages';
import type { DockerfileRule } from '../../rule';
import type { Fix, TextEdit } from '../../types';

const TOOLCHAIN_IMAGES: { image: RegExp; label: string; builds: (w: string[]) => boolean }[] = [
  { image: /(^|\/)golang$/, label: 'Go toolchain', builds: (w) => w[0] === 'go' && (w[1] === 'build' || w[1] === 'install') },
  { image: /(^|\/)rust$/, label: 'Rust toolchain', builds: (w) => w[0] === 'cargo' && (w[1] === 'build' || w[1] === 'install') },
  { image: /(^|\/)(maven)$/, label: 'Maven and a JDK', builds: (w) => /^(mvn|\.\/mvnw)$/.test(w[0] ?? '') && w.some((x) => ['package', 'install', 'verify'].includes(x)) },
  { image: /(^|\/)gradle$/, label: 'Gradle and a JDK', builds: (w) => /^(gradle|\.\/gradlew)$/.test(w[0] ?? '') && w.some((x) => /^(build|assemble|bootJar|installDist|shadowJar)$/.test(x)) },
  { image: /(^|\/)gcc$/, label: 'C/C++ compiler', builds: (w) => /^(make|cmake|gcc|g\+\+)$/.test(w[0] ?? '') },
  { image: /(^|\/)(dotnet\/sdk|mcr\.microsoft\.com\/dotnet\/sdk)$/, label: '.NET SDK', builds: (w) => w[0] === 'dotnet' && (w[1] === 'publish' || w[1] === 'build') },
];

/** `go build -o OUT` outputs in the stage (absolute or resolved against WORKDIR). */
function goOutputs(stage: Stage, commands: { run: Instr; command: RunCommand }[]): string[] {
  const out: string[] = [];
  for (const { run, command } of commands) {
    const w = command.words.map((x) => x.value);
    if (w[0] !== 'go' || w[1] !== 'build') continue;
    const i = w.findIndex((x) => x === '-o' || x.startsWith('-o='));
    const value = i < 0 ? undefined : w[i].startsWith('-o=') ? w[i].slice(3) : w[i + 1];
    if (!value || value.includes('$') || value.endsWith('/')) return [];
    const workdir = effectiveWorkdir(stage, run) ?? '/';
    out.push(value.startsWith('/') ? value : `${workdir.replace(/\/$/, '')}/${value.replace(/^\.\//, '')}`);
  }
  return out;
}

/** Commands that need the toolchain when the container starts: compiling, testing, generating, hot-reloading. */
function usesToolchain(argv: string[]): boolean {
  const [program = '', sub = ''] = argv;
  const name = program.split('/').pop()!;
  if (name === 'go') return /^(run|test|generate|vet|build|install|tool|mod|work)$/.test(sub);
  if (name === 'cargo') return /^(run|test|watch|build|bench|check|clippy|nextest|make)$/.test(sub);
  if (name === 'dotnet') return /^(run|test|watch|build|publish)$/.test(sub);
  return /^(mvn|mvnw|gradle|gradlew|make|cmake|gcc|g\+\+|cc|air|reflex|CompileDaemon|gow|watchexec|golangci-lint|sqlc|buf|protoc)$/.test(name);
}

/** The commands the container runs at start: ENTRYPOINT + CMD, with `sh -c '…'` scripts and shell form parsed. */
function startCommands(stage: Stage): string[][] {
  const entry = effectiveInstruction(stage, 'ENTRYPOINT');
  const cmd = effectiveInstruction(stage, 'CMD');
  const forms = [entry, cmd].map((i) => (i ? commandForm(i) : undefined));
  const out: string[][] = [];
  const argv = [...(forms[0]?.form === 'exec' ? forms[0].argv : []), ...(forms[1]?.form === 'exec' ? forms[1].argv : [])];
  for (const f of forms) if (f?.form === 'shell') out.push(...parseShell(f.script).commands.map((c) => c.argv.map((w) => w.value)));
  if (argv.length) {
    out.push(argv);
    const c = argv.findIndex((a) => a === '-c');
    if (c > 0 && /(^|\/)(ba|a|z)?sh$/.test(argv[0]) && argv[c + 1]) out.push(...parseShell(argv[c + 1]).commands.map((x) => x.argv.map((w) => w.value)));
  }
  return out;
}

/**
 * Whether the image needs its toolchain at run time: it starts `go run`/`go test`/`cargo watch`/`mvn …`, a hot-reload
 * tool, or a third-party tool installed with `go install module@version`/`cargo install` (linters and code generators
 * that call the compiler). Such images are development, test-harness or tool images, not a build shipped by mistake.
 */
function needsToolchainAtRunTime(stage: Stage): 'runs-app' | 'yes' | 'no' {
  const commands = startCommands(stage);
  const using = commands.filter(usesToolchain);
  // `go run .` / `cargo run` / `dotnet run` only compile the app and start it: the toolchain could stay in a build stage.
  if (using.length && using.every((c) => /^(go|cargo|dotnet)$/.test(c[0].split('/').pop()!) && c[1] === 'run')) return 'runs-app';
  if (using.length) return 'yes';
  const started = new Set(commands.map((c) => c[0]?.split('/').pop()).filter(Boolean));
  for (const s of stageLineage(stage)) {
    for (const run of s.runs) {
      // A start script the image writes itself (`RUN echo '… go build …' > compile.sh`, dendrite's ComplementLocal) compiles at start.
      const text = run.instr.argsText;
      const writesStarted = [...started].some((b) => b !== undefined && new RegExp(`>\\s*["']?(\\S*/)?${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(["'\\s;&|]|$)`).test(text));
      if (writesStarted && COMPILES.test(text)) return 'yes';
      for (const c of run.commands) {
        const w = c.words.map((x) => x.value);
        const goTool = w[0] === 'go' && w[1] === 'install' && w.slice(2).some((x) => /^[a-z0-9.-]+\.[a-z]+\/.+@/.test(x) && started.has(x.split('@')[0].split('/').pop()!));
        const cargoTool = w[0] === 'cargo' && w[1] === 'install' && w.slice(2).some((x) => !x.startsWith('-') && started.has(x));
        if (goTool || cargoTool) return 'yes';
      }
    }
  }
  return 'no';
}

/** Compiler invocations in a script's text (also after an `\n` escape of an `echo '…\n…'` script). */
const COMPILES = /(^|[\s;&|(]|\\n)(go\s+(build|run|test|install|generate)|cargo\s+(build|run|test)|mvn|gradle|dotnet\s+(build|run|publish))\b/m;

/**
 * A Go tool image: every build is `go install module@version` of third-party tools (protoc plugins, goimports…) that no
 * later RUN uses, so they are there for the container to run against sources mounted at run time (lnd's lnrpc
 * generator image), and those tools call the toolchain. Nothing of the project is built, so there is no output to copy out.
 */
function goToolImage(stage: Stage, builds: { command: RunCommand }[]): boolean {
  const tools: string[] = [];
  for (const { command } of builds) {
    const w = command.words.map((x) => x.value);
    const modules = w.slice(2).filter((x) => !x.startsWith('-'));
    if (w[0] !== 'go' || w[1] !== 'install' || modules.length === 0 || !modules.every((x) => /^[a-z0-9.-]+\.[a-z]+\/.+@/.test(x))) return false;
    tools.push(...modules.map((x) => x.split('@')[0].split('/').pop()!));
  }
  const installing = new Set(builds.map((b) => b.command));
  return !stageLineage(stage).some((s) => s.runs.some((r) => !r.commands.some((c) => installing.has(c)) && tools.some((t) => new RegExp(`(^|[\\s/;&|(])${t}(\\s|$)`, 'm').test(r.instr.argsText))));
}

const RUNTIME_KEYWORDS = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'USER', 'VOLUME', 'STOPSIGNAL']);

export const dw105: DockerfileRule = {
  code: 'DW105',
  target: 'dockerfile',
  title: 'Toolchain shipped in the final image',
  defaultSeverity: 'warning',
  description:
    'A single-stage build `FROM golang`/`rust`/`maven`/`gradle`/`gcc` that compiles and then runs ships the whole ' +
    'toolchain: hundreds of megabytes, a larger attack surface and slower pulls. Build in one stage and copy only the ' +
    'result into a small runtime stage.',
  fixTitles: ['Convert to a two-stage build'],
  check({ file, model }) {
    const stage = model.finalStage;
    if (!stage) return [];
    const root = stageLineage(stage).pop()!;
    const toolchain = TOOLCHAIN_IMAGES.find((t) => t.image.test(root.image.name));
    if (!toolchain) return [];
    const atRunTime = needsToolchainAtRunTime(stage);
    if (atRunTime === 'yes') return [];
    const builds = stageLineage(stage).flatMap((s) => s.runs.flatMap((r) => r.commands.filter((c) => toolchain.builds(c.words.map((w) => w.value))).map((command) => ({ run: r.instr, command }))));
    if (!builds.length) return [];
    if (toolchain.label === 'Go toolchain' && goToolImage(stage, builds)) return [];
    const fixes: Fix[] = [];
    const outputs = toolchain.label === 'Go toolchain' && stage === root ? goOutputs(stage, builds) : [];
    if (outputs.length && !stage.name) {
      const runtimeImage = root.distro === 'alpine' ? 'alpine:3.22' : 'debian:bookworm-slim';
      const eol = model.lines.eol;
      const splitAt = stage.instructions.find((i) => RUNTIME_KEYWORDS.has(i.keyword));
      const workdir = effectiveWorkdir(stage);
      const envLines = stage.instructions.filter((i) => i.keyword === 'ENV' && (!splitAt || i.range.start.line < splitAt.range.start.line)).map((i) => model.lines.text.slice(model.lines.offsetAt(i.range.start), model.lines.offsetAt(i.range.end)));
      const lines = [
        '',
        `FROM ${runtimeImage}`,
        ...(workdir ? [`WORKDIR ${workdir}`] : []),
        ...envLines.filter((l) => !/\b(CGO_ENABLED|GOOS|GOARCH|GOFLAGS|GOPATH|GOCACHE)\b/.test(l)),
        ...outputs.map((o) => `COPY --from=build ${o} ${o}`),
      ];
      const edits: TextEdit[] = [{ range: stage.image.range, newText: `${model.text.slice(model.lines.offsetAt(stage.image.range.start), model.lines.offsetAt(stage.image.range.end))} AS build` }];
      edits.push(splitAt ? insertLinesBefore(model, splitAt, lines) : appendLines(model, lines));
      void eol;
      fixes.push(fileFix(file, `Build in a "build" stage and run from ${runtimeImage}`, edits, true));
    }
    if (atRunTime === 'runs-app') {
      return [
        {
          range: stage.image.range,
          severity: 'info',
          message: `The final image is ${root.image.raw} and its CMD/ENTRYPOINT compiles and starts the app with the ${toolchain.label} (\`run\`), so it needs the toolchain as written; building the binary in one stage and running it from a small runtime stage would drop it.`,
        },
      ];
    }
    // A test or tool image (dendrite's Complement images) ships its toolchain to rebuild on demand: advice there.
    const testTool = testOrToolImage(file);
    return [
      {
        range: stage.image.range,
        ...(testTool ? { severity: 'info' as const } : {}),
        message:
          `The final image is ${root.image.raw}, which ships the ${toolchain.label} it only needs for building; copy the build output into a small runtime stage.` +
          (testTool ? ` This looks like a test, CI or tool image (${testTool}), where a toolchain kept for rebuilding is common, so this is advice.` : ''),
        fixes,
      },
    ];
  },
};
