import { contextOf } from '../../analysis';
import type { ComposeRule, Report } from '../../rule';

/** Heavy or sensitive entries that end up in the build context without a .dockerignore. */
const HEAVY = ['.git', 'node_modules', 'dist', 'build', 'target', 'out', '.venv', 'venv', '__pycache__', '.next', 'coverage'];

/** Names that are build output in most projects, but a source folder in some (lnd's `build/` is a Go package). */
const OUTPUT_NAMES = new Set(['dist', 'build', 'target', 'out', 'coverage']);

/** Source files: no build writes them into its output folder, so a folder that holds them is part of the sources. */
const SOURCE_FILE = /\.(go|rs|java|kt|scala|c|h|cc|cpp|hpp|cs|fs|py|rb|php|swift|proto)$/;

/** The names directly inside a workspace folder. */
function entriesOf(analysis: { workspace: { listDir?(dir: string): string[] | undefined; listFiles(dir?: string): string[] } }, dir: string): string[] {
  const listed = analysis.workspace.listDir?.(dir);
  if (listed) return listed;
  return analysis.workspace.listFiles(dir).map((f) => f.slice(dir.length + 1)).filter((f) => !f.includes('/'));
}

/** Always worth ignoring, whether present now or not. */
const DEFAULT_IGNORES = ['.git', '.env', '*.log', 'docker-compose*.yml', 'compose*.yaml'];

export const dw306: ComposeRule = {
  code: 'DW306',
  target: 'compose',
  title: '.dockerignore missing',
  defaultSeverity: 'warning',
  description:
    'Without a `.dockerignore`, the whole build context (`.git`, `node_modules`, build output) is sent to the builder on every ' +
    'build: slow builds, cache busting on every commit, and secrets in `COPY . .`. Create one that lists those folders.',
  fixTitles: ['Create <context>/.dockerignore'],
  check({ file, model, analysis }) {
    const reports: Report[] = [];
    const done = new Set<string>();
    for (const service of model.services) {
      const build = service.build;
      if (!build) continue;
      const context = contextOf(file, build.context);
      if (context === undefined || done.has(context)) continue;
      done.add(context);
      const prefix = context ? context + '/' : '';
      if (analysis.workspace.exists(prefix + '.dockerignore')) continue;
      const dockerfileName = build.dockerfile?.value;
      if (dockerfileName && analysis.workspace.exists(prefix + dockerfileName + '.dockerignore')) continue;
      const heavy = HEAVY.filter((h) => analysis.workspace.exists(prefix + h) && !(OUTPUT_NAMES.has(h) && entriesOf(analysis, prefix + h).some((e) => SOURCE_FILE.test(e))));
      if (heavy.length === 0) continue;
      const ignorePath = prefix + '.dockerignore';
      const lines = [...heavy.map((h) => (h === '.git' ? '.git' : h)), ...DEFAULT_IGNORES.filter((d) => !heavy.includes(d))];
      reports.push({
        range: build.contextRange ?? build.range,
        message: `The build context "${build.context}" has no .dockerignore but contains ${heavy.join(', ')}; all of it is sent to the builder.`,
        fixes: [{ title: `Create ${ignorePath}`, isPreferred: true, edits: [], creates: [{ path: ignorePath, content: `# Not sent to the builder (created by Dockwright)\n${lines.join('\n')}\n` }] }],
      });
    }
    return reports;
  },
};
