import { allRules } from '../core/catalogue';

/**
 * For the protocol tests only: `DOCKWRIGHT_TEST_FAIL_RULE=DW114` makes that rule throw, to show that one failing
 * rule is logged and the others still deliver. Rules themselves have no test paths.
 */
export function applyTestHooks(env: NodeJS.ProcessEnv): void {
  const code = env.DOCKWRIGHT_TEST_FAIL_RULE;
  if (!code) return;
  const rule = allRules.find((r) => r.code === code);
  if (rule) {
    rule.check = () => {
      throw new Error(`injected failure of ${code} (DOCKWRIGHT_TEST_FAIL_RULE)`);
    };
  }
}
