// Runs every test/**/*.test.ts with node's test runner (Node 20's runner does not expand globs itself).
// Extra arguments are passed through, e.g. a path filter: `node scripts/run-tests.mjs test/index`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = findTests('test')
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)))
  .sort();
// Tests never use the network: anything that would reach the Hugging Face Hub gets a closed local port.
const env = { ...process.env, HF_ENDPOINT: 'http://127.0.0.1:9' };
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
