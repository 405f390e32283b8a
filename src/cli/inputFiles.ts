/** Files the CLI reads its input from (`--queries FILE`), checked before slow work starts. */
import { closeSync, openSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodeloupeError } from '../core/errors';
import { fsErrorCode, isNotFound } from '../core/scan/fsErrorCode';
import { usage } from './args';

/** Fails with an actionable error unless `file` is a readable file; `what` names it ("The queries file"). */
export function readableFile(file: string, what: string): string {
  const abs = resolve(file);
  let isFile: boolean;
  try {
    isFile = statSync(abs).isFile();
    closeSync(openSync(abs, 'r'));
  } catch (err) {
    if (isNotFound(err)) throw usage(`${what} ${abs} does not exist.`);
    throw new CodeloupeError('E_FILE_UNREADABLE', `${what} ${abs} cannot be read (${fsErrorCode(err)}).`, { hint: 'Check its permissions.', cause: err });
  }
  if (!isFile) throw usage(`${what} ${abs} is not a file.`);
  return abs;
}
