// One esbuild bundle per entry point. Native and wasm-loading packages stay external: they are resolved
// from node_modules at run time (and shipped inside the VSIX by the packaging step).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/core/embed/worker/main.ts', out: 'embed-worker' },
  { in: 'src/extension/main.ts', out: 'extension' },
  { in: 'src/server/main.ts', out: 'engine-server' },
].filter((e) => existsSync(e.in));

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  packages: 'external',
  external: ['vscode'],
  logLevel: 'warning',
});
