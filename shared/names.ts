// Strict name rules shared by the client (before a name reaches a command line) and the server (which
// reads compose files for the client): one definition, so both sides accept exactly the same names.

/** Compose service names: letters, digits, `.`, `_`, `-`; must not start with `-` or `.`. */
export const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
/** Compose profile names (compose's own rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
export const PROFILE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
