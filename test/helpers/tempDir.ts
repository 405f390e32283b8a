import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A temporary directory removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'codeloupe-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Retried: a child process (an engine server, an MCP server) may still be writing its last files as the test ends.
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));
  return dir;
}
