import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  /** `free -g` as printed, where available. */
  free?: string;
  node: string;
  platform: string;
  gitCommit?: string;
  /** 1-minute load average when the run ended: other work on the machine slows every figure. */
  loadAverage1m: number;
}

function tryRun(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined; // the tool is not installed here: the field is left out of the report
  }
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux: os.cpus() below
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** What the numbers were measured on. */
export function machineInfo(): MachineInfo {
  const nproc = Number(tryRun('nproc', []) ?? cpus().length);
  const free = tryRun('free', ['-g']);
  const gitCommit = tryRun('git', ['rev-parse', '--short', 'HEAD']);
  return {
    date: new Date().toISOString(),
    nproc,
    cpuModel: cpuModel(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    ...(free !== undefined && { free }),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    ...(gitCommit !== undefined && { gitCommit }),
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}
