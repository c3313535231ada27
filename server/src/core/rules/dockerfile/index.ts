import type { DockerfileRule } from '../../rule';
import { dw106 } from './dw106-package-manager-leftovers';
import { dw107 } from './dw107-runs-as-root';
import { dw114 } from './dw114-unpinned-base-image';

export const dockerfileRules: DockerfileRule[] = [dw106, dw107, dw114];
