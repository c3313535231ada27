import { isScalar } from 'yaml';
import type { Analysis } from '../../analysis';
import { isWasmImage } from '../../dockerfile/image';
import type { Stage } from '../../dockerfile/model';

/** `platform:` values of the compose services that build this Dockerfile. */
export function composePlatformsFor(analysis: Analysis, file: string): string[] {
  const out: string[] = [];
  for (const { service } of analysis.composeServicesUsing(file)) {
    const node = service.keys.get('platform')?.value;
    if (node && isScalar(node) && typeof node.value === 'string') out.push(node.value);
  }
  return out;
}

/** Whether the stage ships a WebAssembly module (see isWasmImage), compose services' `platform:` included. */
export function shipsWasm(analysis: Analysis, file: string, stage: Stage): boolean {
  return isWasmImage(stage) || isWasmImage(stage, composePlatformsFor(analysis, file));
}
