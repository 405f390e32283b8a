import { CodeloupeError } from '../errors';

/** A path such as the walk produces: relative, '/'-separated, no empty, '.' or '..' segments. */
export function assertRelativePath(relPath: string): void {
  if (relPath.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new CodeloupeError('E_BAD_ARGUMENT', `'${relPath}' is not a path relative to the indexed folder.`, {
      hint: "Pass a '/'-separated path relative to the folder, without '.' or '..' segments.",
    });
  }
}
