import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A temporary directory removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'codeloupe-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Retried: a child process (an engine server, an MCP server) may still be writing its last files as the test
  // ends. A folder that still cannot go is reported, not thrown: a throwing hook would skip the hooks after it,
  // such as the one that stops that child process.
  t.after(() => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    } catch (err) {
      process.emitWarning(`Could not remove the test folder ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return dir;
}
