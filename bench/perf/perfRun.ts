import type { MachineInfo } from '../lib/machine';
import type { CorpusPerf } from './runCorpus';

/** What `npm run bench:perf` records in BENCHMARKS.json under "perf". */
export interface PerfRun {
  machine: MachineInfo;
  command: string;
  model: { dir: string; isTestModel: boolean };
  syntheticBaseFiles: number;
  scales: number[];
  corpora: CorpusPerf[];
  totalMs: number;
}
