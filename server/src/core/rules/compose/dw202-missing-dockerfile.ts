import { contextOf } from '../../analysis';
import { isMap } from '../../compose/yamlNodes';
import { appendToMap, indentStep, quoteIfNeeded, replaceNode } from '../../compose/edits';
import type { ComposeRule, Report } from '../../rule';
import type { Fix } from '../../types';
import { fileKind, joinPath } from '../../workspace';

export const dw202: ComposeRule = {
  code: 'DW202',
  target: 'compose',
  title: 'Dockerfile not found in the build context',
  defaultSeverity: 'error',
  description:
    '`build.dockerfile` (or the default `Dockerfile`) must exist in the build context, relative to it. ' +
    'Otherwise `docker compose build` fails; this often happens after a Dockerfile was split or renamed.',
  fixTitles: ['Use <an existing Dockerfile of the context>'],
  check({ file, model, analysis }) {
    const reports: Report[] = [];
    for (const service of model.services) {
      const build = service.build;
      if (!build || build.dockerfileInline) continue;
      const context = contextOf(file, build.context);
      if (context === undefined || !analysis.workspace.exists(context || '.')) continue;
      const name = build.dockerfile?.value ?? 'Dockerfile';
      if (name.includes('$') || name.startsWith('/')) continue;
      const path = joinPath(context, name);
      if (path !== undefined && analysis.workspace.exists(path)) continue;
      const prefix = context ? context + '/' : '';
      const candidates = analysis
        .files()
        .filter((f) => f.startsWith(prefix) && fileKind(f) === 'dockerfile')
        .map((f) => f.slice(prefix.length))
        .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
        .slice(0, 5);
      const fixes: Fix[] = [];
      for (const candidate of candidates) {
        let edit;
        if (build.dockerfile) edit = replaceNode(model, build.dockerfile.node, quoteIfNeeded(candidate));
        else if (isMap(build.node)) edit = appendToMap(model, build.node, [`dockerfile: ${quoteIfNeeded(candidate)}`]);
        else {
          const step = ' '.repeat(indentStep(model));
          const col = service.keyRange.start.character + indentStep(model);
          const pad = ' '.repeat(col);
          edit = replaceNode(model, build.node as any, `${model.lines.eol}${pad}${step}context: ${quoteIfNeeded(build.context)}${model.lines.eol}${pad}${step}dockerfile: ${quoteIfNeeded(candidate)}`);
        }
        if (edit) fixes.push({ title: `Use ${candidate}`, edits: [{ path: file, edits: [edit] }], isPreferred: candidates.length === 1 });
      }
      reports.push({
        range: build.dockerfile?.range ?? build.range,
        message: `Service "${service.name}" builds from ${name}, but ${path ?? name} does not exist in the build context "${build.context}".`,
        fixes,
      });
    }
    return reports;
  },
};
