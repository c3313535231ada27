import { isValidImageReference, levenshtein } from '../../dockerfile/buildkit';
import { fileFix } from '../../dockerfile/edits';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import type { DockerfileRule, Report } from '../../rule';
import type { Fix, Range, TextEdit } from '../../types';

/** Edit distance, cut short: anything more than 2 edits apart counts as 3. */
function distance(a: string, b: string): number {
  return Math.abs(a.length - b.length) > 2 ? 3 : levenshtein(a, b);
}

/** Stage names a misspelt reference probably meant (defined before `beforeIndex`). */
function closeStageNames(stages: Stage[], ref: string, beforeIndex: number): string[] {
  const lower = ref.toLowerCase();
  return stages
    .filter((s) => s.index < beforeIndex && s.name && distance(s.name.toLowerCase(), lower) <= 2)
    .map((s) => s.name!)
    .filter((n, i, all) => all.indexOf(n) === i);
}

/** Every place a stage name is written: its `AS name` and the FROM/COPY --from/RUN --mount from= references to it. */
function stageNameRanges(model: DockerfileModel, stage: Stage): Range[] {
  const ranges: Range[] = stage.nameRange ? [stage.nameRange] : [];
  const lower = stage.name!.toLowerCase();
  for (const s of model.stages) {
    if (s.parent === stage && s.image.raw.toLowerCase() === lower) ranges.push(s.image.range);
    for (const copy of s.copies) {
      if (copy.fromStage !== stage) continue;
      const flag = copy.instr.flags.find((f) => f.name.toLowerCase() === 'from');
      if (flag?.value) ranges.push({ start: { line: flag.range.end.line, character: flag.range.end.character - flag.value.length }, end: flag.range.end });
    }
  }
  return ranges;
}

function renameFix(file: string, title: string, ranges: Range[], newName: string): Fix {
  const edits: TextEdit[] = ranges.map((range) => ({ range, newText: newName }));
  return fileFix(file, title, edits, true);
}

const LOOKS_LIKE_IMAGE = /[/:.@]/;

export const dw115: DockerfileRule = {
  code: 'DW115',
  target: 'dockerfile',
  title: 'Stage name problems',
  defaultSeverity: 'error',
  description:
    'Stage names must be unique, and `COPY --from=`/`FROM` must name a stage defined earlier — otherwise the build fails, or ' +
    'worse, Docker pulls an image of that name from a registry. Stage names are case-insensitive; BuildKit warns about ' +
    'upper-case names, and mixed spellings make the file hard to follow.',
  fixTitles: ['Rename to the stage that exists', 'Rename the duplicate stage', 'Use the lower-case stage name'],
  check({ file, model }) {
    const reports: Report[] = [];
    const seen = new Map<string, Stage>();
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameRange) continue;
      const lower = stage.name.toLowerCase();
      const first = seen.get(lower);
      if (first) {
        let n = 2;
        while (model.stages.some((s) => s.name?.toLowerCase() === `${lower}-${n}`)) n++;
        reports.push({
          range: stage.nameRange,
          message: `Stage name "${stage.name}" is already used by stage ${first.index} (line ${first.from.range.start.line + 1}); stage names must be unique [BuildKit DuplicateStageName].`,
          // BuildKit builds it (a later stage of the same name wins), so: a warning, as its DuplicateStageName check.
          severity: 'warning',
          buildkit: 'DuplicateStageName',
          fixes: [renameFix(file, `Rename this stage to "${lower}-${n}"`, [stage.nameRange], `${lower}-${n}`)],
        });
        continue;
      }
      seen.set(lower, stage);
      if (stage.name !== lower) {
        reports.push({
          range: stage.nameRange,
          message: `Stage name "${stage.name}" is not lower case; stage names are case-insensitive and BuildKit expects lower case [BuildKit StageNameCasing].`,
          severity: 'warning',
          buildkit: 'StageNameCasing',
          fixes: [renameFix(file, `Rename stage to "${lower}" everywhere`, stageNameRanges(model, stage), lower)],
        });
      }
    }
    for (const stage of model.stages) {
      // FROM <name> that matches a stage defined later (or a near-miss of an earlier one) would be pulled from a registry.
      const { image } = stage;
      if (!stage.parent && !image.dynamic && !image.tag && !image.digest && !LOOKS_LIKE_IMAGE.test(image.raw) && image.raw.toLowerCase() !== 'scratch') {
        const later = model.stages.find((s) => s.index >= stage.index && s.name?.toLowerCase() === image.raw.toLowerCase());
        const close = closeStageNames(model.stages, image.raw, stage.index);
        if (later || close.length) {
          reports.push({
            range: image.range,
            message: later
              ? `FROM ${image.raw} refers to stage "${later.name}" defined later; a stage can only build on earlier stages (Docker would pull an image named ${image.raw}).`
              : `FROM ${image.raw} is not a stage of this Dockerfile (did you mean "${close[0]}"?); Docker would pull an image named ${image.raw}.`,
            fixes: close.map((name) => renameFix(file, `Use stage "${name}"`, [image.range], name)),
          });
        }
      }
      if (stage.parent?.name && image.raw !== stage.parent.name && !image.dynamic) {
        reports.push({
          range: image.range,
          severity: 'warning',
          message: `FROM ${image.raw} spells stage "${stage.parent.name}" differently; stage names are case-insensitive, but one spelling keeps the file searchable.`,
          fixes: [renameFix(file, `Write "${stage.parent.name}"`, [image.range], stage.parent.name)],
        });
      }
      for (const copy of stage.copies) {
        const written = copy.from;
        if (written !== undefined && copy.fromStage?.name && !/^\d+$/.test(written) && written !== copy.fromStage.name) {
          const flag = copy.instr.flags.find((f) => f.name.toLowerCase() === 'from')!;
          const valueRange: Range = { start: { line: flag.range.end.line, character: flag.range.end.character - written.length }, end: flag.range.end };
          reports.push({
            range: valueRange,
            severity: 'warning',
            message: `COPY --from=${written} spells stage "${copy.fromStage.name}" differently; stage names are case-insensitive, but one spelling keeps the file searchable.`,
            fixes: [renameFix(file, `Write "${copy.fromStage.name}"`, [valueRange], copy.fromStage.name)],
          });
        }
        if (copy.from === undefined || copy.fromStage) continue;
        const flag = copy.instr.flags.find((f) => f.name.toLowerCase() === 'from')!;
        const ref = copy.from;
        if (ref.includes('$')) continue;
        const isIndex = /^\d+$/.test(ref);
        const valueRange: Range = { start: { line: flag.range.end.line, character: flag.range.end.character - ref.length }, end: flag.range.end };
        if (!isIndex && !isValidImageReference(ref)) {
          // Neither an earlier stage nor anything Docker could pull (hadolint DL3022's case): the build fails.
          const near = closeStageNames(model.stages, ref, stage.index);
          reports.push({
            range: valueRange,
            message: `COPY --from=${ref} names no stage of this Dockerfile and is not a valid image reference${near.length ? ` (did you mean "${near[0]}"?)` : ''}; the build fails.`,
            fixes: near.map((name) => renameFix(file, `Copy from stage "${name}"`, [valueRange], name)),
          });
          continue;
        }
        if (!isIndex && LOOKS_LIKE_IMAGE.test(ref)) continue;
        const later = model.stages.find((s) => s.index >= stage.index && (isIndex ? s.index === Number(ref) : s.name?.toLowerCase() === ref.toLowerCase()));
        const close = isIndex ? [] : closeStageNames(model.stages, ref, stage.index);
        // `COPY --from=nginx:1.27 ...` or `--from=alpine` copies from an image on purpose; only near-misses of stage names are mistakes.
        if (!isIndex && !later && !close.length) continue;
        reports.push({
          range: valueRange,
          message: isIndex
            ? `COPY --from=${ref}: there is no stage ${ref} before this one (stages are numbered from 0).`
            : later
              ? `COPY --from=${ref} refers to a stage defined later; only earlier stages can be copied from.`
              : `COPY --from=${ref} is not a stage of this Dockerfile${close.length ? ` (did you mean "${close[0]}"?)` : ''}; Docker would pull an image named ${ref}.`,
          fixes: close.map((name) => renameFix(file, `Copy from stage "${name}"`, [valueRange], name)),
        });
      }
    }
    return reports;
  },
};
