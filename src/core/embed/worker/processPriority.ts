/** The embedding worker's OS scheduling priority: below normal, so that typing, builds and tests come first. */
import { readdirSync } from 'node:fs';
import os from 'node:os';

export type WorkerPriority = 'low' | 'normal';

/**
 * Lowers this process's priority (nice 10 on Unix, BELOW_NORMAL on Windows). On Linux a priority belongs
 * to each thread: the calling thread's is inherited by threads started later (ONNX Runtime's, when the
 * model loads), and the threads already running are lowered one by one. Returns a problem to log, if any.
 */
export function lowerOwnPriority(): string | undefined {
  const priority = os.constants.priority.PRIORITY_BELOW_NORMAL;
  try {
    os.setPriority(priority);
  } catch (err) {
    return `could not lower the embedding worker's priority: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (process.platform !== 'linux') return undefined;
  const failed: string[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      os.setPriority(Number(tid), priority);
    } catch {
      failed.push(tid); // a thread that ended meanwhile, most likely; reported below
    }
  }
  return failed.length > 0 ? `could not lower the priority of worker threads ${failed.join(', ')}` : undefined;
}
