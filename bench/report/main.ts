/** Re-renders BENCHMARKS.md from BENCHMARKS.json (after editing bench/report/ or notes.md): `node --import tsx bench/report/main.ts`. */
import { updateBenchmarks } from '../lib/reportFile';
import { repoRoot } from '../lib/cli';

const written = updateBenchmarks(repoRoot(), {});
console.log(`Wrote ${written.markdown}.`);
