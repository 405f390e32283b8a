import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProcessTreeMemory, type ProcessPeak } from './procMemory';

/** The repository root: the benches run from it (`npm run bench:*`), or from CODELOUPE_REPO. */
export function repoRoot(): string {
  const root = resolve(process.env.CODELOUPE_REPO ?? process.cwd());
  if (!existsSync(join(root, 'bin', 'codeloupe.js'))) throw new Error(`${root} has no bin/codeloupe.js: run the benches from the repository root.`);
  return root;
}

export interface CliRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  pid?: number;
  /** Peak RSS per process of the CLI's process tree (Linux only). */
  memory?: ProcessPeak[];
}

/** Runs `codeloupe ARGS` (the built CLI, `bin/codeloupe.js`) in a child process, as a user would. */
export function runCli(args: string[], options: { sampleMemory?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const cli = join(repoRoot(), 'bin', 'codeloupe.js');
  if (!existsSync(join(repoRoot(), 'dist', 'cli.js'))) return Promise.reject(new Error('dist/cli.js is missing: run `npm run build` first.'));
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const sampler = options.sampleMemory && child.pid !== undefined ? new ProcessTreeMemory(child.pid) : undefined;
    sampler?.start();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      sampler?.stop();
      reject(e);
    });
    child.on('close', (code) => {
      const memory = sampler?.stop();
      resolvePromise({
        args,
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallMs: performance.now() - started,
        ...(child.pid !== undefined && { pid: child.pid }),
        ...(memory && { memory }),
      });
    });
  });
}

/** Like runCli, but a non-zero exit is an error that shows the command and its stderr. */
export async function runCliOk(args: string[], options: { sampleMemory?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  const run = await runCli(args, options);
  if (run.code !== 0) throw new Error(`codeloupe ${args.join(' ')} exited ${run.code}:\n${run.stderr.trim()}`);
  return run;
}

/** Parses JSON-lines output (one object a line). */
export function parseJsonLines<T>(stdout: string, what: string): T[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as T;
      } catch {
        throw new Error(`${what}: output line ${i + 1} is not JSON: ${l.slice(0, 200)}`);
      }
    });
}
