/** Temp copies of the committed test model, to edit one file per test. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const TEST_MODEL_DIR = path.resolve(__dirname, '../../fixtures/model');

export interface ModelCopy {
  dir: string;
  editJson(file: string, edit: (json: Record<string, unknown>) => void): Promise<void>;
  writeJson(file: string, json: unknown): Promise<void>;
  remove(file: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function copyTestModel(): Promise<ModelCopy> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'codeloupe-model-'));
  const dir = path.join(root, 'model');
  await cp(TEST_MODEL_DIR, dir, { recursive: true });
  return {
    dir,
    async editJson(file, edit) {
      const json = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, unknown>;
      edit(json);
      await writeFile(path.join(dir, file), JSON.stringify(json));
    },
    async writeJson(file, json) {
      await writeFile(path.join(dir, file), JSON.stringify(json));
    },
    async remove(file) {
      await rm(path.join(dir, file), { recursive: true });
    },
    async dispose() {
      await rm(root, { recursive: true, force: true });
    },
  };
}
