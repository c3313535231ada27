// Strict checks on names and paths read from compose files or settings before they reach a command line.
// Arguments are passed as arrays (no shell), so these guard against option injection (`--foo`) and junk.

import { PROFILE_NAME, SERVICE_NAME } from '../../../shared/names';

export { PROFILE_NAME, SERVICE_NAME };

/** Compose project names: lowercase letters, digits, `_`, `-`. */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]{0,127}$/;
/** Image references: registry/name:tag@digest. */
export const IMAGE_REF = /^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]{0,254}$/;
/** Dockerfile stage names (`FROM … AS name`, `docker build --target name`). */
export const STAGE_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,127}$/;
/** buildx builder and docker context names. */
export const BUILDER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

export class InvalidNameError extends Error {}

export function checkServiceName(name: string): string {
  if (!SERVICE_NAME.test(name)) throw new InvalidNameError(`Invalid service name ${JSON.stringify(name)}`);
  return name;
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw new InvalidNameError(`Invalid profile name ${JSON.stringify(name)}`);
  return name;
}

export function checkProjectName(name: string): string {
  if (!PROJECT_NAME.test(name)) throw new InvalidNameError(`Invalid compose project name ${JSON.stringify(name)}`);
  return name;
}

export function checkStageName(name: string): string {
  if (!STAGE_NAME.test(name)) throw new InvalidNameError(`Invalid build stage name ${JSON.stringify(name)}`);
  return name;
}

export function checkImageRef(ref: string): string {
  if (!IMAGE_REF.test(ref)) throw new InvalidNameError(`Invalid image reference ${JSON.stringify(ref)}`);
  return ref;
}

export function checkBuilderName(name: string): string {
  if (!BUILDER_NAME.test(name)) throw new InvalidNameError(`Invalid builder/context name ${JSON.stringify(name)}`);
  return name;
}

/**
 * A file-system path handed to the CLI: absolute, no control characters. Paths always reach the CLI
 * absolute, so they can never be mistaken for options.
 */
export function checkPath(p: string): string {
  if (!p || /[\u0000-\u001f]/.test(p) || !(p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\'))) {
    throw new InvalidNameError(`Invalid path ${JSON.stringify(p)}`);
  }
  return p;
}
