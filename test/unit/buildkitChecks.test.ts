import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildkitChecksEnabled, mergeConfigs, normalizeConfig, type DockwrightConfig } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/types';
import { check, fixAll } from '../helpers';

/**
 * BuildKit's own build-check test cases (moby/buildkit frontend/dockerfile/dockerfile_check_test.go, ported one
 * `checkLinterWarnings` call per row): the Dockerfile, its `.dockerignore`, and the warnings BuildKit expects as
 * `Rule@line` (1-based). Dockwright must report exactly those BuildKit checks (under their DW codes) and no other.
 */
interface Case {
  name: string;
  dockerfile: string;
  dockerignore?: string;
  /** The `BUILDKIT_DOCKERFILE_CHECK` build argument of the case (it overrides the file's `# check=` directive). */
  buildArgCheck?: string;
  expected: string[];
  note?: string;
}

const CASES: Case[] = [
  { name: "testDefinitionDescription #1", dockerfile: "# check=skip=all;experimental=InvalidDefinitionDescription\n# foo this is the foo\nARG foo=bar\n\n# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\nARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n# comment for something other than ARG or FROM\nCOPY Dockerfile .\n", expected: [] },
  { name: "testDefinitionDescription #2", dockerfile: "# check=experimental=InvalidDefinitionDescription\n# bar this is the bar\nARG foo=bar\n# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n", expected: ["InvalidDefinitionDescription@3", "InvalidDefinitionDescription@5", "InvalidDefinitionDescription@7", "InvalidDefinitionDescription@9"] },
  { name: "testCopyIgnoredFiles #1", dockerfile: "\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n", dockerignore: "\nDockerfile\n", expected: ["CopyIgnoredFile@3", "CopyIgnoredFile@4"] },
  { name: "testCopyIgnoredFiles #2", dockerfile: "\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n", dockerignore: "\nDockerfile\n", expected: ["CopyIgnoredFile@3", "CopyIgnoredFile@4"] },
  { name: "testCopyIgnoredFiles #3", dockerfile: "# check=skip=CopyIgnoredFile\n\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n", dockerignore: "\nDockerfile\n", expected: [] },
  { name: "testCopyIgnoredFiles #4", dockerfile: "\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\nCOPY --from=base /foobar /Dockerfile\n", dockerignore: "\nfoobar\n", expected: [] },
  { name: "testCopyIgnoredFiles #5", dockerfile: "\nFROM scratch\nCOPY ./Dockerfile .\n", dockerignore: "\n**\n!Dockerfile\n", expected: [] },
  { name: "testCopyIgnoredFiles #6", dockerfile: "\nFROM scratch\nCOPY . .\n\t", dockerignore: "\n**\n!Dockerfile\n", expected: [] },
  { name: "testCopyIgnoredFileContextRoot #1", dockerfile: "\nFROM scratch\nCOPY . .\n", dockerignore: "\n.*\n", expected: [] },
  { name: "testCopyIgnoredFileContextRoot #2", dockerfile: "\nFROM scratch\nCOPY . .\n", dockerignore: "\n*\n", expected: ["CopyIgnoredFile@3"] },
  { name: "testSecretsUsedInArgOrEnv #1", dockerfile: "# check=skip=InvalidDefinitionDescription\n\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\nENV PUBLIC_KEY=\nARG public_token\nARG SECRET_PASSPHRASE_FILE\nENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n# check=skip=SecretsUsedInArgOrEnv // allow secret in environment\nENV password=bar\n# check=skip=SecretsUsedInArgOrEnv // allow secret in arg\nARG password\n# check=skip=all // is local to only this instruction\nENV alternate_password=bar\n# check=skip=all // is local to only this instruction\nARG alternate_password\n", expected: ["SecretsUsedInArgOrEnv@4", "SecretsUsedInArgOrEnv@5", "SecretsUsedInArgOrEnv@6", "SecretsUsedInArgOrEnv@6", "SecretsUsedInArgOrEnv@7", "SecretsUsedInArgOrEnv@7", "SecretsUsedInArgOrEnv@8", "SecretsUsedInArgOrEnv@9"] },
  { name: "testAllTargetUnmarshal #1", dockerfile: "\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n", expected: ["UndefinedVar@3", "UndefinedVar@6"], note: "Dockwright lints every stage, as BuildKit's lint subrequest does (UnmarshalWarnings)" },
  { name: "testRuleCheckOption #1", dockerfile: "#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n", expected: [] },
  { name: "testRuleCheckOption #2", dockerfile: "#check=skip=all;error=true\nFROM scratch as base\ncopy Dockerfile .\n", expected: [] },
  { name: "testRuleCheckOption #3", dockerfile: "#check=skip=ConsistentInstructionCasing,FromAsCasing\nFROM scratch as base\ncopy Dockerfile .\n", expected: [] },
  { name: "testRuleCheckOption #4", dockerfile: "#check=skip=ConsistentInstructionCasing,FromAsCasing;error=true\nFROM scratch as base\ncopy Dockerfile .\n", expected: [] },
  { name: "testRuleCheckOption #5", dockerfile: "#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n", expected: ["FromAsCasing@2"] },
  { name: "testRuleCheckOption #6", dockerfile: "#check=skip=ConsistentInstructionCasing;error=true\nFROM scratch as base\ncopy Dockerfile .\n", expected: ["FromAsCasing@2"] },
  { name: "testRuleCheckOption #7", dockerfile: "#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n", buildArgCheck: "skip=ConsistentInstructionCasing;error=true", expected: ["FromAsCasing@2"] },
  { name: "testRuleCheckOption #8", dockerfile: "#check=error=true\nFROM scratch as base\ncopy Dockerfile .\n", buildArgCheck: "skip=all", expected: [] },
  { name: "testStageName #1", dockerfile: "\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n# warning: 'as' should match 'FROM' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n", expected: ["StageNameCasing@4", "FromAsCasing@8"] },
  { name: "testStageName #2", dockerfile: "\n# warning: 'AS' should match 'from' cmd casing.\n#\nfrom scratch AS base\n\nfrom scratch as base2\n", expected: ["FromAsCasing@4"] },
  { name: "testNoEmptyContinuation #1", dockerfile: "\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n", expected: ["NoEmptyContinuation@6"] },
  { name: "testConsistentInstructionCasing #1", dockerfile: "\n# warning: 'FROM' should be either lowercased or uppercased\n#\nFrom scratch as base\nFROM scratch AS base2\n", expected: ["ConsistentInstructionCasing@4"] },
  { name: "testConsistentInstructionCasing #2", dockerfile: "\nFROM scratch\n# warning: 'copy' should match command majority's casing (uppercase)\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n", expected: ["ConsistentInstructionCasing@4"] },
  { name: "testConsistentInstructionCasing #3", dockerfile: "\n# warning: 'frOM' should be either lowercased or uppercased\n#\nfrOM scratch as base\nfrom scratch as base2\n", expected: ["ConsistentInstructionCasing@4"] },
  { name: "testConsistentInstructionCasing #4", dockerfile: "\nfrom scratch\n# warning: 'COPY' should match command majority's casing (lowercase)\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n", expected: ["ConsistentInstructionCasing@4"] },
  { name: "testConsistentInstructionCasing #5", dockerfile: "\n# warning: 'from' should match command majority's casing (uppercase)\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n", expected: ["ConsistentInstructionCasing@4"] },
  { name: "testConsistentInstructionCasing #6", dockerfile: "\n# warning: 'FROM' should match command majority's casing (lowercase)\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n", expected: ["ConsistentInstructionCasing@4"] },
  { name: "testConsistentInstructionCasing #7", dockerfile: "\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n", expected: [] },
  { name: "testConsistentInstructionCasing #8", dockerfile: "\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n", expected: [] },
  { name: "testConsistentInstructionCasing #9", dockerfile: "\nFROM alpine\nRUN <<'EOT'\nenv\nEOT\n", expected: [] },
  { name: "testDuplicateStageName #1", dockerfile: "\nFROM scratch AS b\nFROM scratch AS b\n", expected: ["DuplicateStageName@3"] },
  { name: "testDuplicateStageName #2", dockerfile: "\nFROM scratch AS b1\nFROM scratch AS b2\n", expected: [] },
  { name: "testReservedStageName #1", dockerfile: "\nFROM scratch AS scratch\nFROM scratch AS context\n", expected: ["ReservedStageName@2", "ReservedStageName@3"] },
  { name: "testReservedStageName #2", dockerfile: "\nFROM scratch\nFROM scratch AS a\n", expected: [] },
  { name: "testJSONArgsRecommended #1", dockerfile: "\nFROM scratch\nCMD mycommand\n", expected: ["JSONArgsRecommended@3"] },
  { name: "testJSONArgsRecommended #2", dockerfile: "\nFROM scratch\nENTRYPOINT mycommand\n", expected: ["JSONArgsRecommended@3"] },
  { name: "testJSONArgsRecommended #3", dockerfile: "\nFROM scratch\nSHELL [\"/usr/bin/customshell\"]\nCMD mycommand\n", expected: [] },
  { name: "testJSONArgsRecommended #4", dockerfile: "\nFROM scratch\nSHELL [\"/usr/bin/customshell\"]\nENTRYPOINT mycommand\n", expected: [] },
  { name: "testJSONArgsRecommended #5", dockerfile: "\nFROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nCMD mycommand\n", expected: [] },
  { name: "testJSONArgsRecommended #6", dockerfile: "\nFROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nENTRYPOINT mycommand\n", expected: [] },
  { name: "testMaintainerDeprecated #1", dockerfile: "\nFROM scratch\nMAINTAINER me@example.org\n", expected: ["MaintainerDeprecated@3"] },
  { name: "testMaintainerDeprecated #2", dockerfile: "\nFROM scratch\nLABEL org.opencontainers.image.authors=\"me@example.org\"\n", expected: [] },
  { name: "testMaintainerDeprecated #3", dockerfile: "\nFROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n", expected: [] },
  { name: "testMaintainerDeprecated #4", dockerfile: "\nFROM scratch\n# check=skip=JSONArgsRecommended\nENTRYPOINT mycommand\n", expected: [] },
  { name: "testMaintainerDeprecated #5", dockerfile: "\nFROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me@example.org\n", expected: [] },
  { name: "testWarningsBeforeError #1", dockerfile: "\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n", expected: ["StageNameCasing@2", "MaintainerDeprecated@3"] },
  { name: "testUndeclaredArg #1", dockerfile: "\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n", expected: [] },
  { name: "testUndeclaredArg #2", dockerfile: "\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n", expected: [] },
  { name: "testUndeclaredArg #3", dockerfile: "\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n", expected: [] },
  { name: "testUndeclaredArg #4", dockerfile: "\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n", expected: [] },
  { name: "testUndeclaredArg #5", dockerfile: "\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n", expected: [] },
  { name: "testUndeclaredArg #6", dockerfile: "\nARG DEBUG=\"\"\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n", expected: [] },
  { name: "testUndeclaredArg #7", dockerfile: "\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n", expected: ["UndefinedArgInFrom@2"] },
  { name: "testUndeclaredArg #8", dockerfile: "\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n\t", expected: ["UndefinedArgInFrom@4"] },
  { name: "testUndeclaredArg #9", dockerfile: "\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n", expected: ["UndefinedArgInFrom@3"] },
  { name: "testWorkdirRelativePath #1", dockerfile: "\nFROM scratch\nWORKDIR app/\n", expected: ["WorkdirRelativePath@3"] },
  { name: "testWorkdirRelativePath #2", dockerfile: "\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n", expected: [] },
  { name: "testWorkdirRelativePath #3", dockerfile: "\nFROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n", expected: [] },
  { name: "testUnmatchedVars #1", dockerfile: "\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n", expected: [] },
  { name: "testUnmatchedVars #2", dockerfile: "\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n", expected: [] },
  { name: "testUnmatchedVars #3", dockerfile: "\nFROM alpine\nRUN echo $PATH\n", expected: [] },
  { name: "testUnmatchedVars #4", dockerfile: "\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n", expected: ["UndefinedVar@3"] },
  { name: "testUnmatchedVars #5", dockerfile: "\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET .\n\t", expected: ["UndefinedVar@6"] },
  { name: "testUnmatchedVars #6", dockerfile: "\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n\t\t", expected: ["UndefinedVar@3"] },
  { name: "testMultipleInstructionsDisallowed #1", dockerfile: "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n", expected: ["MultipleInstructionsDisallowed@3", "MultipleInstructionsDisallowed@5", "MultipleInstructionsDisallowed@7"] },
  { name: "testMultipleInstructionsDisallowed #2", dockerfile: "\nFROM scratch\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\nCOPY <<EOF /a.txt\nHello, World!\nEOF\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n", expected: ["MultipleInstructionsDisallowed@3", "MultipleInstructionsDisallowed@4", "MultipleInstructionsDisallowed@5"] },
  { name: "testMultipleInstructionsDisallowed #3", dockerfile: "\nFROM scratch AS a\nENTRYPOINT [\"/myapp\"]\nCMD [\"/myapp\"]\nHEALTHCHECK CMD [\"/myapp\"]\n\nFROM a AS b\nENTRYPOINT [\"/myotherapp\"]\nCMD [\"/myotherapp\"]\nHEALTHCHECK CMD [\"/myotherapp\"]\n", expected: [] },
  { name: "testLegacyKeyValueFormat #1", dockerfile: "\nFROM scratch\nENV testkey value\nLABEL key value\n", expected: ["LegacyKeyValueFormat@3", "LegacyKeyValueFormat@4"] },
  { name: "testLegacyKeyValueFormat #2", dockerfile: "\nFROM scratch\nENV testkey=value\nLABEL key=value\n", expected: [] },
  { name: "testLegacyKeyValueFormat #3", dockerfile: "\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n", expected: ["LegacyKeyValueFormat@5", "LegacyKeyValueFormat@6"], note: "BuildKit reports these only when linting every stage (its unmarshal path, which does not compare lines; the test's 3/4 are not the instructions' lines): lines 5 and 6" },
  { name: "testLegacyKeyValueFormat #4", dockerfile: "\nFROM scratch\n# check=skip=LegacyKeyValueFormat\nENV testkey value\n# check=skip=LegacyKeyValueFormat\nLABEL key value\n", expected: [] },
  { name: "testRedundantTargetPlatform #1", dockerfile: "\nFROM --platform=$TARGETPLATFORM scratch\n", expected: ["RedundantTargetPlatform@2"] },
  { name: "testRedundantTargetPlatform #2", dockerfile: "\nFROM --platform=${TARGETPLATFORM} scratch\n", expected: ["RedundantTargetPlatform@2"] },
  { name: "testRedundantTargetPlatform #3", dockerfile: "\n# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n", expected: [] },
  { name: "testInvalidDefaultArgInFrom #1", dockerfile: "\nARG VERSION\nFROM busybox:$VERSION\n", expected: ["InvalidDefaultArgInFrom@3"] },
  { name: "testInvalidDefaultArgInFrom #2", dockerfile: "\nARG IMAGE\nFROM $IMAGE\n", expected: ["InvalidDefaultArgInFrom@3"] },
  { name: "testInvalidDefaultArgInFrom #3", dockerfile: "\nARG SFX=\"box:\"\nFROM busy${SFX}\n", expected: ["InvalidDefaultArgInFrom@3"] },
  { name: "testInvalidDefaultArgInFrom #4", dockerfile: "\nARG VERSION=\"latest\"\nFROM busybox:${VERSION}\n", expected: [] },
  { name: "testInvalidDefaultArgInFrom #5", dockerfile: "\nARG BUSYBOX_VARIANT=\"\"\nFROM busybox:stable${BUSYBOX_VARIANT}\n", expected: [] },
  { name: "testInvalidDefaultArgInFrom #6", dockerfile: "\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t", expected: [] },
  { name: "testFromPlatformFlagConstDisallowed #1", dockerfile: "\nFROM --platform=linux/amd64 scratch\n", expected: ["FromPlatformFlagConstDisallowed@2"] },
  { name: "testFromPlatformFlagConstDisallowed #2", dockerfile: "\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n", expected: [] },
  { name: "testFromPlatformFlagConstDisallowed #3", dockerfile: "\nFROM --platform=linux/amd64 scratch AS linux\n", expected: [] },
  { name: "testExposeProtoCasing #1", dockerfile: "\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n", expected: ["ExposeProtoCasing@3", "ExposeProtoCasing@3"] },
  { name: "testExposeInvalidFormat #1", dockerfile: "\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n", expected: ["ExposeInvalidFormat@3", "ExposeInvalidFormat@3", "ExposeInvalidFormat@3"] },
  { name: "testBaseImagePlatformMismatch #1", dockerfile: "\nFROM localhost:5000/buildkit/testbaseimageplatform:latest\nENV foo=bar\n\t", expected: ["InvalidBaseImagePlatform@2"] },
];

/** Cases that need what only a registry can tell (the pulled image's platform), with the exact reason. */
const NEEDS_REGISTRY: Record<string, string> = {
  'testBaseImagePlatformMismatch #1':
    'BuildKit pushes an image for another architecture to a local registry and compares the platform it pulls; a Dockerfile alone ' +
    'does not say which platforms `localhost:5000/buildkit/testbaseimageplatform:latest` is published for. DW144 reports only the ' +
    'statically known cases (per-architecture namespaces such as arm64v8/ with a constant --platform).',
};

/** The BuildKit check a finding is: `Name: …` (DW13x, DW007) or `… [BuildKit Name]` (DW115–DW118). */
export function buildkitName(f: Finding): string | undefined {
  return /\[BuildKit (\w+)\]/.exec(f.message)?.[1] ?? /^([A-Z][A-Za-z]+): /.exec(f.message)?.[1];
}

function run(c: Case): string[] {
  const files: Record<string, string> = { Dockerfile: c.dockerfile };
  if (c.dockerignore !== undefined) files['.dockerignore'] = c.dockerignore;
  const config: DockwrightConfig = c.buildArgCheck !== undefined ? { buildkitCheck: c.buildArgCheck } : {};
  return check(files, 'Dockerfile', config)
    .map((f) => (buildkitName(f) ? `${buildkitName(f)}@${f.range.start.line + 1}` : undefined))
    .filter((x): x is string => x !== undefined)
    .sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1]) || a.localeCompare(b));
}

for (const c of CASES) {
  test(`BuildKit ${c.name}`, () => {
    if (NEEDS_REGISTRY[c.name]) {
      assert.deepEqual(run(c), [], NEEDS_REGISTRY[c.name]);
      return;
    }
    assert.deepEqual(run(c), c.expected, c.note);
  });
}

test('the table holds every ported case, and all but the registry one are compared', () => {
  assert.equal(CASES.length, 88);
  assert.equal(CASES.filter((c) => !NEEDS_REGISTRY[c.name]).length, 87);
});

// ---------------------------------------------------------------------------------------------------------------
// Directives, the setting, hadolint suppressions, fixes

const CASING = '#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n';

test('# check=error=true turns the mapped findings into errors, whatever their configured severity', () => {
  const plain = check({ Dockerfile: CASING }, 'Dockerfile').filter((f) => f.code === 'DW130');
  assert.equal(plain.length, 1);
  assert.equal(plain[0].severity, 'warning');
  const erroring = check({ Dockerfile: CASING.replace('Casing\n', 'Casing;error=true\n') }, 'Dockerfile', { rules: { DW130: 'info' } });
  assert.deepEqual(erroring.filter((f) => f.code === 'DW130').map((f) => f.severity), ['error']);
  // Non-BuildKit findings keep their severity.
  const other = check({ Dockerfile: '#check=error=true\nFROM alpine:3.20\nRUN apk add git\nUSER 1001\n' }, 'Dockerfile');
  assert.deepEqual(other.filter((f) => f.code === 'DW106').map((f) => f.severity), ['warning']);
});

test('# check=skip applies to mapped DW codes only for the named check (DW115 holds two)', () => {
  const text = '# check=skip=StageNameCasing\nFROM alpine:3.20 AS Base\nFROM alpine:3.20 AS base\n';
  const found = check({ Dockerfile: text }, 'Dockerfile').filter((f) => f.code === 'DW115');
  assert.deepEqual(found.map((f) => buildkitName(f)), ['DuplicateStageName']);
  assert.deepEqual(check({ Dockerfile: text.replace('StageNameCasing', 'all') }, 'Dockerfile').filter((f) => f.code === 'DW115'), []);
  // An invalid directive is ignored, as BuildKit does.
  assert.equal(check({ Dockerfile: '# check=bogus\nFROM scratch as base\n' }, 'Dockerfile').filter((f) => f.code === 'DW130').length, 1);
  // Not a directive below the first instruction, except as a comment right above one instruction.
  const late = 'FROM scratch\n# check=skip=all\n\nMAINTAINER me\nMAINTAINER you\n';
  assert.deepEqual(check({ Dockerfile: late }, 'Dockerfile').filter((f) => f.code === 'DW134').map((f) => f.range.start.line), [4]);
});

test('dockwright.dockerfile.buildkitChecks: auto leaves BuildKit findings to Docker DX, keeps Dockwright-only ones', () => {
  const text = 'ARG API_TOKEN\nFROM alpine:3.20 as build\nCMD ./server\nENV DB_PASSWORD=x\n';
  const all = check({ Dockerfile: text }, 'Dockerfile');
  assert.ok(['DW130', 'DW117', 'DW116'].every((c) => all.some((f) => f.code === c)));
  const dx = check({ Dockerfile: text }, 'Dockerfile', { dockerDxInstalled: true });
  assert.ok(!dx.some((f) => ['DW130', 'DW117'].includes(f.code)));
  // The global-ARG secret is Dockwright's own finding (BuildKit does not check ARGs before FROM): still reported.
  assert.deepEqual(dx.filter((f) => f.code === 'DW116').map((f) => f.range.start.line), [0]);
  const forced = check({ Dockerfile: text }, 'Dockerfile', { dockerDxInstalled: true, buildkitChecks: 'on' });
  assert.ok(forced.some((f) => f.code === 'DW130'));
  const off = check({ Dockerfile: text }, 'Dockerfile', { buildkitChecks: 'off' });
  assert.ok(!off.some((f) => f.code === 'DW130' || f.code === 'DW117'));
  // Other Docker extensions do not run BuildKit's checks.
  assert.ok(check({ Dockerfile: text }, 'Dockerfile', { dockerExtensionInstalled: true }).some((f) => f.code === 'DW130'));
});

test('# hadolint ignore= comments suppress the mapped DW codes for the next instruction', () => {
  const text = 'FROM alpine:3.20\n# hadolint ignore=DL3019,DL3018\n# another comment\nRUN apk add \\\n    git\nRUN apk add curl\nUSER 1001\n';
  assert.deepEqual(check({ Dockerfile: text }, 'Dockerfile').filter((f) => f.code === 'DW106').map((f) => f.range.start.line), [5]);
  // An unmapped code suppresses nothing.
  const unmapped = text.replace('DL3019,DL3018', 'DL3018');
  assert.equal(check({ Dockerfile: unmapped }, 'Dockerfile').filter((f) => f.code === 'DW106').length, 2);
  const global = 'FROM alpine:3.20\n# hadolint global ignore=DL3019\nRUN apk add git\nRUN apk add curl\nUSER 1001\n';
  assert.equal(check({ Dockerfile: global }, 'Dockerfile').filter((f) => f.code === 'DW106').length, 0);
});

test('.hadolint.yaml ignored: list at the workspace root or next to the Dockerfile', () => {
  const dockerfile = 'FROM alpine\nMAINTAINER me\nCMD ["sh"]\n';
  const codesOf = (files: Record<string, string>, path: string) => check(files, path).map((f) => f.code);
  assert.ok(codesOf({ Dockerfile: dockerfile }, 'Dockerfile').includes('DW114'));
  const root = codesOf({ Dockerfile: dockerfile, '.hadolint.yaml': 'ignored:\n  - DL3006\n  - DL4000\n' }, 'Dockerfile');
  assert.ok(!root.includes('DW114') && !root.includes('DW134'), root.join());
  const nested = codesOf({ 'svc/Dockerfile': dockerfile, 'svc/.hadolint.yml': 'ignored: [DL3006]\n' }, 'svc/Dockerfile');
  assert.ok(!nested.includes('DW114') && nested.includes('DW134'));
  // Broken YAML suppresses nothing and does not throw.
  assert.ok(codesOf({ Dockerfile: dockerfile, '.hadolint.yaml': 'ignored: [DL3006\n' }, 'Dockerfile').includes('DW114'));
});

test('quick fixes: applying them removes the finding and adds nothing new', () => {
  const cases: [string, string, string][] = [
    ['DW132', 'FROM alpine:3.20\nrun echo hi\nUSER 1001\nCMD ["sh"]\n', 'FROM alpine:3.20\nRUN echo hi\nUSER 1001\nCMD ["sh"]\n'],
    ['DW132', 'from alpine:3.20\nrun echo hi\nUSER 1001\ncmd ["sh"]\n', 'from alpine:3.20\nrun echo hi\nuser 1001\ncmd ["sh"]\n'],
    ['DW134', 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\nUSER 1001\n', 'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\nUSER 1001\n'],
    ['DW130', 'FROM golang:1.23 as build\nFROM alpine:3.20\nUSER 1001\n', 'FROM golang:1.23 AS build\nFROM alpine:3.20\nUSER 1001\n'],
    ['DW130', 'from golang:1.23 AS build\nfrom alpine:3.20\nuser 1001\n', 'from golang:1.23 as build\nfrom alpine:3.20\nuser 1001\n'],
    ['DW136', 'FROM alpine:3.20\nENV APP_HOME /srv/app\nLABEL description a small app\nUSER 1001\n', 'FROM alpine:3.20\nENV APP_HOME=/srv/app\nLABEL description="a small app"\nUSER 1001\n'],
    ['DW141', 'FROM --platform=$TARGETPLATFORM alpine:3.20\nUSER 1001\n', 'FROM alpine:3.20\nUSER 1001\n'],
    ['DW005', "FROM alpine:3.20\nUSER 1001\nCMD ['sh', '-c', 'echo hi']\n", 'FROM alpine:3.20\nUSER 1001\nCMD ["sh", "-c", "echo hi"]\n'],
  ];
  for (const [code, before, after] of cases) {
    assert.ok(check({ Dockerfile: before }, 'Dockerfile').some((f) => f.code === code && f.fixes.length), `${code} offers a fix for ${before}`);
    const fixed = fixAll({ Dockerfile: before }, 'Dockerfile', code);
    assert.equal(fixed.Dockerfile, after, code);
    assert.ok(!check(fixed, 'Dockerfile').some((f) => f.code === code), `${code} gone`);
  }
  // Ambiguous legacy values (quotes) get no fix, but are still reported.
  const quoted = check({ Dockerfile: 'FROM alpine:3.20\nENV GREETING "hi there"\n' }, 'Dockerfile').find((f) => f.code === 'DW136');
  assert.ok(quoted && quoted.fixes.length === 0);
});

test('DW115: COPY --from naming no stage and no possible image reference is an error; an image is fine', () => {
  const found = (text: string) => check({ Dockerfile: text }, 'Dockerfile').filter((f) => f.code === 'DW115');
  assert.deepEqual(found('FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx /n\nCOPY --from=busybox /bin/sh /sh\n'), []);
  const bad = found('FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=Bulid_Stage! /a /a\n');
  assert.equal(bad.length, 1);
  assert.match(bad[0].message, /not a valid image reference/);
  assert.equal(bad[0].severity, 'error');
});

test('DW135 (WorkdirRelativePath) knows the parent stage; DW139 (CopyIgnoredFile) reads Dockerfile.dockerignore first', () => {
  const wd = (text: string) => check({ Dockerfile: text }, 'Dockerfile').filter((f) => f.code === 'DW135').length;
  assert.equal(wd('FROM alpine:3.20 AS a\nWORKDIR /app\nFROM a\nWORKDIR sub\n'), 0);
  assert.equal(wd('FROM alpine:3.20 AS a\nWORKDIR /app\nFROM alpine:3.20\nWORKDIR sub\n'), 1);
  assert.equal(wd('FROM alpine:3.20\nARG DIR=/srv\nWORKDIR $DIR\n'), 0);
  const ignored = (files: Record<string, string>) => check(files, 'Dockerfile').filter((f) => f.code === 'DW139').length;
  const df = 'FROM alpine:3.20\nCOPY dist /srv\nCOPY src/main.go /srv/\n';
  assert.equal(ignored({ Dockerfile: df, '.dockerignore': 'dist\n' }), 1);
  assert.equal(ignored({ Dockerfile: df, '.dockerignore': 'dist\n', 'Dockerfile.dockerignore': 'other\n' }), 0);
  assert.equal(ignored({ Dockerfile: df, '.dockerignore': 'src/**/*.go\n' }), 1);
  // Exclusions make BuildKit skip the check.
  assert.equal(ignored({ Dockerfile: df, '.dockerignore': 'dist\n!dist/index.html\n' }), 0);
});

test('DW144 (InvalidBaseImagePlatform) reports what is known without a registry; DW138 respects platform-named stages', () => {
  const codesOf = (text: string) => check({ Dockerfile: text }, 'Dockerfile').map((f) => f.code);
  assert.ok(codesOf('FROM --platform=linux/amd64 arm64v8/alpine:3.20\nUSER 1001\n').includes('DW144'));
  assert.ok(!codesOf('FROM --platform=linux/arm64 arm64v8/alpine:3.20\nUSER 1001\n').includes('DW144'));
  assert.ok(!codesOf('FROM --platform=$BUILDPLATFORM arm64v8/alpine:3.20\nUSER 1001\n').includes('DW144'));
  assert.ok(!codesOf('FROM --platform=linux/arm64 alpine:3.20 AS build-arm64\nUSER 1001\n').includes('DW138'));
});

test('dockerfile-utils no longer demands upper case, nor reports what the BuildKit rules report', () => {
  const lower = 'from alpine:3.20\nrun echo hi\nuser 1001\ncmd ["sh"]\n';
  assert.deepEqual(check({ Dockerfile: lower }, 'Dockerfile').map((f) => f.code).filter((c) => /^DW0|^DW13/.test(c)), []);
  const relative = check({ Dockerfile: 'FROM alpine:3.20 AS a\nWORKDIR /app\nFROM a\nWORKDIR sub\nEXPOSE 8080:80\n' }, 'Dockerfile');
  assert.ok(!relative.some((f) => f.code === 'DW004'), relative.map((f) => f.code).join());
  assert.ok(relative.some((f) => f.code === 'DW143'));
});

test('a line ending in an escaped backslash ends the instruction: no DW131 and no DW004 (mongo Windows COPY, checked with dockerd 26)', () => {
  // Built with the real engine: `COPY a.dll b.dll out\\` then a blank line and ENV: the COPY ends at `out\\` (a
  // directory with a literal backslash, accepted with two sources) and ENV V=1 is set in the image.
  const text = 'FROM scratch\nCOPY \\\n\ta.dll \\\n\tb.dll \\\n\tC:\\\\Windows\\\\System32\\\\\n\n# comment\nENV V=1\n';
  const codesOf = check({ Dockerfile: text }, 'Dockerfile').map((f) => f.code);
  assert.ok(!codesOf.includes('DW131'), codesOf.join());
  assert.ok(!codesOf.includes('DW004'), codesOf.join());
  // A real empty continuation (one unescaped backslash) is still reported.
  const real = check({ Dockerfile: 'FROM scratch\nCOPY a.dll \\\n\n  /out/\n' }, 'Dockerfile').map((f) => f.code);
  assert.ok(real.includes('DW131'), real.join());
});

test('config: buildkitChecks and buildkitCheck are validated', () => {
  assert.equal(normalizeConfig({ buildkitChecks: 'off' }).config.buildkitChecks, 'off');
  assert.equal(normalizeConfig({ buildkitChecks: 'sometimes' }).problems.length, 1);
  assert.equal(normalizeConfig({ buildkitCheck: 'skip=all' }).config.buildkitCheck, 'skip=all');
  assert.equal(normalizeConfig({ buildkitCheck: 3 }).problems.length, 1);
  assert.equal(buildkitChecksEnabled({}), true);
  assert.equal(buildkitChecksEnabled({ dockerDxInstalled: true }), false);
  assert.equal(buildkitChecksEnabled({ dockerDxInstalled: true, buildkitChecks: 'on' }), true);
  assert.equal(mergeConfigs({ buildkitChecks: 'off' }, { buildkitCheck: 'skip=all' }).buildkitChecks, 'off');
});

test('BuildKit checks never throw on hostile input', () => {
  const inputs = ['FROM', 'FROM --platform= \nWORKDIR', 'ARG A=${\nFROM $A:${B:-', 'FROM a AS\nEXPOSE /TCP :::\nENV', 'from x as y\\\n\n\\\n', '# check=skip=;;;\nMAINTAINER\n', 'FROM x\nCOPY ["a", \n'];
  for (const text of inputs) check({ Dockerfile: text, '.dockerignore': '[\n**/\n' }, 'Dockerfile');
});
