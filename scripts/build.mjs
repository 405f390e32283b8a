// One esbuild bundle per entry point. Native and wasm-loading packages stay external: they are resolved
// from node_modules at run time (and shipped inside the VSIX by the packaging step).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/core/embed/worker/main.ts', out: 'embed-worker' },
  { in: 'src/core/chunk/threads/main.ts', out: 'chunk-thread' },
  { in: 'src/extension/main.ts', out: 'extension' },
  { in: 'src/server/main.ts', out: 'engine-server' },
].filter((e) => existsSync(e.in));

// Packages compiled into the bundles that use them instead of resolved at run time: the MCP server's SDK
// and its file watcher, and the Porter stemmer of lexical ranking (an ES module only). They are
// devDependencies, so the VSIX (which ships every production dependency's node_modules) does not carry
// the SDK's ~30 MB of HTTP-server dependencies the stdio server never loads.
const BUNDLED = ['@modelcontextprotocol/sdk', 'zod', 'chokidar', 'stemmer'];

/** Every other package stays external; whatever a bundled package imports is bundled with it. */
const externalsExceptBundled = {
  name: 'externals-except-bundled',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (BUNDLED.some((p) => args.path === p || args.path.startsWith(`${p}/`))) return undefined;
      if (/[\\/]node_modules[\\/]/.test(args.importer) && !args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  plugins: [externalsExceptBundled],
  logLevel: 'warning',
});
