/**
 * Turns the configured model (a folder, or a Hugging Face id) into a model folder, downloading the files
 * an id needs into the cache on first use. When the download cannot happen, the error names the model,
 * the URL tried and how to place the files by hand; the caller goes on with lexical search only.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CodeloupeError, errorMessage, isCancelled, toCodeloupeError } from '../errors';
import { nullLogger } from '../logger';
import { cacheRoot, defaultModelDir } from '../paths';
import { DEFAULT_REVISION, hubEndpoint, isModelId, repoUrl } from './hubEndpoint';
import { onnxCandidates, REQUIRED_FILES } from './modelFiles';
import { withDownloadLock } from './downloadLock';
import { downloadModel, type DownloadModelOptions } from './modelDownload';
import { ONNX_FILES, type Precision } from './precision';
import { definedProps } from '../definedProps';

export type ModelSpecKind = { kind: 'folder'; dir: string } | { kind: 'hub'; id: string; dir: string };

/**
 * An existing folder, or anything that looks like a path, is a folder; `owner/name` is a Hugging Face id
 * whose files live in `<cache>/models/owner/name`.
 */
export function classifyModelSpec(spec: string, root = cacheRoot(), cwd = process.cwd()): ModelSpecKind {
  const asPath = path.resolve(cwd, spec);
  const looksLikePath = path.isAbsolute(spec) || spec.startsWith('.') || spec.startsWith('~') || spec.includes('\\');
  if (looksLikePath || isDirectory(asPath) || !isModelId(spec)) return { kind: 'folder', dir: asPath };
  return { kind: 'hub', id: spec, dir: defaultModelDir(spec, root) };
}

/** Whether `dir` holds the required files and one of the ONNX files wanted for `precision` (or `onnx`). */
export function hasModelFiles(dir: string, precision: Precision, onnx?: string, exact = true): boolean {
  if (!REQUIRED_FILES.every((f) => existsSync(path.join(dir, f)))) return false;
  const candidates = exact && onnx === undefined ? ONNX_FILES[precision] : onnxCandidates(precision, onnx);
  return candidates.some((f) => existsSync(path.join(dir, ...f.split('/'))));
}

export interface EnsureModelOptions extends Omit<DownloadModelOptions, 'id' | 'dir'> {
  /** A folder, or a Hugging Face id. */
  spec: string;
  /** Fetch what is missing (default true); false only reports. */
  download?: boolean;
  cacheDir?: string;
  /**
   * Download under the model folder's lock, waiting while another process downloads it (the CLI). The
   * extension leaves this off: it takes the same lock itself, to show that it waits.
   */
  lock?: boolean;
}

export interface EnsuredModel {
  dir: string;
  /** The Hugging Face id, when the spec was one. */
  id?: string;
  downloaded: boolean;
  /** Set when the wanted export could not be fetched and another one present is used instead. */
  note?: string;
}

export async function ensureModel(opts: EnsureModelOptions): Promise<EnsuredModel> {
  const logger = opts.logger ?? nullLogger;
  const spec = classifyModelSpec(opts.spec, opts.cacheDir ?? cacheRoot());
  if (spec.kind === 'folder') return { dir: spec.dir, downloaded: false };
  const { id, dir } = spec;
  if (hasModelFiles(dir, opts.precision, opts.onnx)) return { dir, id, downloaded: false };
  const present = hasModelFiles(dir, opts.precision, opts.onnx, false);
  if (opts.download === false) {
    if (present) return { dir, id, downloaded: false, note: `the ${opts.onnx ?? opts.precision} export of ${id} is not downloaded; another export present in ${dir} is used` };
    throw notInstalled(opts, id, dir, undefined);
  }
  try {
    const { spec: _spec, download: _download, cacheDir: _cacheDir, lock, ...downloadOptions } = opts;
    const download = () => downloadModel({ ...downloadOptions, id, dir });
    await (lock ? withDownloadLock(dir, { logger, ...definedProps({ token: opts.token }) }, download) : download());
    return { dir, id, downloaded: true };
  } catch (err) {
    if (isCancelled(err)) throw err;
    if (present) {
      const note = `could not download the ${opts.onnx ?? opts.precision} export of ${id} (${errorMessage(err)}); using another export present in ${dir}`;
      logger.warn(note);
      return { dir, id, downloaded: false, note };
    }
    throw notInstalled(opts, id, dir, toCodeloupeError(err));
  }
}

/** The one message for a model that is not there: which model, what was tried, and how to place it by hand. */
function notInstalled(opts: EnsureModelOptions, id: string, dir: string, cause: CodeloupeError | undefined): CodeloupeError {
  const endpoint = hubEndpoint(opts.endpoint);
  const what = cause
    ? `Could not download the embedding model ${id} from ${endpoint} (${cause.message.replace(/\.$/, '')}).`
    : `The embedding model ${id} is not downloaded (looked in ${dir}).`;
  return new CodeloupeError('E_MODEL_UNAVAILABLE', what, {
    hint:
      `To install it by hand, ${manualInstallSteps({ ...opts, id, dir })}; or point --model (the extension's model setting) at a folder that has them. ` +
      'Lexical search works without the model.',
    ...(cause && { cause }),
  });
}

export interface ManualInstall {
  id: string;
  dir: string;
  precision: Precision;
  onnx?: string;
  endpoint?: string;
  revision?: string;
}

/**
 * How to place a model's files by hand, in words neither the CLI's nor the extension's: which files, from
 * which page, into which folder ("put config.json, ... from URL into DIR, keeping the onnx/ folder").
 */
export function manualInstallSteps(m: ManualInstall): string {
  const endpoint = hubEndpoint(m.endpoint);
  const onnx = onnxCandidates(m.precision, m.onnx)[0]!;
  const revision = m.revision ?? DEFAULT_REVISION;
  return (
    `put ${[...REQUIRED_FILES, onnx].join(', ')} (and tokenizer_config.json, 1_Pooling/config.json when the repository has them) ` +
    `from ${repoUrl(endpoint, m.id)}/tree/${revision} into ${m.dir}, keeping the onnx/ folder`
  );
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // no such path: not a folder
  }
}
