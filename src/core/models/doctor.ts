/**
 * What `codeloupe doctor` reports: the platform, the ONNX Runtime build, each execution provider with
 * whether it starts here and why not, CUDA provisioning, and CPU threads. Testable on a GPU machine as is.
 */
import os from 'node:os';
import { autoDeviceOrder, defaultThreads, DEVICES, type Device } from '../embed/devices';
import { cudaProvisioning, onnxRuntimeRoot, type CudaProvisioning } from './cudaProvisioning';
import { probeDevice, runtimeInfo, type RuntimeInfo } from './deviceProbe';
import { definedProps } from '../definedProps';


export interface DeviceStatus {
  device: Device;
  /** Tried by `--device auto` on this platform, at this position (1 = first). */
  autoRank: number | undefined;
  inBuild: boolean;
  starts: boolean;
  ms?: number;
  reason?: string;
}

export interface DoctorReport {
  platform: NodeJS.Platform;
  arch: string;
  node: string;
  cpus: number;
  defaultThreads: number;
  onnxRuntime: ({ root: string } & RuntimeInfo) | { root: string; error: string };
  /** The model the providers were checked with. */
  probedWith: string;
  devices: DeviceStatus[];
  /** What `auto` picks here: the first device in its order that starts. */
  autoDevice: Device | undefined;
  cuda: CudaProvisioning;
}

export interface DoctorOptions {
  /** Check with this ONNX file instead of the built-in probe model. */
  onnxPath?: string;
  devices?: readonly Device[];
  timeoutMs?: number;
  onDevice?: (status: DeviceStatus) => void;
}

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const root = onnxRuntimeRoot();
  const runtime = await runtimeInfo(root, opts.timeoutMs);
  const cuda = cudaProvisioning();
  const order = autoDeviceOrder(process.platform, process.arch);
  const built = new Set('backends' in runtime ? runtime.backends.map((b) => b.name) : []);
  const devices: DeviceStatus[] = [];
  for (const device of opts.devices ?? DEVICES) {
    const rank = order.indexOf(device);
    const base = { device, autoRank: rank >= 0 ? rank + 1 : undefined, inBuild: device === 'cpu' || built.has(device) };
    let status: DeviceStatus;
    if ('error' in runtime) status = { ...base, starts: false, reason: runtime.error };
    else if (!base.inBuild) status = { ...base, starts: false, reason: `not in the onnxruntime-node ${runtime.version} build for ${process.platform}-${process.arch}` };
    else if (device === 'cuda' && !cuda.ready) status = { ...base, starts: false, reason: `not provisioned: missing ${cuda.missingProviderFiles.join(', ')} (see CUDA)` };
    else {
      const probe = await probeDevice(device, { ortRoot: root, ...definedProps({ onnxPath: opts.onnxPath, timeoutMs: opts.timeoutMs }) });
      status = { ...base, starts: probe.ok, ...definedProps({ ms: probe.ms, reason: probe.reason }) };
    }
    devices.push(status);
    opts.onDevice?.(status);
  }
  const starting = new Set(devices.filter((d) => d.starts).map((d) => d.device));
  return {
    platform: process.platform,
    arch: process.arch,
    node: process.version,
    cpus: os.availableParallelism(),
    defaultThreads: defaultThreads(os.availableParallelism()),
    onnxRuntime: { root, ...runtime },
    probedWith: opts.onnxPath ?? 'the built-in probe model (y = x + x)',
    devices,
    autoDevice: order.find((d) => starting.has(d)),
    cuda,
  };
}
