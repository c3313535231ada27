import { stageLineage, type Instr, type Stage } from '../../dockerfile/model';
import { comparePositions } from '../../text';
import { suggestName } from '../../dockerfile/buildkit';
import { insertLinesBefore, fileFix } from '../../dockerfile/edits';
import { stageRule, type Report } from '../../rule';
import type { Range } from '../../types';

/** Instructions whose arguments Docker itself expands (RUN/CMD are expanded by the shell at run time). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Always defined: proxy ARGs and BuildKit's platform ARGs (in FROM lines), plus env vars official base images set. */
const PREDEFINED = new Set([
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
  'PATH', 'HOME', 'HOSTNAME', 'LANG', 'LC_ALL', 'GOPATH', 'GOLANG_VERSION', 'GOTOOLCHAIN', 'NODE_VERSION', 'YARN_VERSION', 'PYTHON_VERSION',
  'PYTHON_SHA256', 'GPG_KEY', 'JAVA_HOME', 'JAVA_VERSION', 'CARGO_HOME', 'RUSTUP_HOME', 'RUST_VERSION', 'NGINX_VERSION', 'NJS_VERSION',
  'PG_MAJOR', 'PG_VERSION', 'PGDATA', 'REDIS_VERSION', 'RUBY_VERSION', 'GEM_HOME', 'BUNDLE_APP_CONFIG', 'PHP_VERSION', 'PHP_INI_DIR',
  'MAVEN_HOME', 'GRADLE_HOME', 'R_HOME', 'R_VERSION', 'CRAN', 'DOTNET_VERSION', 'ASPNET_VERSION', 'APP_UID',
]);
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETSTAGE']);

/** `$NAME` / `${NAME}` uses without a default (`${NAME:-x}` / `${NAME:+x}` are deliberate). */
export function variableUses(text: string, escapeChar: string, withDefaults = false): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  const re = /\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (const m of text.matchAll(re)) {
    const at = m.index!;
    if (at > 0 && text[at - 1] === escapeChar) continue;
    if (m[2] && /^:?[-+]/.test(m[2]) && !withDefaults) continue;
    out.push({ name: m[1] ?? m[3], start: at, end: at + m[0].length });
  }
  return out;
}

/** Whether an offset of an instruction's arguments lies inside single quotes (outside double quotes), as Docker's word expansion reads them. */
function singleQuoted(text: string, escapeChar: string): (offset: number) => boolean {
  const ranges: [number, number][] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") {
        ranges.push([start, i]);
        quote = undefined;
      }
    } else if (c === escapeChar) i++;
    else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      start = i;
    }
  }
  return (offset) => ranges.some(([a, b]) => offset > a && offset < b);
}

export const dw118 = stageRule({
  code: 'DW118',
  target: 'dockerfile',
  title: 'Variable used but never declared',
  defaultSeverity: 'warning',
  description:
    'Docker expands `$NAME` in `FROM`, `COPY`, `ADD`, `ENV`, `WORKDIR`, `USER`, `EXPOSE`, `LABEL`, `VOLUME` only from `ARG`/`ENV` ' +
    'declared in scope; anything else silently becomes an empty string (`COPY $APP_DIR /app` copies the whole context). ' +
    'Global `ARG`s before the first `FROM` are visible in `FROM` lines only, unless the stage re-declares them with `ARG NAME`.',
  fixTitles: ['Declare ARG NAME'],
  checkStage({ file, model, stage }) {
    const reports: Report[] = [];
    const report = (name: string, range: Range, fixBefore: Instr | undefined, inStage: Stage | undefined, known: Iterable<string>, withDefault = false) => {
      const globalHint = inStage && model.globalArgs.has(name) ? ` It is declared before the first FROM, which is visible in FROM lines only; re-declare it with \`ARG ${name}\` in this stage.` : '';
      const suggestion = suggestName(name, known);
      const check = inStage ? 'UndefinedVar' : 'UndefinedArgInFrom';
      reports.push({
        range,
        message: withDefault
          ? `$${name} is not declared by an ARG before the first FROM, so only its default here applies and a --build-arg for it is ignored${suggestion ? ` (did you mean $${suggestion}?)` : ''}. [BuildKit ${check}]`
          : `$${name} is not declared by ARG or ENV in this scope, so Docker expands it to an empty string${suggestion ? ` (did you mean $${suggestion}?)` : ''}.${globalHint} [BuildKit ${check}]`,
        fixes: fixBefore ? [fileFix(file, `Declare ARG ${name}`, [insertLinesBefore(model, fixBefore, [`ARG ${name}`])], true)] : [],
        buildkit: check,
      });
    };
    const lineOffset = (instr: Instr) => model.lines.offsetAt(instr.argsRange!.start);
    const from = stage.from;
    if (from.argsRange) {
      // BuildKit's UndefinedArgInFrom: the image and `--platform=` may use global ARGs and the platform ARGs only
      // (a `${NAME:-default}` counts too: BuildKit still reports the undeclared name).
      const known = [...model.globalArgs.keys(), ...PLATFORM_ARGS];
      const seen = new Set<string>();
      const words: { text: string; offset: number }[] = [];
      const platform = from.flags.find((f) => f.name.toLowerCase() === 'platform' && f.value);
      if (platform?.value) words.push({ text: platform.value, offset: model.lines.offsetAt(platform.range.end) - platform.value.length });
      const image = from.node.getArguments().find((a) => !a.getValue().startsWith('--'));
      if (image) words.push({ text: image.getValue(), offset: model.lines.offsetAt(image.getRange().start) });
      for (const word of words) {
        for (const use of variableUses(word.text, model.escapeChar, true)) {
          if (model.globalArgs.has(use.name) || PLATFORM_ARGS.has(use.name) || seen.has(use.name)) continue;
          seen.add(use.name);
          const start = word.offset + use.start;
          // The fix declares the ARG above the first FROM, whose line is part of every stage's key (StageRule).
          const firstFrom = model.stages[0].from;
          const withDefault = /^\$\{\w+:?-/.test(word.text.slice(use.start, use.end));
          report(use.name, { start: model.lines.positionAt(start), end: model.lines.positionAt(start - use.start + use.end) }, firstFrom, undefined, known, withDefault);
        }
      }
    }
    // Names declared so far: everything the parent stages declare, plus this stage's ARG/ENV before the instruction.
    const declared = new Set<string>();
    for (const s of stageLineage(stage)) if (s !== stage) for (const v of s.vars) declared.add(v.name);
    let nextVar = 0;
    for (const instr of stage.instructions) {
      while (nextVar < stage.vars.length && stage.vars[nextVar].instr !== instr && comparePositions(stage.vars[nextVar].instr.range.start, instr.range.start) < 0) declared.add(stage.vars[nextVar++].name);
      if (!EXPANDED.has(instr.keyword) || !instr.argsRange) continue;
      // ENV A=1 B=$A: earlier pairs of the same ENV are in scope.
      const sameInstr = stage.vars.filter((v) => v.instr === instr);
      const quoted = singleQuoted(instr.argsText, model.escapeChar);
      for (const use of variableUses(instr.argsText, model.escapeChar)) {
        if (declared.has(use.name) || PREDEFINED.has(use.name)) continue;
        // Docker's word expansion leaves '…' alone: `LABEL run='docker run --name ${NAME} …'` keeps the text.
        if (quoted(use.start)) continue;
        const start = lineOffset(instr) + use.start;
        if (sameInstr.some((v) => v.name === use.name && model.lines.offsetAt(v.nameRange.start) < start)) continue;
        report(use.name, { start: model.lines.positionAt(start), end: model.lines.positionAt(start - use.start + use.end) }, instr, stage, declared);
      }
    }
    return reports;
  },
});
