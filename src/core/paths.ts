import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/** The user's cache folder for codeloupe: CODELOUPE_CACHE_DIR, else the platform's cache directory. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CODELOUPE_CACHE_DIR) return env.CODELOUPE_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'codeloupe', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'codeloupe');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'codeloupe');
}

/** One index directory per indexed folder, never inside the folder: `<cache>/indexes/<name>-<hash of path>`. */
export function defaultIndexDir(folder: string, root = cacheRoot()): string {
  const digest = createHash('sha256').update(folder).digest('hex').slice(0, 12);
  const name = basename(folder).replace(/[^A-Za-z0-9._-]/g, '_') || 'root';
  return join(root, 'indexes', `${name}-${digest}`);
}

/** The default model where a GPU starts (fp16): the best code retrieval of the ModernBERT embedders. */
export const DEFAULT_MODEL_ID = 'Alibaba-NLP/gte-modernbert-base';

/**
 * The default model on the CPU (int8): granite-embedding-small-english-r2 (47M parameters, 12 layers x 384),
 * about 3x faster than gte-modernbert-base there, from the repository that ships its ONNX exports.
 * See docs/models.md for the published scores behind the choice.
 */
export const DEFAULT_CPU_MODEL_ID = 'onnx-community/granite-embedding-small-english-r2-ONNX';

/** Where a model given by its Hugging Face id is looked for (and, later, downloaded to). */
export function defaultModelDir(modelId: string, root = cacheRoot()): string {
  return join(root, 'models', ...modelId.split('/'));
}
