import type { MachineInfo } from '../lib/machine';
import type { Int8Check, PerfShape } from '../lib/perfModels';

/** One model (shape and precision) on one corpus: `codeloupe index` from nothing to every text embedded. */
export interface CoverageFigures {
  corpus: string;
  shape: PerfShape;
  precision: 'int8' | 'fp32';
  parameters: number;
  /** Distinct texts that need a vector, and how many got one before the time cap. */
  texts: number;
  embedded: number;
  complete: boolean;
  /** Wall time of the index process, and its lexical part (scan, read, chunk, store: keyword search ready). */
  wallMs: number;
  lexicalMs: number;
  /** The exact-windows pass between the keyword index and embedding (0 in runs made before it existed). */
  windowsMs?: number;
  /** The embed stage's wall time and the model's own time inside the worker. */
  embedMs: number;
  inferMs: number;
  tokens: number;
  paddedTokens: number;
  /** Full coverage time: measured when complete, else the lexical part plus the embed time per text measured so far. */
  coverageMs: number;
  estimated: boolean;
  /** load average (1 min) when the run ended. */
  load: number;
}

/** The raw model on the synthetic chunks of `codeloupe bench embed` (one worker, no pipeline). */
export interface RawFigures {
  shape: PerfShape;
  precision: 'int8' | 'fp32';
  chunks: number;
  meanTokens: number;
  chunksPerSecond: number;
  tokensPerSecond: number;
  load: number;
}

/** What `npm run bench:coverage` records in BENCHMARKS.json under "coverage". */
export interface CoverageRun {
  machine: MachineInfo;
  command: string;
  capMinutes: number;
  threads?: number;
  int8Checks: { shape: PerfShape; check: Int8Check }[];
  raw: RawFigures[];
  runs: CoverageFigures[];
  totalMs: number;
}
