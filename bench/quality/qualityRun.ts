import type { MachineInfo } from '../lib/machine';
import type { SetResult } from './runSet';

/** What `npm run bench:quality` records in BENCHMARKS.json under "quality". */
export interface QualityRun {
  machine: MachineInfo;
  command: string;
  model: { dir: string; isTestModel: boolean };
  /** The lexical field weights in effect (src/core/store/store.ts DEFAULT_FIELD_WEIGHTS). */
  lexicalFieldWeights: Record<string, number>;
  sets: SetResult[];
  totalMs: number;
}
