/**
 * Spawn options that make permission checks real: a test run as root (as CI is) reads everything whatever
 * its mode, so the child runs as the unprivileged user `nobody` there; anyone else is already unprivileged.
 */
export const UNPRIVILEGED: { uid?: number; gid?: number } = typeof process.getuid === 'function' && process.getuid() === 0 ? { uid: 65534, gid: 65534 } : {};
