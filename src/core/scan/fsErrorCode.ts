/** The errno code of a failed fs call ('ENOENT', 'EACCES'...), or 'UNKNOWN' for anything else thrown. */
export function fsErrorCode(err: unknown): string {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') return err.code;
  return 'UNKNOWN';
}

export function isNotFound(err: unknown): boolean {
  const code = fsErrorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
