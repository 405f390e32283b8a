import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { tempDir } from './tempDir';

export const SAMPLE_REPO = resolve(__dirname, '..', 'fixtures', 'sample-repo');
export const TEST_MODEL = resolve(__dirname, '..', 'fixtures', 'model');

/** A private copy of the sample repository and an empty index directory beside it. */
export function sampleWorkspace(t: TestContext): { root: string; indexDir: string } {
  const dir = tempDir(t);
  const root = join(dir, 'repo');
  cpSync(SAMPLE_REPO, root, { recursive: true });
  const indexDir = join(dir, 'index');
  mkdirSync(indexDir);
  return { root, indexDir };
}
