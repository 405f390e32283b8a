/** Which ONNX Runtime execution providers codeloupe asks for, and in what order. Pure. */

/**
 * Every device codeloupe can run the model on, with the name people see. The one list: the CLI's
 * `--device`, the extension's setting, the engine protocol and `doctor` all derive from it.
 */
export const DEVICE_LABELS = { cpu: 'CPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', webgpu: 'WebGPU' } as const;
export type Device = keyof typeof DEVICE_LABELS;
export const DEVICES = Object.keys(DEVICE_LABELS) as readonly Device[];

/** What a user asks for: a device, or `auto` (the platform's best, falling back to the CPU). */
export type DeviceRequest = 'auto' | Device;
export const DEVICE_REQUESTS: readonly DeviceRequest[] = ['auto', ...DEVICES];

export function isDeviceRequest(value: string): value is DeviceRequest {
  return (DEVICE_REQUESTS as readonly string[]).includes(value);
}

/** A device that was tried and why it was not used. */
export interface DeviceFallback {
  device: string;
  reason: string;
}

const BRIEF_REASON_CHARS = 200;

/**
 * A fallback's reason in one short line, for logs read by people: the first line of what the provider
 * said (a WebGPU start failure is a dump of dozens of lines), cut with an ellipsis. The whole reason
 * stays in the index report (`--verbose`) and at debug level.
 */
export function briefReason(reason: string): string {
  const first = reason.trim().split(/\r?\n/, 1)[0] ?? '';
  const more = first.length < reason.trim().length;
  const cut = first.length > BRIEF_REASON_CHARS ? `${first.slice(0, BRIEF_REASON_CHARS - 1)}…` : more ? `${first} …` : first;
  return cut;
}

/** What 'auto' tries on a platform, best first; 'cpu' always comes last. */
export function autoDeviceOrder(platform: NodeJS.Platform, arch: string): Device[] {
  if (platform === 'linux' && arch === 'x64') return ['cuda', 'webgpu', 'cpu'];
  if (platform === 'linux') return ['webgpu', 'cpu'];
  if (platform === 'win32') return ['dml', 'webgpu', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'webgpu', 'cpu'];
  return ['cpu'];
}

/** What a user can do when `device` will not start. */
export function deviceHint(device: Device): string {
  const otherwise = "Or use --device auto (falls back to the CPU) or --device cpu.";
  switch (device) {
    case 'cuda':
      return `CUDA needs an NVIDIA GPU on Linux x64 with the CUDA 12 and cuDNN 9 libraries, and the CUDA provider libraries of onnxruntime-node (codeloupe doctor prints the command that installs them). ${otherwise}`;
    case 'dml':
      return `DirectML is available on Windows only, with a DirectX 12 GPU. ${otherwise}`;
    case 'coreml':
      return `CoreML is available on macOS only. ${otherwise}`;
    case 'webgpu':
      return `WebGPU needs a GPU with Vulkan (Linux), Direct3D 12 (Windows) or Metal (macOS) drivers. ${otherwise}`;
    case 'cpu':
      return 'The CPU provider is part of onnxruntime-node; reinstall onnxruntime-node, and check that the model file is complete.';
  }
}

/** Leaves one core to the editor. */
export function defaultThreads(cpuCount: number): number {
  return Math.max(1, cpuCount - 1);
}
