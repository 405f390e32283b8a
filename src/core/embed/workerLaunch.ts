/** Where the embedding worker script is and how Node must start it. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodeloupeError } from '../errors';

export interface WorkerLaunch {
  workerPath: string;
  /** Node options for the child, e.g. ['--import', 'tsx'] to run a TypeScript entry. */
  execArgv: string[];
  /** Extra argv for the worker script (test fixtures read their settings there). */
  args?: string[];
  /** A worker with work that sends nothing for this long is killed, like a crash. */
  stallTimeoutMs: number;
  /** A starting worker that sends nothing for this long (no ready, no log line) is stopped: E_WORKER_TIMEOUT. */
  readyTimeoutMs: number;
}

export interface LaunchOptions {
  workerPath?: string;
  execArgv?: string[];
  workerArgs?: string[];
  stallTimeoutMs: number;
  readyTimeoutMs: number;
}

/**
 * `here` is the directory of the running code: dist/ when bundled (cli.js, extension.js and
 * embed-worker.js sit together), src/core/embed/ when run from source through tsx (tests), where the
 * worker is worker/main.ts, started with `--import tsx`, so tests need no build.
 */
export function resolveWorkerLaunch(here: string, opts: LaunchOptions): WorkerLaunch {
  const workerPath = opts.workerPath ?? defaultWorkerPath(here);
  if (!existsSync(workerPath)) {
    throw new CodeloupeError('E_INTERNAL', `The embedding worker script ${workerPath} does not exist.`, { hint: 'Reinstall codeloupe, or run npm run build in a source checkout.' });
  }
  return {
    workerPath,
    execArgv: opts.execArgv ?? (workerPath.endsWith('.ts') ? ['--import', 'tsx'] : []),
    args: opts.workerArgs ?? [],
    stallTimeoutMs: opts.stallTimeoutMs,
    readyTimeoutMs: opts.readyTimeoutMs,
  };
}

export function defaultWorkerPath(here: string): string {
  const candidates = [path.join(here, 'embed-worker.js'), path.join(here, 'worker', 'main.ts')];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new CodeloupeError('E_INTERNAL', `The embedding worker script is missing (looked for ${candidates.join(' and ')}).`, { hint: 'Reinstall codeloupe, or run npm run build in a source checkout.' });
  }
  return found;
}
