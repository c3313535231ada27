import type { Analysis } from '../../analysis';
import type { DockerfileRule, Report } from '../../rule';
import type { Fix } from '../../types';

/** Tags each image name is used with across the workspace's Dockerfiles (pinned ones only); computed once per workspace state. */
export function pinnedTagsInWorkspace(analysis: Analysis): Map<string, Set<string>> {
  return analysis.workspaceIndex('DW114 pinned tags', 'dockerfile', () => collectPinnedTags(analysis));
}

function collectPinnedTags(analysis: Analysis): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  for (const path of analysis.filesOfKind('dockerfile')) {
    const model = analysis.dockerfile(path);
    for (const stage of model?.stages ?? []) {
      const { name, tag, dynamic } = stage.image;
      if (dynamic || stage.parent || !tag || tag === 'latest') continue;
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
      known ??= pinnedTagsInWorkspace(analysis);
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
