import { readFileSync, readdirSync } from 'node:fs';

/**
 * Peak resident memory of a process tree, sampled from Linux's /proc: each process's VmHWM (its own
 * high-water mark of RSS) is read every `intervalMs` while it lives, and the largest value seen is kept.
 * A process that grows in its last interval before exiting is under-reported by at most that growth.
 * Elsewhere than Linux the sampler reports nothing (`supported` false).
 */
export interface ProcessPeak {
  pid: number;
  command: string;
  peakRssBytes: number;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // the process exited between listing and reading: nothing to sample
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  if (!stat) return undefined;
  // Fields after the command (which is in parentheses and may contain spaces): state, ppid, ...
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1]);
}

function highWaterMark(pid: number): number | undefined {
  const status = readProc(pid, 'status');
  const m = status && /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : undefined;
}

export class ProcessTreeMemory {
  private readonly peaks = new Map<number, ProcessPeak>();
  private timer: NodeJS.Timeout | undefined;
  readonly supported = process.platform === 'linux';

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    if (!this.supported) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): ProcessPeak[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return [...this.peaks.values()];
  }

  private sample(): void {
    const tree = new Set([this.rootPid]);
    const parents = new Map<number, number>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const ppid = parentOf(Number(name));
      if (ppid !== undefined) parents.set(Number(name), ppid);
    }
    // Children may be listed before their parents: iterate until no new member is found.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of parents) {
        if (!tree.has(pid) && tree.has(ppid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of tree) {
      const hwm = highWaterMark(pid);
      if (hwm === undefined) continue;
      const known = this.peaks.get(pid);
      if (known) known.peakRssBytes = Math.max(known.peakRssBytes, hwm);
      else this.peaks.set(pid, { pid, command: (readProc(pid, 'cmdline') ?? '').split('\0').join(' ').trim(), peakRssBytes: hwm });
    }
  }
}
