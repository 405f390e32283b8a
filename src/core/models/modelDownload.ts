/**
 * Downloads a model from the Hugging Face Hub (or a mirror) into a folder in the Hub's layout: asks the
 * Hub which files exist with their sizes and hashes, picks the ONNX export for the precision, and fetches
 * each file with resume and verification. Reports progress (bytes, rate, time left); cancellable.
 */
import { join } from 'node:path';
import type { CancellationToken } from '../cancellation';
import { CancelledError, CodeloupeError } from '../errors';
import { nullLogger, type Logger } from '../logger';
import { downloadFile } from './fileDownload';
import { authHeader, fetchPathsInfo, type HubRequest } from './hubApi';
import { DEFAULT_REVISION, hubEndpoint, hubToken, repoUrl, resolveUrl } from './hubEndpoint';
import { createDispatcher, type ProxySetting } from './httpDispatcher';
import { chooseFiles, wantedPaths } from './modelFiles';
import type { Precision } from './precision';
import { TransferMeter, type TransferSnapshot } from './transferMeter';

export interface DownloadProgress extends TransferSnapshot {
  modelId: string;
  /** The file being transferred now, relative to the model folder. */
  file: string;
  fileIndex: number;
  fileCount: number;
}

export interface DownloadModelOptions {
  /** Hugging Face id, `owner/name`. */
  id: string;
  /** The folder the files go to (created when missing). */
  dir: string;
  precision: Precision;
  /** A specific ONNX file instead of the precision's (`model_fp16.onnx` or `onnx/model_fp16.onnx`). */
  onnx?: string;
  revision?: string;
  /** Default: HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Default: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment. */
  proxy?: ProxySetting;
  /** Default: HF_TOKEN from the environment. */
  accessToken?: string;
  token?: CancellationToken;
  onProgress?: (progress: DownloadProgress) => void;
  logger?: Logger;
  /** Tries after a broken transfer, each resuming (default 3), and the pause before the first (default 1 s). */
  retries?: number;
  retryDelayMs?: number;
  /** Each file request's range and HTTP status (tests check that a resume asked for a Range). */
  onRequest?: (info: { file: string; range: string | undefined; status: number }) => void;
}

export interface DownloadedModel {
  id: string;
  dir: string;
  revision: string;
  onnxFile: string;
  precision: Precision | undefined;
  files: { path: string; size: number; outcome: 'present' | 'downloaded' }[];
}

export async function downloadModel(opts: DownloadModelOptions): Promise<DownloadedModel> {
  const logger = opts.logger ?? nullLogger;
  const endpoint = hubEndpoint(opts.endpoint);
  const revision = opts.revision ?? DEFAULT_REVISION;
  const accessToken = opts.accessToken ?? hubToken();
  const dispatcher = createDispatcher(opts.proxy);
  const abort = new AbortController();
  const subscription = opts.token?.onCancellationRequested(() => abort.abort());
  try {
    if (opts.token?.isCancellationRequested) throw new CancelledError();
    const request: HubRequest = { endpoint, id: opts.id, revision, dispatcher, signal: abort.signal, ...(accessToken && { accessToken }) };
    const remote = await fetchPathsInfo(request, wantedPaths(opts.precision, opts.onnx)).catch((err: unknown) => {
      throw abort.signal.aborted ? new CancelledError() : err;
    });
    const choice = chooseFiles(new Set(remote.keys()), opts.precision, opts.onnx);
    if (choice.onnxFile === undefined) {
      throw new CodeloupeError('E_MODEL_INVALID', `${repoUrl(endpoint, opts.id)} (revision ${revision}) has no ${choice.missing.join(', ')}, so it is not an ONNX model in the Hugging Face layout codeloupe reads.`, {
        hint: 'Choose a model with an onnx/ folder (codeloupe models lists known ones), or export one and pass --model DIR.',
      });
    }
    const files = choice.files.map((path) => remote.get(path)!);
    const meter = new TransferMeter(files.reduce((n, f) => n + f.size, 0));
    const result: DownloadedModel = { id: opts.id, dir: opts.dir, revision, onnxFile: choice.onnxFile, precision: choice.precision, files: [] };
    logger.info(`Downloading ${opts.id} (${choice.onnxFile}) from ${endpoint} into ${opts.dir}.`);
    for (const [index, file] of files.entries()) {
      const report = (): void => opts.onProgress?.({ ...meter.snapshot(), modelId: opts.id, file: file.path, fileIndex: index, fileCount: files.length });
      let counted = 0;
      const outcome = await downloadFile({
        url: resolveUrl(endpoint, opts.id, revision, file.path),
        dest: join(opts.dir, ...file.path.split('/')),
        size: file.size,
        hash: file.hash,
        dispatcher,
        headers: authHeader(accessToken),
        signal: abort.signal,
        retries: opts.retries ?? 3,
        retryDelayMs: opts.retryDelayMs ?? 1000,
        onResume: (bytes) => {
          // A restart from zero takes back what an earlier try of this file had counted.
          meter.skip(bytes - counted);
          counted = bytes;
          report();
        },
        onBytes: (bytes) => {
          counted += bytes;
          meter.add(bytes);
          report();
        },
        ...(opts.onRequest && { onRequest: (info) => opts.onRequest?.({ file: file.path, ...info }) }),
      });
      if (outcome === 'present') meter.skip(file.size);
      else if (counted < file.size) meter.skip(file.size - counted);
      report();
      result.files.push({ path: file.path, size: file.size, outcome });
    }
    return result;
  } finally {
    subscription?.dispose();
    await dispatcher.close().catch((err: unknown) => logger.debug(`Closing the HTTP connections failed: ${String(err)}`));
  }
}
