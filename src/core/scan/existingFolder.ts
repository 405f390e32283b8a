import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodeloupeError } from '../errors';
import { fsErrorCode, isNotFound } from './fsErrorCode';

/** Why a folder could not be looked at: it is not there, or it is there but may not be read. */
export function folderProblem(absPath: string, err: unknown): CodeloupeError {
  if (isNotFound(err)) {
    return new CodeloupeError('E_FOLDER_NOT_FOUND', `The folder ${absPath} does not exist.`, { hint: 'Check the path, or pass an existing folder.', cause: err });
  }
  return new CodeloupeError('E_FILE_UNREADABLE', `The folder ${absPath} could not be inspected (${fsErrorCode(err)}).`, {
    hint: 'Check that you may read it and every folder above it.',
    cause: err,
  });
}

export function notAFolder(absPath: string): CodeloupeError {
  return new CodeloupeError('E_BAD_ARGUMENT', `${absPath} is a file, not a folder.`, { hint: 'Give the folder that holds the code.' });
}

/** The real path of an existing folder; otherwise an error that says what is wrong with it. */
export function existingFolder(path: string): string {
  const abs = resolve(path);
  let real: string;
  try {
    if (!statSync(abs).isDirectory()) throw notAFolder(abs);
    real = realpathSync(abs);
  } catch (err) {
    throw err instanceof CodeloupeError ? err : folderProblem(abs, err);
  }
  return real;
}
