import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationSource, type CancellationToken } from '../../src/core/cancellation';
import { CancelledError, CodeloupeError } from '../../src/core/errors';
import { MemoryLogger } from '../helpers/memoryLogger';
import type { CudaInstallOptions } from '../../src/core/models/cudaInstall';
import type { CudaProvisioning } from '../../src/core/models/cudaProvisioning';
import { cudaOfferMessage, CudaSupport, DONT_ASK, DONT_ASK_KEY, INSTALL, NOT_NOW, shouldOfferCudaInstall, type CudaFacts } from '../../src/extension/models/cudaSupport';

const linuxNoCuda: CudaFacts = { applicable: true, ready: false, nvidiaDriver: true };

test('the install is offered on Linux x64 with an NVIDIA driver and no provider, for auto or cuda, once', () => {
  const base = { cuda: linuxNoCuda, device: 'auto' as const, dontAskAgain: false, askedThisSession: false };
  assert.equal(shouldOfferCudaInstall(base), true);
  assert.equal(shouldOfferCudaInstall({ ...base, device: 'cuda' }), true);
  for (const device of ['cpu', 'webgpu', 'dml', 'coreml'] as const) assert.equal(shouldOfferCudaInstall({ ...base, device }), false, device);
  assert.equal(shouldOfferCudaInstall({ ...base, cuda: { ...linuxNoCuda, applicable: false } }), false, 'not Linux x64');
  assert.equal(shouldOfferCudaInstall({ ...base, cuda: { ...linuxNoCuda, nvidiaDriver: false } }), false, 'no NVIDIA driver');
  assert.equal(shouldOfferCudaInstall({ ...base, cuda: { ...linuxNoCuda, nvidiaDriver: undefined } }), false, 'driver unknown');
  assert.equal(shouldOfferCudaInstall({ ...base, cuda: { ...linuxNoCuda, ready: true } }), false, 'already installed');
  assert.equal(shouldOfferCudaInstall({ ...base, dontAskAgain: true }), false);
  assert.equal(shouldOfferCudaInstall({ ...base, askedThisSession: true }), false);
});

test('the offer says when CUDA 12 / cuDNN 9 system libraries are missing too', () => {
  assert.doesNotMatch(cudaOfferMessage({ missingSystemLibraries: [] }), /cuDNN/);
  assert.match(cudaOfferMessage({ missingSystemLibraries: ['libcudnn.so.9'] }), /CUDA 12 and cuDNN 9 are needed too: the loader finds no libcudnn\.so\.9/);
});

function provisioning(over: Partial<CudaProvisioning> = {}): CudaProvisioning {
  return {
    applicable: true,
    ready: false,
    binDir: '/ext/node_modules/onnxruntime-node/bin/napi-v6/linux/x64',
    missingProviderFiles: ['libonnxruntime_providers_cuda.so'],
    missingSystemLibraries: [],
    systemLibrariesChecked: true,
    nvidiaDriver: true,
    command: 'cd ort && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install',
    summary: 'CUDA is not ready.',
    ...over,
  };
}

/** A scripted VS Code: answers prompts from a list, records messages, runs progress tasks with a token it can cancel. */
function harness(answers: (string | undefined)[], install: (opts: CudaInstallOptions) => Promise<CudaProvisioning>) {
  const asked: string[] = [];
  const shown: string[] = [];
  const progress: string[] = [];
  const stored = new Map<string, unknown>();
  const calls = { restarts: 0, freshReads: 0 };
  const cancel = new CancellationSource();
  let state = provisioning();
  const logger = new MemoryLogger();
  const cuda = new CudaSupport({
    provisioning: (fresh) => {
      if (fresh) calls.freshReads++;
      return state;
    },
    install: async (opts) => {
      const after = await install(opts);
      state = after;
      return after;
    },
    installEnv: () => ({ GLOBAL_AGENT_HTTPS_PROXY: 'http://corp:8080' }),
    restartEngine: async () => void calls.restarts++,
    showLog: () => undefined,
    ui: {
      ask: async (message) => {
        asked.push(message);
        return answers.shift();
      },
      withProgress: (title, task) => task((m) => progress.push(`${title}: ${m}`), cancel.token as CancellationToken),
      showInfo: async (message) => void shown.push(message),
      showError: async (message) => void shown.push(message),
    },
    memory: { get: (k) => stored.get(k), update: async (k, v) => void stored.set(k, v) },
    logger,
  });
  return { cuda, asked, shown, progress, stored, calls, cancel, logger };
}

test('"Install" runs the install with the proxy environment, logs its output, re-reads the state and restarts the engine', async () => {
  let seen: CudaInstallOptions | undefined;
  const h = harness([INSTALL], async (opts) => {
    seen = opts;
    opts.onOutput?.('Downloading Microsoft.ML.OnnxRuntime.Gpu.Linux');
    return provisioning({ ready: true, missingProviderFiles: [], summary: 'CUDA provider libraries are installed.' });
  });
  await h.cuda.offer('auto');
  assert.equal(h.asked.length, 1);
  assert.equal(seen?.env?.['GLOBAL_AGENT_HTTPS_PROXY'], 'http://corp:8080');
  assert.deepEqual(h.progress, ['codeloupe: installing CUDA support: Downloading Microsoft.ML.OnnxRuntime.Gpu.Linux']);
  assert.ok(h.logger.lines.some((l) => l.message === '[CUDA install] Downloading Microsoft.ML.OnnxRuntime.Gpu.Linux'));
  assert.equal(h.calls.restarts, 1);
  assert.ok(h.calls.freshReads >= 2, 'the state is read afresh before and after the install');
  assert.match(h.shown[0]!, /CUDA support is installed and the engine restarted/);
  await h.cuda.offer('auto');
  assert.equal(h.asked.length, 1, 'never offered again once installed');
});

test('"Not Now" asks again next session only; "Don\'t Ask Again" is remembered in globalState', async () => {
  const notNow = harness([NOT_NOW], async () => assert.fail('no install'));
  await notNow.cuda.offer('auto');
  await notNow.cuda.offer('cuda');
  assert.equal(notNow.asked.length, 1, 'one offer per session');
  assert.equal(notNow.stored.get(DONT_ASK_KEY), undefined);

  const never = harness([DONT_ASK], async () => assert.fail('no install'));
  await never.cuda.offer('auto');
  assert.equal(never.stored.get(DONT_ASK_KEY), true);
  const nextSession = harness([], async () => assert.fail('no install'));
  nextSession.stored.set(DONT_ASK_KEY, true);
  await nextSession.cuda.offer('auto');
  assert.equal(nextSession.asked.length, 0);
});

test('a failed install is shown and logged with the command to run by hand; the engine is not restarted', async () => {
  const h = harness([INSTALL], async () => {
    throw new CodeloupeError('E_DEVICE_UNAVAILABLE', 'Installing the CUDA provider libraries failed (exit 1): ENOTFOUND api.nuget.org.', { hint: 'Run it in a terminal to see why: cd ort && ...' });
  });
  await h.cuda.offer('auto');
  assert.equal(h.calls.restarts, 0);
  assert.match(h.shown[0]!, /failed \(exit 1\)/);
  assert.ok(h.logger.lines.some((l) => l.level === 'error' && l.message.includes('Run it in a terminal')));
});

test('cancelling the install stops it quietly; one install runs at a time', async () => {
  let started = 0;
  const h = harness([], (opts) => {
    started++;
    return new Promise((_, reject) => opts.token?.onCancellationRequested(() => reject(new CancelledError())));
  });
  const first = h.cuda.install();
  const second = h.cuda.install();
  h.cancel.cancel();
  assert.deepEqual(await Promise.all([first, second]), [false, false]);
  assert.equal(started, 1);
  assert.equal(h.calls.restarts, 0);
  assert.deepEqual(h.shown, []);
});
