import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessCuda, CUDA_SYSTEM_LIBRARIES, type CudaFacts } from '../../src/core/models/cudaProvisioning';
import { conciseReason } from '../../src/core/models/deviceProbe';
import { runDoctor } from '../../src/core/models/doctor';
import { autoDeviceOrder } from '../../src/core/embed/devices';

const facts = (over: Partial<CudaFacts> = {}): CudaFacts => ({
  platform: 'linux',
  arch: 'x64',
  ortRoot: '/app/node_modules/onnxruntime-node',
  providerFilesPresent: new Set(['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so']),
  systemLibraries: new Set(CUDA_SYSTEM_LIBRARIES),
  nvidiaDriver: true,
  ...over,
});

test('CUDA is ready when the provider libraries are in onnxruntime-node’s bin folder', () => {
  const cuda = assessCuda(facts());
  assert.equal(cuda.ready, true);
  assert.equal(cuda.binDir, '/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64');
  assert.match(cuda.summary, /installed/);
});

test('missing provider files are named with the folder and the command that installs them', () => {
  const cuda = assessCuda(facts({ providerFilesPresent: new Set(['libonnxruntime_providers_shared.so']) }));
  assert.equal(cuda.ready, false);
  assert.deepEqual(cuda.missingProviderFiles, ['libonnxruntime_providers_cuda.so']);
  assert.equal(cuda.command, 'cd "/app/node_modules/onnxruntime-node" && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install');
  assert.ok(cuda.summary.includes('libonnxruntime_providers_cuda.so') && cuda.summary.includes(cuda.command));
});

test('missing system libraries and a missing NVIDIA driver are reported; unknown ones are not guessed', () => {
  const libs = new Set<string>(CUDA_SYSTEM_LIBRARIES.filter((l) => l !== 'libcudnn.so.9'));
  const cuda = assessCuda(facts({ systemLibraries: libs, nvidiaDriver: false }));
  assert.equal(cuda.ready, true, 'the provider files are there; the session start has the last word');
  assert.deepEqual(cuda.missingSystemLibraries, ['libcudnn.so.9']);
  assert.match(cuda.summary, /libcudnn\.so\.9/);
  assert.match(cuda.summary, /NVIDIA driver/);
  const unknown = assessCuda(facts({ systemLibraries: undefined, nvidiaDriver: undefined }));
  assert.deepEqual([unknown.missingSystemLibraries, unknown.systemLibrariesChecked], [[], false]);
});

test('CUDA does not apply outside Linux x64, and says what to use instead', () => {
  const win = assessCuda(facts({ platform: 'win32' }));
  assert.deepEqual([win.applicable, win.ready], [false, false]);
  assert.match(win.summary, /DirectML/);
  assert.match(assessCuda(facts({ platform: 'darwin', arch: 'arm64' })).summary, /CoreML/);
});

test('ONNX Runtime’s source-location prefix is cut from reasons', () => {
  const raw = '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(...)::<lambda()> adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters';
  assert.equal(conciseReason(raw), 'Failed to get a WebGPU adapter: No supported adapters');
  assert.equal(conciseReason('plain message'), 'plain message');
});

test('doctor checks each provider in a child process: the CPU starts, providers not in the build say so', async () => {
  const report = await runDoctor({ devices: ['cpu', 'dml', 'coreml'] });
  const byDevice = new Map(report.devices.map((d) => [d.device, d]));
  assert.equal(byDevice.get('cpu')!.starts, true, byDevice.get('cpu')!.reason);
  assert.ok('version' in report.onnxRuntime);
  const foreign = process.platform === 'win32' ? 'coreml' : 'dml';
  assert.equal(byDevice.get(foreign)!.starts, false);
  assert.match(byDevice.get(foreign)!.reason ?? '', /not in the onnxruntime-node/);
  // auto takes the platform's first device that starts: the CPU here, DirectML or CoreML on a machine with
  // such a GPU. Checked against the probe results, so it holds on any machine.
  const order = autoDeviceOrder(process.platform, process.arch);
  const chosen = order.indexOf(report.autoDevice!);
  assert.ok(chosen >= 0 && byDevice.get(report.autoDevice!)!.starts, `auto chose ${String(report.autoDevice)}`);
  assert.deepEqual(order.slice(0, chosen).filter((d) => byDevice.get(d)?.starts), [], 'no device before it in the order starts');
  assert.equal(report.cuda.applicable, process.platform === 'linux' && process.arch === 'x64');
});
