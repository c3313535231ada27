import type { DockerfileRule } from '../../rule';
import { syntaxRules } from './dw0xx-syntax-validation';
import { dw093 } from './dw093-analysis-skipped';
import { dw101 } from './dw101-monolith-dockerfile';
import { dw102 } from './dw102-unneeded-build-packages';
import { dw103 } from './dw103-missing-runtime-library';
import { dw104 } from './dw104-missing-program';
import { dw105 } from './dw105-toolchain-in-final-image';
import { dw106 } from './dw106-package-manager-leftovers';
import { dw107 } from './dw107-runs-as-root';
import { dw108 } from './dw108-copy-without-chown';
import { dw109 } from './dw109-expose-without-healthcheck';
import { dw110 } from './dw110-healthcheck-tool-missing';
import { dw111 } from './dw111-no-cache-mount';
import { dw112 } from './dw112-go-build-without-size-flags';
import { dw113 } from './dw113-copy-before-dependencies';
import { dw114 } from './dw114-unpinned-base-image';
import { dw115 } from './dw115-stage-problems';
import { dw116 } from './dw116-secret-in-arg-env';
import { dw117 } from './dw117-shell-form-cmd';
import { dw118 } from './dw118-undeclared-variable';
import { dw119 } from './dw119-add-instead-of-copy';
import { dw120 } from './dw120-built-not-shipped';
import { buildkitRules } from './dw13x-buildkit-checks';

export const dockerfileRules: DockerfileRule[] = [
  ...syntaxRules,
  dw093,
  dw101,
  dw102,
  dw103,
  dw104,
  dw105,
  dw106,
  dw107,
  dw108,
  dw109,
  dw110,
  dw111,
  dw112,
  dw113,
  dw114,
  dw115,
  dw116,
  dw117,
  dw118,
  dw119,
  dw120,
  ...buildkitRules,
];
