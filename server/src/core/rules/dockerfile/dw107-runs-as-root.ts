import { contextOf, type Analysis } from '../../analysis';
import { commandForm, windowsBase } from '../../dockerfile/image';
import { effectiveInstruction, effectiveUser, isRootUser, stageLineage, type DockerfileModel, type Instr, type Stage } from '../../dockerfile/model';
import { dirName, joinPath } from '../../workspace';
import type { DockerfileRule, Report } from '../../rule';
import { insertAt } from '../../text';
import type { Fix, TextEdit } from '../../types';
import { stagesThatRun, testOrToolImage } from './runStages';
import { shipsWasm } from './wasm';

export const NON_ROOT_UID = 1001;

/** Instructions that create a non-root `app` user on this distro family, or just a USER line where none can be created. */
export function nonRootUserLines(stage: Stage, name = 'app', uid = NON_ROOT_UID): string[] {
  switch (stage.distro) {
    case 'alpine':
      return [`RUN addgroup -S -g ${uid} ${name} && adduser -S -u ${uid} -G ${name} ${name}`, `USER ${name}`];
    case 'debian':
      return [`RUN groupadd --system --gid ${uid} ${name} && useradd --system --uid ${uid} --gid ${name} --no-create-home ${name}`, `USER ${name}`];
    case 'distroless':
      return ['USER nonroot:nonroot'];
    default:
      return [`USER ${uid}:${uid}`];
  }
}

/** Inserts the user lines before the first CMD/ENTRYPOINT/HEALTHCHECK of the stage, or at the end of the stage (of the file for the final stage). */
function insertUserLines(model: DockerfileModel, stage: Stage, lines: string[]): TextEdit {
  const eol = model.lines.eol;
  const runtimeStart = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'HEALTHCHECK');
  if (runtimeStart) return insertAt({ line: runtimeStart.range.start.line, character: 0 }, lines.join(eol) + eol);
  const next = model.stages[stage.index + 1];
  if (next) return insertAt({ line: next.from.range.start.line, character: 0 }, lines.join(eol) + eol + eol);
  const lastLine = model.lines.lineCount - 1;
  const end = { line: lastLine, character: model.lines.lineText(lastLine).length };
  const lead = model.lines.lineText(lastLine) === '' ? '' : eol;
  return insertAt(end, lead + lines.join(eol) + eol);
}

/** Images that run as an unprivileged user unless told otherwise. */
/**
 * Images that set a non-root USER themselves: grafana (472), prometheus/alertmanager (nobody), Elastic's
 * elasticsearch/kibana/logstash (1000). Only without a USER of the Dockerfile's own (`USER root` is still reported).
 */
function baseSetsNonRootUser(stage: Stage): boolean {
  const name = stageLineage(stage).pop()!.image.name.toLowerCase();
  // Elastic's Beats and Elastic Agent images end with `USER filebeat` / `USER elastic-agent` (uid 1000) too.
  return /^(docker\.io\/)?(grafana\/grafana(-oss|-enterprise)?|prom\/(prometheus|alertmanager)|docker\.elastic\.co\/(elasticsearch\/elasticsearch|kibana\/kibana|logstash\/logstash|beats\/(filebeat|metricbeat|heartbeat|packetbeat|auditbeat)|elastic-agent\/elastic-agent))$/.test(name);
}

/**
 * Servers whose master process starts as root (to bind ports below 1024) and runs the workers that handle requests as
 * the unprivileged user of their configuration: nginx (`user nginx;`), Apache httpd (`User daemon`/`www-data`),
 * php-fpm (pool `user = www-data`).
 */
const SELF_DROPPING_SERVER = /^(nginx|httpd|httpd-foreground|apache2|apache2-foreground|apache2ctl|php-fpm[0-9.]*)$/;
/** The official images of those servers: images built FROM them are judged by the downstream rules below. */
const SELF_DROPPING_IMAGES = /^(library\/)?(nginx|httpd|php)$/;

/** Whether the stage's command is a self-dropping server it installs or builds itself (the official nginx/httpd/php Dockerfiles). */
function runsOwnSelfDroppingServer(stage: Stage): boolean {
  if (SELF_DROPPING_IMAGES.test(stageLineage(stage).pop()!.image.name)) return false;
  const programs = ['ENTRYPOINT', 'CMD'].map((k) => effectiveInstruction(stage, k)).map((i) => (i ? commandForm(i)?.argv[0]?.split('/').pop() ?? '' : ''));
  return programs.some((p) => SELF_DROPPING_SERVER.test(p));
}

/**
 * An official-nginx variant that only adds dynamic modules (nginxinc's alpine-otel/debian-perl and modules/Dockerfile:
 * `nginx-module-*` packages, no CMD/ENTRYPOINT of its own, nothing copied from the build context): the official image
 * plus modules, which stays root-capable like it, not an app image to move to nginx-unprivileged.
 */
function nginxModulesVariant(stage: Stage): boolean {
  const lineage = stageLineage(stage);
  if (!ROOT_MASTER_IMAGES.test(lineage[lineage.length - 1].image.name)) return false;
  if (lineage.some((s) => s.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'))) return false;
  if (lineage.some((s) => s.copies.some((c) => !c.from && !c.heredoc))) return false;
  return lineage.some((s) => s.runs.some((r) => /\bnginx-module-/.test(r.instr.argsText)));
}

/** A stage that only collects build output for `docker build --output` (FROM scratch, no CMD/ENTRYPOINT): no container runs it. */
function exportOnlyStage(stage: Stage): boolean {
  return stageLineage(stage).pop()!.image.name === 'scratch' && !effectiveInstruction(stage, 'CMD') && !effectiveInstruction(stage, 'ENTRYPOINT');
}

/**
 * The generated Dockerfile of an official image (docker-library's and Adoptium's "THIS DOCKERFILE IS GENERATED VIA …
 * PLEASE DO NOT EDIT IT DIRECTLY" header): an image other Dockerfiles build FROM.
 */
function generatedOfficialDockerfile(model: DockerfileModel): boolean {
  const head = model.lines.text.slice(0, 800);
  return /^#.*\bTHIS (DOCKER)?FILE IS GENERATED VIA\b/im.test(head) && /^#.*\bDO NOT EDIT IT DIRECTLY\b/im.test(head);
}

/** IIS images: w3svc runs the web application in its application pool identity; ServiceMonitor.exe, which watches w3svc, needs administrator. */
function runsIis(stage: Stage): boolean {
  const name = stageLineage(stage).pop()!.image.name.toLowerCase();
  if (/^mcr\.microsoft\.com\/(windows\/servercore\/iis|dotnet\/framework\/(aspnet|wcf))$/.test(name)) return true;
  const entry = effectiveInstruction(stage, 'ENTRYPOINT');
  return !!entry && /(^|[\\/])ServiceMonitor(\.exe)?$/i.test(commandForm(entry)?.argv[0] ?? '');
}

function isDistrolessNonRoot(stage: Stage): boolean {
  const root = stageLineage(stage).pop()!;
  const name = root.image.name.toLowerCase();
  if (root.distro === 'distroless' && /nonroot/.test(root.image.tag ?? '')) return true;
  // .NET's chiseled and Azure Linux distroless images (8.0 and later) set `USER app` themselves.
  if (/^mcr\.microsoft\.com\/dotnet\//.test(name) && /chiseled|distroless/.test(root.image.tag ?? '')) return true;
  return /(^|\/)nginx-unprivileged$/.test(name) || /^(docker\.io\/)?bitnami\//.test(name) || /^cgr\.dev\/chainguard\/(?!.*-dev$)/.test(name) && !/-dev$/.test(root.image.tag ?? '');
}

/** Official images whose entrypoint starts as root and then drops to their own user (gosu/su-exec). */
const STEP_DOWN_IMAGES = /^(library\/)?(postgres|redis|mysql|mariadb|mongo|rabbitmq|memcached|elasticsearch|cassandra|couchdb|influxdb)$/;
/** Web servers whose master process binds :80 as root and runs workers as an unprivileged user. */
const ROOT_MASTER_IMAGES = /^(library\/)?nginx$/;

/** nginx → nginxinc/nginx-unprivileged (same tags, listens on 8080, runs as uid 101). */
function unprivilegedNginxFix(file: string, model: DockerfileModel, stage: Stage): Fix {
  const edits: TextEdit[] = [{ range: stage.image.range, newText: `nginxinc/nginx-unprivileged${stage.image.tag ? ':' + stage.image.tag : ''}` }];
  for (const instr of stage.instructions) {
    if (!instr.argsRange) continue;
    const start = model.lines.offsetAt(instr.argsRange.start);
    const patterns = instr.keyword === 'EXPOSE' ? /(^|\s)(80)(?=\/tcp|\s|$)/g : instr.keyword === 'HEALTHCHECK' ? /(\/\/(?:127\.0\.0\.1|localhost))(:80)?(?=[/\s"']|$)/g : undefined;
    if (!patterns) continue;
    for (const m of instr.argsText.matchAll(patterns)) {
      const at = start + m.index! + m[1].length;
      const len = m[0].length - m[1].length;
      edits.push({ range: { start: model.lines.positionAt(at), end: model.lines.positionAt(at + len) }, newText: instr.keyword === 'EXPOSE' ? '8080' : ':8080' });
    }
  }
  return { title: 'Use nginxinc/nginx-unprivileged (listens on 8080: update your nginx config and published ports)', edits: [{ path: file, edits }] };
}

/** Programs that start as root and switch the process to another user (what official images' entrypoints do). */
const STEP_DOWN_TOOL = /(^|[\s;&|(`"'])(gosu|su-exec|setpriv|runuser|s6-setuidgid|setuidgid|chpst\s+-u|chroot\s+--userspec)(?=[\s"']|$)/m;
/** Wrappers that run the next argument (`tini -- script`, `sh -c script`). */
const LAUNCHERS = /^(tini|dumb-init|sh|bash|ash|\/bin\/sh|\/bin\/bash|\/sbin\/tini|\/usr\/bin\/tini|\/usr\/bin\/dumb-init|catatonit)$/;

/** The texts of the entrypoint program (scripts copied from the build context, heredocs) that we can read. */
function entrypointTexts(analysis: Analysis, file: string, stage: Stage): { texts: string[]; argv: string[]; unreadable: boolean } {
  const instr = effectiveInstruction(stage, 'ENTRYPOINT') ?? effectiveInstruction(stage, 'CMD');
  const form = instr && commandForm(instr);
  if (!form) return { texts: [], argv: [], unreadable: false };
  const argv = form.argv.filter((a) => !a.startsWith('-'));
  const programs = argv.slice(0, 3).filter((a, i) => i === 0 || LAUNCHERS.test(argv[i - 1]));
  const contexts = new Set<string>([dirName(file)]);
  for (const { file: compose, service } of analysis.composeServicesUsing(file)) {
    const ctx = service.build && contextOf(compose, service.build.context);
    if (ctx !== undefined) contexts.add(ctx);
  }
  const texts: string[] = [];
  let unreadable = false;
  for (const program of programs) {
    const base = program.split('/').pop()!;
    if (!base || LAUNCHERS.test(program)) continue;
    for (const s of stageLineage(stage)) {
      for (const copy of s.copies) {
        if (!copy.destination) continue;
        const dest = copy.destination.value;
        const hits = copy.sources.filter((src) => src.value.split('/').pop() === base || (dest.split('/').pop() === base && copy.sources.length === 1));
        if (hits.length === 0) continue;
        if (copy.heredoc) {
          texts.push(copy.instr.argsText);
          continue;
        }
        if (copy.from) {
          unreadable = true;
          continue;
        }
        for (const src of hits) {
          const text = [...contexts].map((ctx) => joinPath(ctx, src.value)).map((p) => (p === undefined ? undefined : analysis.readText(p))).find((t) => t !== undefined);
          if (text === undefined) unreadable = true;
          else texts.push(text);
        }
      }
      // Scripts written by a RUN (`printf … > /entrypoint.sh`, heredocs): their text is the RUN itself.
      for (const run of s.runs) if (run.instr.argsText.includes(base)) texts.push(run.instr.argsText);
    }
  }
  return { texts, argv: form.argv, unreadable };
}

/** Whether the image starts as root only to step down to another user (gosu, su-exec, setpriv, chroot --userspec…). */
function stepsDown(analysis: Analysis, file: string, stage: Stage): 'yes' | 'maybe' | 'no' {
  const { texts, argv, unreadable } = entrypointTexts(analysis, file, stage);
  if (argv.some((a) => STEP_DOWN_TOOL.test(a)) || texts.some((t) => STEP_DOWN_TOOL.test(t))) return 'yes';
  const root = stageLineage(stage).pop()!;
  const ownEntrypoint = stageLineage(stage).some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT'));
  if (STEP_DOWN_IMAGES.test(root.image.name)) {
    // Built on postgres/mysql/redis…: their docker-entrypoint.sh steps down, as long as it still runs.
    if (!ownEntrypoint || argv.some((a) => /docker-entrypoint(\.sh)?$/.test(a)) || texts.some((t) => /docker-entrypoint(\.sh)?\b/.test(t))) return 'yes';
    if (unreadable) return 'maybe';
  }
  // A step-down tool installed by the image is there for the entrypoint to use; its script could not be read.
  const installsTool = stageLineage(stage).some((s) => s.runs.some((r) => /\b(gosu|su-exec)\b/.test(r.instr.argsText)));
  if (installsTool && unreadable) return 'maybe';
  return 'no';
}

/** Windows containers: the administrator is ContainerAdministrator (servercore's default), the unprivileged user ContainerUser. */
function windowsReports(file: string, model: DockerfileModel, stage: Stage, base: 'admin' | 'user', user: { user: string; instr: Instr } | undefined, label: string): Report[] {
  const name = user?.user.replace(/^["']|["']$/g, '');
  const admin = name ? /^(ContainerAdministrator|Administrator)$/i.test(name) : base === 'admin';
  if (!admin) return [];
  if (!user && runsIis(stage)) return [];
  const own = user && stage.instructions.includes(user.instr);
  const severity = !user && (isBaseImageDockerfile(stage) || generatedOfficialDockerfile(model)) ? 'info' : undefined;
  const message = user
    ? `${label} switches to ${name} with USER, so the container runs with administrator rights; use ContainerUser.`
    : `${label} has no USER instruction, so the container runs as ContainerAdministrator (the default user of ${stageLineage(stage).pop()!.image.raw}); switch to ContainerUser.` +
      (severity ? ' This looks like a base image other Dockerfiles build FROM, so it may stay administrator; the images built on it should switch.' : '');
  const edit: TextEdit = own
    ? { range: { start: { line: user!.instr.range.start.line, character: 0 }, end: user!.instr.range.end }, newText: 'USER ContainerUser' }
    : insertUserLines(model, stage, ['USER ContainerUser']);
  return [{ range: own ? user!.instr.range : stage.from.range, message, ...(severity ? { severity } : {}), fixes: [{ title: 'Switch to ContainerUser', isPreferred: true, edits: [{ path: file, edits: [edit] }] }] }];
}

/** Interactive programs a base image's CMD starts: a language or shell image that other Dockerfiles build FROM. */
const INTERPRETER_CMD = /^(python[0-9.]*|pypy[0-9]*|node|bash|sh|ash|irb|php|ghci|iex|erl|julia|R|perl|jshell|pwsh|powershell|powershell\.exe|cmd|cmd\.exe|ruby|lua[0-9.]*|elixir|clojure|scala|sbt|dotnet|go|gradle|mvn)$/i;

/**
 * A Dockerfile that makes a base image for other Dockerfiles (docker-library's python, golang…): it ships a language
 * or tool, no EXPOSE, no app copied from the build context, and its CMD (if any) starts an interpreter or a shell.
 * Downstream `RUN`s need root to install packages, so such images stay root by design.
 */
function isBaseImageDockerfile(stage: Stage): boolean {
  const lineage = stageLineage(stage);
  if (lineage.some((s) => s.instructions.some((i) => i.keyword === 'EXPOSE'))) return false;
  const entrypoint = effectiveInstruction(stage, 'ENTRYPOINT');
  const entryArgv = entrypoint ? commandForm(entrypoint)?.argv ?? [] : [];
  const entryProgram = entryArgv[0]?.split(/[\\/]/).pop() ?? '';
  // An ENTRYPOINT is fine when it is a wrapper script that hands over to CMD (docker-library's docker-entrypoint.sh,
  // docker-php-entrypoint, adoptium's cacert entrypoint) or itself the interpreter (`ENTRYPOINT ["dotnet"]`).
  const wrapper = /entrypoint|\.sh$/i.test(entryProgram) && entryArgv.length === 1;
  const interpreterEntry = INTERPRETER_CMD.test(entryProgram) && entryArgv.slice(1).every((a) => a.startsWith('-'));
  if (entrypoint && !wrapper && !interpreterEntry) return false;
  const cmd = effectiveInstruction(stage, 'CMD');
  if (cmd) {
    const form = commandForm(cmd);
    const argv = form?.argv ?? [];
    const program = interpreterEntry ? entryProgram : argv[0]?.split(/[\\/]/).pop() ?? '';
    const args = interpreterEntry ? argv : argv.slice(1);
    // `python3`, `php -a`, `dotnet --info`: an interactive interpreter; `node server.js` runs an app.
    if (!INTERPRETER_CMD.test(program) || args.some((a) => !a.startsWith('-'))) return false;
  } else if (entrypoint && !interpreterEntry && !(wrapper && ownsNoCmdInLineage(stage))) return false;
  // An app copied in from the build context makes it an application image; helper scripts are not an app (`*.sh`, or
  // tools put on PATH such as docker-php-ext-install in /usr/local/bin).
  const helper = (c: (typeof stage.copies)[number], src: string) =>
    /\.(sh|ps1|bat|cmd)$/.test(src) || /^\/usr\/(local\/)?s?bin\/?$/.test(c.destination?.value ?? '');
  return !lineage.some((s) => s.copies.some((c) => !c.from && !c.heredoc && c.sources.some((src) => !helper(c, src.value))));
}

/**
 * No stage of the Dockerfile sets CMD: the image keeps its OS base's shell CMD (`/bin/sh`, `bash`) behind the wrapper
 * entrypoint, as Adoptium's JRE images do (`ENTRYPOINT ["/__cacert_entrypoint.sh"]`, no CMD).
 */
function ownsNoCmdInLineage(stage: Stage): boolean {
  const lineage = stageLineage(stage);
  return !lineage.some((s) => s.instructions.some((i) => i.keyword === 'CMD')) && /^(library\/)?(debian|ubuntu|alpine|redhat\/ubi\d+(-minimal)?|registry\.access\.redhat\.com\/ubi\d+(\/ubi(-minimal)?)?)$/.test(lineage[lineage.length - 1].image.name);
}

export const dw107: DockerfileRule = {
  code: 'DW107',
  target: 'dockerfile',
  title: 'Final stage runs as root',
  defaultSeverity: 'warning',
  description:
    'The image that ships runs its program as root when the final stage has no `USER` or its last `USER` is `root`/`0`. ' +
    'A compromised process then owns the container and every volume mounted into it. Create an unprivileged user that ' +
    'fits the base distribution and switch to it before `CMD`.',
  fixTitles: ['Create a non-root user and switch to it'],
  check({ file, model, analysis }) {
    // Judge the stage that runs: compose's `build.target` when compose builds this Dockerfile with one, else the
    // final stage (awesome-compose's last stage is a Dev Environments `dev-envs` stage while compose runs `builder`).
    return stagesThatRun(analysis, file, model).flatMap((stage) => checkStage(file, model, analysis, stage));
  },
};

function checkStage(file: string, model: DockerfileModel, analysis: Analysis, stage: Stage): Report[] {
  if (isDistrolessNonRoot(stage) || exportOnlyStage(stage)) return [];
  // A WebAssembly module runs in the WASI sandbox: there are no Linux users to switch to.
  if (shipsWasm(analysis, file, stage)) return [];
  const label = stage === model.finalStage ? `The final stage${stage.name ? ` "${stage.name}"` : ''}` : `The stage "${stage.name ?? stage.index}" that compose runs (its build target)`;
  const plainLabel = stage === model.finalStage ? 'The final stage' : label;
  const user = effectiveUser(stage);
  if (!user && baseSetsNonRootUser(stage)) return [];
  const windows = windowsBase(stage);
  if (windows) return windowsReports(file, model, stage, windows, user, plainLabel);
  if (user && !isRootUser(user.user)) return [];
  const root = stageLineage(stage).pop()!;
  const ownEntrypoint = stageLineage(stage).some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT'));
  const stepDown = user ? 'no' : stepsDown(analysis, file, stage);
  if (stepDown === 'yes') return [];
  // The official nginx/httpd/php-fpm Dockerfiles: the server's master drops its workers to an unprivileged user.
  if (!user && (runsOwnSelfDroppingServer(stage) || nginxModulesVariant(stage))) return [];
  if (!user && ROOT_MASTER_IMAGES.test(root.image.name) && !ownEntrypoint) {
    return [
      {
        range: stage.from.range,
        severity: 'info',
        message:
          `${plainLabel} runs nginx as root: its master process binds port 80 as root and runs the workers as the \`nginx\` user. ` +
          'Adding `USER` alone breaks nginx (it cannot write its pid and cache files); to run fully unprivileged, use nginxinc/nginx-unprivileged, which listens on 8080.',
        fixes: root === stage ? [unprivilegedNginxFix(file, model, stage)] : [],
      },
    ];
  }
  if (stepDown === 'maybe') {
    return [
      {
        range: stage.from.range,
        severity: 'info',
        message: `${plainLabel} has no USER instruction; its entrypoint may step down from root (${STEP_DOWN_IMAGES.test(root.image.name) ? `${root.image.name} images do` : 'the image installs gosu/su-exec'}), but Dockwright could not read the entrypoint script to be sure.`,
      },
    ];
  }
  const lines = nonRootUserLines(stage);
  let range = stage.from.range;
  let message = `${label} has no USER instruction, so the container runs as root.`;
  let edit: TextEdit;
  if (user && stage.instructions.includes(user.instr)) {
    range = user.instr.range;
    message = `${plainLabel} switches to ${user.user} with USER, so the container runs as root.`;
    edit = { range: { start: { line: range.start.line, character: 0 }, end: range.end }, newText: lines.join(model.lines.eol) };
  } else {
    edit = insertUserLines(model, stage, lines);
  }
  const fix: Fix = { title: 'Create a non-root user and switch to it', isPreferred: true, edits: [{ path: file, edits: [edit] }] };
  // Test, CI, dev-container and tool images run a job, not a service: root is usual there, so this is advice.
  const testTool = testOrToolImage(file);
  if (testTool) {
    return [{ range, severity: 'info', message: `${message} This looks like a test, CI, dev-container or tool image (${testTool}) rather than a long-running service, where root is common; if it serves anything, switch to a non-root USER.`, fixes: [fix] }];
  }
  if (!user && (isBaseImageDockerfile(stage) || generatedOfficialDockerfile(model))) {
    return [
      {
        range: stage.from.range,
        severity: 'info',
        message: generatedOfficialDockerfile(model) && !isBaseImageDockerfile(stage)
          ? `${plainLabel} has no USER instruction. This is an official image's generated Dockerfile (its header says so): other Dockerfiles build FROM it and install packages into it as root; the images built on it should switch to a non-root USER.`
          : `${plainLabel} has no USER instruction. This looks like a base image (no app, no EXPOSE, CMD starts an interpreter or shell) that other Dockerfiles build FROM and install packages into as root; the images built on it should switch to a non-root USER.`,
      },
    ];
  }
  return [{ range, message, fixes: [fix] }];
}
