/**
 * Files the test watches on disk. codeloupe's output channel as VS Code writes it to disk: one file per extension host
 * (`<user-data>/logs/<time>/exthost<N>/codeloupe.codeloupe/codeloupe.log`), a new one after a window reload.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function codeloupeLogs(userDataDir: string): Promise<string[]> {
  const root = join(userDataDir, 'logs');
  const found: string[] = [];
  for (const session of await readdir(root).catch(() => [])) {
    for (const host of await readdir(join(root, session)).catch(() => [])) {
      if (!host.startsWith('exthost')) continue;
      const file = join(root, session, host, 'codeloupe.codeloupe', 'codeloupe.log');
      if (await readFile(file).then(() => true, () => false)) found.push(file);
    }
  }
  return found.sort();
}

/**
 * Waits (reading the file every 200 ms) until a line matches `pattern`; returns the line. `from` (a length
 * from `logLength`) looks only at what was written since.
 */
export async function waitForLogLine(file: string, pattern: RegExp, timeoutMs: number, from = 0): Promise<string> {
  const lines = (t: string) => t.slice(from).split('\n');
  const text = await waitForFile(file, (t) => lines(t).some((l) => pattern.test(l)), timeoutMs);
  return lines(text).find((l) => pattern.test(l))!;
}

/** How much the file holds now, for `waitForLogLine(..., from)`. */
export async function logLength(file: string): Promise<number> {
  return (await readFile(file, 'utf8').catch(() => '')).length;
}

/** The codeloupe log of the current window (the newest extension host's). */
export async function currentLog(userDataDir: string): Promise<string> {
  const logs = await codeloupeLogs(userDataDir);
  const last = logs[logs.length - 1];
  if (!last) throw new Error(`No codeloupe log under ${userDataDir}/logs yet`);
  return last;
}

/** Waits (reading the file every 200 ms) until its text satisfies `holds`; returns the text. */
export async function waitForFile(file: string, holds: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (holds(text)) return text;
    if (Date.now() > deadline) throw new Error(`${file} did not get the expected content within ${timeoutMs / 1000} s; it holds:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until an extension host log that is not in `known` appears (the window reloaded). */
export async function waitForNewLog(userDataDir: string, known: readonly string[], timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = (await codeloupeLogs(userDataDir)).filter((f) => !known.includes(f));
    if (fresh.length > 0) return fresh[fresh.length - 1]!;
    if (Date.now() > deadline) throw new Error(`No new codeloupe log under ${userDataDir}/logs within ${timeoutMs / 1000} s (known: ${known.join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
