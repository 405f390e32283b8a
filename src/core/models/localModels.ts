/** Which models are in the cache: every registry model, and any other downloaded into it. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, defaultModelDir } from '../paths';
import { cudaProvisioning } from './cudaProvisioning';
import { defaultModelId } from './defaultModel';
import { REQUIRED_FILES } from './modelFiles';
import { ONNX_FILES, PRECISIONS, type Precision } from './precision';
import { MODEL_REGISTRY, type RegistryModel } from './registry';

export interface LocalModel {
  id: string;
  dir: string;
  isDefault: boolean;
  /** The registry entry; undefined for other models found in the cache. */
  known: RegistryModel | undefined;
  /** Exports whose ONNX file is in the folder (with config.json and tokenizer.json). */
  present: Precision[];
}

/** `defaultId`: the model `--device auto` uses here without --model (marked as the default). */
export function listLocalModels(root = cacheRoot(), defaultId = defaultModelId('auto', { platform: process.platform, arch: process.arch, cudaReady: cudaProvisioning().ready })): LocalModel[] {
  const known = MODEL_REGISTRY.map((m) => describe(m.id, defaultModelDir(m.id, root), m, defaultId));
  const knownIds = new Set(MODEL_REGISTRY.map((m) => m.id.toLowerCase()));
  const others = cachedIds(path.join(root, 'models'))
    .filter((id) => !knownIds.has(id.toLowerCase()))
    .map((id) => describe(id, defaultModelDir(id, root), undefined, defaultId));
  return [...known, ...others];
}

function describe(id: string, dir: string, known: RegistryModel | undefined, defaultId: string): LocalModel {
  const complete = REQUIRED_FILES.every((f) => existsSync(path.join(dir, f)));
  const present = complete ? PRECISIONS.filter((p) => ONNX_FILES[p].some((f) => existsSync(path.join(dir, ...f.split('/'))))) : [];
  return { id, dir, isDefault: id === defaultId, known, present };
}

/** `owner/name` folders under the cache's models folder that hold a config.json. */
function cachedIds(modelsDir: string): string[] {
  const ids: string[] = [];
  for (const owner of subfolders(modelsDir)) {
    for (const name of subfolders(path.join(modelsDir, owner))) if (existsSync(path.join(modelsDir, owner, name, 'config.json'))) ids.push(`${owner}/${name}`);
  }
  return ids.sort();
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => statSync(path.join(dir, n)).isDirectory());
}
