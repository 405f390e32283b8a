/** Files the CLI reads its input from (`--queries FILE`, `--code FILE|-`), checked before slow work starts. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CodeloupeError } from '../core/errors';
import { fsErrorCode, isNotFound } from '../core/scan/fsErrorCode';
import { usage } from './args';

/** A snippet given as the query of `similar --code` is read up to this many bytes; the rest is ignored. */
export const MAX_CODE_INPUT_BYTES = 1024 * 1024;

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

/** The text of `--code FILE`, or of standard input for `-`: at most MAX_CODE_INPUT_BYTES, and whether it was cut. */
export async function readCodeInput(spec: string): Promise<{ code: string; truncated: boolean }> {
  const bytes = spec === '-' ? await readStdin(MAX_CODE_INPUT_BYTES + 1) : readHead(readableFile(spec, 'The code file'), MAX_CODE_INPUT_BYTES + 1);
  const truncated = bytes.length > MAX_CODE_INPUT_BYTES;
  const code = bytes.subarray(0, MAX_CODE_INPUT_BYTES).toString('utf8');
  if (code.trim() === '') throw usage(`The code given with --code ${spec} is empty.`);
  return { code, truncated };
}

function readHead(file: string, limit: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    while (filled < limit) {
      const n = readSync(fd, buffer, filled, limit - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}
