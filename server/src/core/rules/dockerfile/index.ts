import type { DockerfileRule } from '../../rule';
import { dw101 } from './dw101-monolith-dockerfile';
import { dw102 } from './dw102-unneeded-build-packages';
import { dw103 } from './dw103-missing-runtime-library';
import { dw106 } from './dw106-package-manager-leftovers';
import { dw107 } from './dw107-runs-as-root';
import { dw112 } from './dw112-go-build-without-size-flags';
import { dw114 } from './dw114-unpinned-base-image';

export const dockerfileRules: DockerfileRule[] = [dw101, dw102, dw103, dw106, dw107, dw112, dw114];
