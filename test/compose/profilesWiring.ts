// Shared by test/engine/profilesWiring.test.ts (records what the real Compose does with the wired photos example)
// and test/unit/profilesWiringRecorded.test.ts (checks the recording still describes today's wiring).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const RECORDING_DIR = path.join(__dirname, '../fixtures/profiles-wiring');

export interface WiringRecording {
  route: string;
  /** `compose version --short` of the route. */
  compose: string;
  /** Digest of the wired compose file and env files the recording was made with. */
  digest: string;
  devConfig: { status: number; services: string[] };
  /** v2: the error line; v1: the JWT_SECRET line of the printed config. */
  prodConfig: { status: number; message: string };
  devUp: { status: number; running: string[] };
}

/** sha256 over `docker-compose.yml` and every `env/*` file of a wired photos project (`at` maps a relative path). */
export function wiredPhotosDigest(at: (rel: string) => string): string {
  const hash = createHash('sha256');
  const files = ['docker-compose.yml', ...readdirSync(at('env')).filter((f) => statSync(path.join(at('env'), f)).isFile()).sort().map((f) => `env/${f}`)];
  for (const f of files) hash.update(`${f}\n`).update(readFileSync(at(f)));
  return hash.digest('hex').slice(0, 16);
}
