import type { MachineInfo } from '../lib/machine';
import type { QueryLatency } from '../perf/queryLatency';
import type { VectorSearchFigures } from '../perf/vectorRecall';

/** What `npm run bench:scale` records in BENCHMARKS.json under "scale". */
export interface ScaleRun {
  machine: MachineInfo;
  command: string;
  /** With --queries-only: when the indexes the queries ran on were built (their figures are from that run). */
  indexedOn?: string;
  lexical?: {
    files: number;
    chunks: number;
    skipped: number;
    ignored: number;
    indexMs: number;
    timings: { scanMs: number; readMs: number; chunkMs: number; storeMs: number; totalMs: number };
    serverPeakRssMiB: number;
    diskMiB: number;
    lexicalQueryMs: { queries: number; p50: number; p95: number };
    load: number;
  };
  vectors?: {
    files: number;
    chunks: number;
    indexMs: number;
    model: string;
    latency: QueryLatency;
    search: ({ ef: number } & VectorSearchFigures)[];
    load: number;
  };
  totalMs: number;
}
