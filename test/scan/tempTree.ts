import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

/** File contents by '/'-separated relative path; a path ending in '/' makes an empty directory. */
export type TreeSpec = Record<string, string | Uint8Array>;

/** Writes `spec` into a fresh directory under the OS temp dir, removed when the test ends. */
export function makeTree(t: TestContext, spec: TreeSpec): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'codeloupe-scan-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  writeTree(root, spec);
  return root;
}

export function writeTree(root: string, spec: TreeSpec): void {
  for (const [relPath, content] of Object.entries(spec)) {
    const abs = path.join(root, ...relPath.split('/'));
    if (relPath.endsWith('/')) {
      mkdirSync(abs, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}
