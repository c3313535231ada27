import type { Rule, RuleMeta } from './rule';
import { composeRules } from './rules/compose';
import { crossRules } from './rules/cross';
import { dockerfileRules } from './rules/dockerfile';

export const DOCS_BASE_URL = 'https://github.com/dockwright/dockwright/blob/main/docs/rules/';

export const allRules: Rule[] = [...dockerfileRules, ...composeRules, ...crossRules].sort((a, b) => a.code.localeCompare(b.code));

const byCode = new Map<string, RuleMeta>(allRules.map((r) => [r.code, r]));

export function ruleMeta(code: string): RuleMeta | undefined {
  return byCode.get(code);
}

export function ruleDocsUrl(code: string): string {
  return `${DOCS_BASE_URL}${code}.md`;
}
