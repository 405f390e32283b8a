/**
 * Runs onnxruntime-node's own install step for the CUDA 12 provider libraries (what the documented
 * command does), for the extension's "install CUDA support" prompt. Needs network access to the feed that
 * onnxruntime-node downloads from; proxy settings are passed through the environment.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CancellationToken } from '../cancellation';
import { CancelledError, CodeloupeError } from '../errors';
import { cudaProvisioning, onnxRuntimeRoot, type CudaProvisioning } from './cudaProvisioning';

export interface CudaInstallOptions {
  ortRoot?: string;
  /** Each output line of the install script. */
  onOutput?: (line: string) => void;
  token?: CancellationToken;
  env?: NodeJS.ProcessEnv;
}

/** Resolves with the provisioning state afterwards; rejects when the script fails or is cancelled. */
export async function installCudaProvider(opts: CudaInstallOptions = {}): Promise<CudaProvisioning> {
  const ortRoot = opts.ortRoot ?? onnxRuntimeRoot();
  const before = cudaProvisioning();
  if (!before.applicable) throw new CodeloupeError('E_DEVICE_UNAVAILABLE', before.summary);
  const child = spawn(process.execPath, [path.join('script', 'install.js')], {
    cwd: ortRoot,
    env: { ...(opts.env ?? process.env), ONNXRUNTIME_NODE_INSTALL: 'cuda12', ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const subscription = opts.token?.onCancellationRequested(() => child.kill());
  const lines: string[] = [];
  const collect = (data: Buffer): void => {
    for (const line of data.toString('utf8').split('\n').filter((l) => l.trim() !== '')) {
      lines.push(line);
      opts.onOutput?.(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', (err) => {
      lines.push(err.message);
      resolve(-1);
    });
    child.on('close', resolve);
  });
  subscription?.dispose();
  if (opts.token?.isCancellationRequested) throw new CancelledError();
  const after = cudaProvisioning();
  if (code !== 0 || !after.ready) {
    throw new CodeloupeError('E_DEVICE_UNAVAILABLE', `Installing the CUDA provider libraries failed (exit ${code}): ${lines.slice(-3).join(' ') || 'no output'}.`, {
      hint: `Run it in a terminal to see why: ${after.command}`,
    });
  }
  return after;
}
