/**
 * Downloads one file into place: bytes go to `<file>.partial`, an interrupted transfer resumes from the
 * partial file's length with an HTTP Range request, and the file is renamed into place only once its size
 * and hash match what the Hub reports. A mismatch deletes the partial file; nothing wrong is ever placed.
 * Within one run, undici's RetryAgent retries a request that fails (network errors, 429 and 5xx answers) and
 * resumes a body that breaks off with a Range request checked against the ETag; across runs, the partial
 * file is the resume point.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fetch, RetryAgent, type Dispatcher } from 'undici';
import { CancelledError, CodeloupeError } from '../errors';
import { fileDigest, type FileHash } from './fileDigest';
import { describeNetworkError } from './httpDispatcher';
import { formatBytes } from './transferMeter';

export interface FileDownloadRequest {
  url: string;
  dest: string;
  size: number;
  hash: FileHash;
  dispatcher: Dispatcher;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** More tries after a request that fails or a body that breaks off (each resumes where it stopped). */
  retries: number;
  /** The delay before the first retry; it doubles for each next one. */
  retryDelayMs: number;
  /** Bytes that were already on disk when a transfer (re)starts. */
  onResume?: (bytes: number) => void;
  /** Bytes received. */
  onBytes?: (bytes: number) => void;
  /** Status responses (200, 206) of each request, for tests and logs. */
  onRequest?: (info: { range: string | undefined; status: number }) => void;
}

export type FileDownloadOutcome = 'present' | 'downloaded';

export function partialPath(dest: string): string {
  return `${dest}.partial`;
}

export async function downloadFile(req: FileDownloadRequest): Promise<FileDownloadOutcome> {
  if ((await sizeOf(req.dest)) === req.size) return 'present';
  await mkdir(dirname(req.dest), { recursive: true });
  const partial = partialPath(req.dest);
  const retrying = new RetryAgent(req.dispatcher, { maxRetries: req.retries, minTimeout: req.retryDelayMs, timeoutFactor: 2, methods: ['GET'] });
  try {
    await transfer({ ...req, dispatcher: retrying }, partial);
  } catch (err) {
    if (req.signal?.aborted) throw new CancelledError();
    throw err instanceof TransferBrokenError ? err.toCodeloupeError() : err;
  }
  await verify(req, partial);
  await rename(partial, req.dest);
  return 'downloaded';
}

/** A transfer that broke off after the response started (or could not connect): the next run resumes it. */
class TransferBrokenError extends Error {
  constructor(
    readonly url: string,
    readonly have: number,
    readonly size: number,
    cause: unknown,
  ) {
    super(describeNetworkError(cause), { cause });
  }

  toCodeloupeError(): CodeloupeError {
    return new CodeloupeError('E_DOWNLOAD_FAILED', `Downloading ${this.url} stopped after ${formatBytes(this.have)} of ${formatBytes(this.size)}: ${this.message}.`, {
      hint: 'Run the same command again: the download resumes where it stopped.',
      cause: this.cause,
    });
  }
}

async function transfer(req: FileDownloadRequest, partial: string): Promise<void> {
  let have = (await sizeOf(partial)) ?? 0;
  if (have > req.size) {
    await rm(partial, { force: true });
    have = 0;
  }
  if (have === req.size) return;
  const range = have > 0 ? `bytes=${have}-` : undefined;
  let response;
  try {
    response = await fetch(req.url, {
      headers: { ...req.headers, ...(range && { range }) },
      dispatcher: req.dispatcher,
      redirect: 'follow',
      ...(req.signal && { signal: req.signal }),
    });
  } catch (err) {
    if (req.signal?.aborted) throw new CancelledError();
    throw new TransferBrokenError(req.url, have, req.size, err);
  }
  req.onRequest?.({ range, status: response.status });
  if (response.status === 416) {
    // The partial file does not fit the remote file (it changed): start over, once (from 0 there is no range).
    await response.body?.cancel();
    await rm(partial, { force: true });
    return transfer(req, partial);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new CodeloupeError('E_DOWNLOAD_FAILED', `${req.url} answered HTTP ${response.status}.`, { hint: 'Check the model id and revision; try again later.' });
  }
  const resumes = response.status === 206 && rangeStart(response.headers.get('content-range')) === have;
  if (!resumes) have = 0; // a full answer (200), or a range we did not ask for: rewrite from the start
  req.onResume?.(have);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      req.onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(partial, { flags: resumes ? 'a' : 'w' }));
  } catch (err) {
    if (req.signal?.aborted) throw new CancelledError();
    throw new TransferBrokenError(req.url, (await sizeOf(partial)) ?? 0, req.size, err);
  }
  const got = (await sizeOf(partial)) ?? 0;
  if (got < req.size) throw new TransferBrokenError(req.url, got, req.size, new Error('the connection closed early'));
}

async function verify(req: FileDownloadRequest, partial: string): Promise<void> {
  const size = (await sizeOf(partial)) ?? 0;
  const digest = size === req.size ? await fileDigest(partial, req.hash.algorithm, size) : undefined;
  if (size === req.size && digest === req.hash.value) return;
  await rm(partial, { force: true });
  const what = size !== req.size ? `${size} bytes instead of ${req.size}` : `${req.hash.algorithm} ${digest} instead of ${req.hash.value}`;
  throw new CodeloupeError('E_DOWNLOAD_CORRUPT', `The download of ${req.url} is corrupt (${what}); it was deleted and nothing was installed.`, {
    hint: 'Run the command again to download it afresh. If it keeps failing, a proxy or mirror may be altering the file.',
  });
}

function rangeStart(contentRange: string | null): number | undefined {
  const m = contentRange ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(contentRange.trim()) : null;
  return m ? Number(m[1]) : undefined;
}

async function sizeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
}
