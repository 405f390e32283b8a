/**
 * Bundles the real worker entry and the misbehaving fixture workers with esbuild, the way
 * scripts/build.mjs bundles dist/embed-worker.js, so each test worker starts as fast as the shipped one
 * (no tsx in the child). The bundles go under the repo's .artifacts/ so that they resolve node_modules.
 */
import { build } from 'esbuild';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const ENTRIES = {
  worker: 'src/core/embed/worker/main.ts',
  crashOnFirstRequest: 'test/fixtures/workers/crashOnFirstRequest.ts',
  crashOnText: 'test/fixtures/workers/crashOnText.ts',
  crashAlways: 'test/fixtures/workers/crashAlways.ts',
  noisyStartThenCrash: 'test/fixtures/workers/noisyStartThenCrash.ts',
  hangOnShutdown: 'test/fixtures/workers/hangOnShutdown.ts',
  hangOnText: 'test/fixtures/workers/hangOnText.ts',
  hangOnInit: 'test/fixtures/workers/hangOnInit.ts',
} as const;

export type WorkerBundles = Record<keyof typeof ENTRIES, string> & { dispose(): Promise<void> };

export async function bundleWorkers(): Promise<WorkerBundles> {
  const parent = path.join(REPO, '.artifacts');
  await mkdir(parent, { recursive: true });
  const outdir = await mkdtemp(path.join(parent, 'test-workers-'));
  await build({
    entryPoints: Object.entries(ENTRIES).map(([out, entry]) => ({ in: path.join(REPO, entry), out })),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  const paths = Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, path.join(outdir, `${name}.js`)])) as Record<keyof typeof ENTRIES, string>;
  return { ...paths, dispose: () => rm(outdir, { recursive: true, force: true }) };
}
