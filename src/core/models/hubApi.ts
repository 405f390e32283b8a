/** Asks the Hub which of a model's files exist, with their sizes and hashes (the `paths-info` API). */
import { fetch, type Dispatcher } from 'undici';
import { CodeloupeError } from '../errors';
import type { FileHash } from './fileDigest';
import { describeNetworkError } from './httpDispatcher';
import { pathsInfoUrl, repoUrl } from './hubEndpoint';

export interface RemoteFile {
  path: string;
  size: number;
  hash: FileHash;
}

export interface HubRequest {
  endpoint: string;
  id: string;
  revision: string;
  dispatcher: Dispatcher;
  signal?: AbortSignal;
  /** Bearer token for gated or private repositories. */
  accessToken?: string;
}

interface PathInfoEntry {
  path?: unknown;
  type?: unknown;
  size?: unknown;
  oid?: unknown;
  lfs?: { oid?: unknown; size?: unknown } | null;
}

/** The files among `paths` that exist in the repository at that revision. */
export async function fetchPathsInfo(request: HubRequest, paths: readonly string[]): Promise<Map<string, RemoteFile>> {
  const url = pathsInfoUrl(request.endpoint, request.id, request.revision);
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeader(request.accessToken) },
      body: JSON.stringify({ paths, expand: false }),
      dispatcher: request.dispatcher,
      ...(request.signal && { signal: request.signal }),
    });
  } catch (err) {
    if (request.signal?.aborted) throw err;
    throw new CodeloupeError('E_DOWNLOAD_FAILED', `Could not reach ${url}: ${describeNetworkError(err)}.`, { cause: err });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw httpError(response.status, url, request);
  }
  const body = (await response.json()) as unknown;
  if (!Array.isArray(body)) throw new CodeloupeError('E_DOWNLOAD_FAILED', `${url} answered with something other than a list of files.`, { hint: 'Check HF_ENDPOINT: it must point at a Hugging Face Hub or a mirror of its API.' });
  const files = new Map<string, RemoteFile>();
  for (const entry of body as PathInfoEntry[]) {
    const file = toRemoteFile(entry);
    if (file) files.set(file.path, file);
  }
  return files;
}

function toRemoteFile(entry: PathInfoEntry): RemoteFile | undefined {
  if (typeof entry.path !== 'string' || (entry.type !== undefined && entry.type !== 'file')) return undefined;
  const lfs = entry.lfs;
  if (lfs && typeof lfs.oid === 'string' && typeof lfs.size === 'number') return { path: entry.path, size: lfs.size, hash: { algorithm: 'sha256', value: lfs.oid } };
  if (typeof entry.size === 'number' && typeof entry.oid === 'string') return { path: entry.path, size: entry.size, hash: { algorithm: 'git-sha1', value: entry.oid } };
  return undefined;
}

export function authHeader(accessToken: string | undefined): Record<string, string> {
  return accessToken ? { authorization: `Bearer ${accessToken}` } : {};
}

export function httpError(status: number, url: string, request: Pick<HubRequest, 'endpoint' | 'id' | 'revision' | 'accessToken'>): CodeloupeError {
  if (status === 401 || status === 403) {
    return new CodeloupeError('E_DOWNLOAD_FAILED', `${url} answered HTTP ${status}: ${request.id} is gated or private.`, {
      hint: `Accept its terms at ${repoUrl(request.endpoint, request.id)} and set HF_TOKEN to an access token${request.accessToken ? ' that has access' : ''}.`,
    });
  }
  if (status === 404) {
    return new CodeloupeError('E_DOWNLOAD_FAILED', `${url} answered HTTP 404: no model ${request.id} (revision ${request.revision}) on ${request.endpoint}.`, {
      hint: 'Check the model id (owner/name, as on the Hub), or pass --model DIR for a local folder.',
    });
  }
  return new CodeloupeError('E_DOWNLOAD_FAILED', `${url} answered HTTP ${status}.`, { hint: 'Try again later; a partial download resumes where it stopped.' });
}
