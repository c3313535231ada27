import type { ComposeRule } from '../../rule';
import { dw201 } from './dw201-schema';
import { dw202 } from './dw202-missing-dockerfile';
import { dw203 } from './dw203-redundant-command';
import { dw204 } from './dw204-dependency-not-enabled';
import { dw205 } from './dw205-published-data-port';
import { dw206 } from './dw206-secret-in-prod';
import { dw207 } from './dw207-debug-in-prod';
import { dw208 } from './dw208-healthy-without-healthcheck';
import { dw209 } from './dw209-named-volumes';
import { dw210 } from './dw210-unresolved-variable';
import { dw211 } from './dw211-host-port-conflict';
import { dw212 } from './dw212-unprofiled-next-to-twin';
import { dw213 } from './dw213-required-variable-in-disabled-service';

export const composeRules: ComposeRule[] = [dw201, dw202, dw203, dw204, dw205, dw206, dw207, dw208, dw209, dw210, dw211, dw212, dw213];
