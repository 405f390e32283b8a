import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where a bench works and which model it measures: `--work` and `--model`, defaulting to the test model. */
export function benchPaths(root: string, values: { work?: string; model?: string }): { workDir: string; modelDir: string; isTestModel: boolean } {
  const workDir = resolve(values.work ?? join(root, '.artifacts', 'bench'));
  const testModel = join(root, 'test', 'fixtures', 'model');
  const modelDir = resolve(values.model ?? testModel);
  if (!existsSync(modelDir)) throw new Error(`--model ${modelDir} does not exist.`);
  return { workDir, modelDir, isTestModel: modelDir === resolve(testModel) };
}
