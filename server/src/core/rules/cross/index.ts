import type { ComposeRule } from '../../rule';
import { dw301 } from './dw301-volume-not-writable';
import { dw302 } from './dw302-unknown-target';
import { dw303 } from './dw303-healthcheck-tool-missing';
import { dw304 } from './dw304-port-not-exposed';
import { dw305 } from './dw305-program-missing';
import { dw306 } from './dw306-missing-dockerignore';

export const crossRules: ComposeRule[] = [dw301, dw302, dw303, dw304, dw305, dw306];
