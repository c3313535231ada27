import type { Analysis } from '../../analysis';
import type { DockerfileRule, Report } from '../../rule';
import type { Fix } from '../../types';

/** Tags each image name is used with across the workspace's Dockerfiles (pinned ones only); computed once per workspace state. */
export function pinnedTagsInWorkspace(analysis: Analysis): Map<string, Set<string>> {
  return analysis.workspaceIndex('DW114 pinned tags', 'dockerfile', () => collectPinnedTags(analysis));
}

/** One Dockerfile's pinned base images, `[name, tag]` per stage, with the text and config they were read under. */
interface PinnedSummary {
  text: string | undefined;
  config: Analysis['config'];
  pinned: [string, string][];
}

/** Per analysis: the summaries by path, so the index neither keeps nor re-reads models of unchanged files. */
const summaries = new WeakMap<Analysis, Map<string, PinnedSummary>>();

/** The pinned `[name, tag]` pairs of one Dockerfile's stages, from its model; cached by text. */
export function pinnedTagsOf(analysis: Analysis, path: string): [string, string][] {
  let byPath = summaries.get(analysis);
  if (!byPath) summaries.set(analysis, (byPath = new Map()));
  const text = analysis.readText(path);
  const hit = byPath.get(path);
  if (hit && hit.text === text && hit.config === analysis.config) return hit.pinned;
  const pinned: [string, string][] = [];
  for (const stage of analysis.dockerfile(path)?.stages ?? []) {
    const { name, tag, dynamic } = stage.image;
    if (dynamic || stage.parent || !tag || tag === 'latest') continue;
    pinned.push([name, tag]);
  }
  byPath.set(path, { text, config: analysis.config, pinned });
  return pinned;
}

function collectPinnedTags(analysis: Analysis): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  const files = analysis.filesOfKind('dockerfile');
  const byPath = summaries.get(analysis);
  if (byPath) {
    // Forget files that are gone (the language server's analysis lives long).
    const listed = new Set(files);
    for (const path of byPath.keys()) if (!listed.has(path)) byPath.delete(path);
  }
  for (const path of files) {
    for (const [name, tag] of pinnedTagsOf(analysis, path)) {
      if (!tags.has(name)) tags.set(name, new Set());
      tags.get(name)!.add(tag);
    }
  }
  return tags;
}

export const dw114: DockerfileRule = {
  code: 'DW114',
  target: 'dockerfile',
  title: 'Base image not pinned',
  defaultSeverity: 'warning',
  description:
    'A `FROM` without a tag, or with `:latest`, builds on whatever the registry serves that day: two builds of the same ' +
    'commit can differ, and an upstream major release can break the image without any change in the repository. Pin a ' +
    'version tag (and a digest for full reproducibility).',
  fixTitles: ['Pin to a tag already used in the workspace'],
  check({ file, model, analysis }) {
    const reports: Report[] = [];
    let known: Map<string, Set<string>> | undefined;
    for (const stage of model.stages) {
      const { image } = stage;
      if (stage.parent || image.dynamic || image.digest || image.name.toLowerCase() === 'scratch') continue;
      if (image.tag && image.tag !== 'latest') continue;
      // Only the fixes need the workspace's tags (every Dockerfile's model): skipped when no one reads fixes (the CLI).
      known ??= analysis.fixesWanted ? pinnedTagsInWorkspace(analysis) : new Map();
      const candidates = [...(known.get(image.name) ?? [])].sort();
      const fixes: Fix[] = candidates.map((tag, i) => ({
        title: `Pin ${image.name} to :${tag} (used elsewhere in the workspace)`,
        isPreferred: i === 0 && candidates.length === 1,
        edits: [
          {
            path: file,
            edits: [
              image.tagRange
                ? { range: image.tagRange, newText: tag }
                : { range: { start: image.range.end, end: image.range.end }, newText: `:${tag}` },
            ],
          },
        ],
      }));
      reports.push({
        range: image.range,
        message: image.tag
          ? `Base image ${image.name} uses the moving tag :latest; pin a version.`
          : `Base image ${image.name} has no tag, so it means :latest; pin a version.`,
        fixes,
      });
    }
    return reports;
  },
};
