/**
 * Processes a run leaves behind. code-server's process group dies with stop(); the engine server runs in
 * its own group (so that it can kill its embedding workers) and is expected to exit when its extension
 * host goes. Anything still running from the run's sandbox after that is found here by its command line.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Ids of this machine's processes whose command line mentions `marker` (a path unique to the run). */
export async function processesMentioning(marker: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) found.push(pid);
  }
  return found;
}

/**
 * Waits up to `timeoutMs` for them to exit on their own, then kills those left, each by its id.
 * Returns the command lines of the ones that had to be killed.
 */
export async function reapLeftovers(marker: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let pids = await processesMentioning(marker);
  while (pids.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    pids = await processesMentioning(marker);
  }
  const killed: string[] = [];
  for (const pid of pids) {
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim();
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(`${pid} ${cmdline}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
  return killed;
}
