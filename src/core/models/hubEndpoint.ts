/** The Hugging Face Hub's URL layout: where a model's files and their metadata are. Pure. */

export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_REVISION = 'main';

/** An explicit endpoint, else HF_ENDPOINT (a mirror), else huggingface.co; without a trailing slash. */
export function hubEndpoint(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit?.trim() || env['HF_ENDPOINT']?.trim() || DEFAULT_HUB_ENDPOINT;
  return chosen.replace(/\/+$/, '');
}

/** A Hugging Face access token for gated or private models: HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN). */
export function hubToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env['HF_TOKEN']?.trim() || env['HUGGING_FACE_HUB_TOKEN']?.trim() || undefined;
}

/** `owner/name`, as on the Hub: letters, digits, '-', '_', '.'; never '.' or '..' as a part. */
export function isModelId(spec: string): boolean {
  const parts = spec.split('/');
  return parts.length === 2 && parts.every((p) => /^[A-Za-z0-9][\w.-]*$/.test(p) && p !== '.' && p !== '..');
}

/** `{endpoint}/{id}/resolve/{revision}/{file}`: the file's bytes (LFS files redirect to a CDN). */
export function resolveUrl(endpoint: string, id: string, revision: string, file: string): string {
  return `${endpoint}/${id}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

/** `POST {endpoint}/api/models/{id}/paths-info/{revision}` with `{"paths": [...]}`: size and hashes of those that exist. */
export function pathsInfoUrl(endpoint: string, id: string, revision: string): string {
  return `${endpoint}/api/models/${id}/paths-info/${encodeURIComponent(revision)}`;
}

/** The repository's page, for messages. */
export function repoUrl(endpoint: string, id: string): string {
  return `${endpoint}/${id}`;
}
