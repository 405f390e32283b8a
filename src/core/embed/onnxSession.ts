/** Opens an ONNX Runtime session on the requested device, falling back (for 'auto') to what starts. */
import os from 'node:os';
import type { InferenceSession } from 'onnxruntime-node';
import { loadNative } from '../native/nativeModules';
import { CodeloupeError } from '../errors';
import { cudaProvisioning } from '../models/cudaProvisioning';
import type { Logger } from '../logger';
import { autoDeviceOrder, defaultThreads, deviceHint, type Device, type DeviceFallback, type DeviceRequest } from './devices';

export interface OpenedSession {
  session: InferenceSession;
  device: Device;
  /** Devices tried before `device`, each with the reason it was passed over. */
  fallbacks: DeviceFallback[];
}

export interface OpenSessionOptions {
  device: DeviceRequest;
  /** CPU threads for one inference; default: all cores but one. */
  threads?: number;
  logger?: Logger;
}

export async function openSession(onnxPath: string, opts: OpenSessionOptions): Promise<OpenedSession> {
  const threads = opts.threads ?? defaultThreads(os.availableParallelism());
  const ort = loadNative('onnxruntime-node');
  const built = new Set(ort.listSupportedBackends().map((b) => b.name));
  const candidates = opts.device === 'auto' ? autoDeviceOrder(process.platform, process.arch) : [opts.device];
  const fallbacks: DeviceFallback[] = [];
  const explicit = opts.device !== 'auto';
  for (const device of candidates) {
    const missing = device !== 'cpu' && !built.has(device) ? `this onnxruntime-node build for ${process.platform}-${process.arch} has no '${device}' execution provider` : device === 'cuda' ? cudaNotReady() : undefined;
    if (missing !== undefined) {
      if (explicit) throw unavailable(device, onnxPath, missing);
      opts.logger?.debug(`Device ${device} is unavailable, trying the next one: ${missing}`);
      fallbacks.push({ device, reason: missing });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(onnxPath, {
        executionProviders: [device],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
      });
      opts.logger?.info(`Embedding model ${onnxPath} runs on ${device}${device === 'cpu' ? ` with ${threads} thread${threads === 1 ? '' : 's'}` : ''}.`);
      return { session, device, fallbacks };
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).trim();
      if (device === 'cpu') {
        throw new CodeloupeError('E_MODEL_INVALID', `ONNX Runtime could not load ${onnxPath}: ${reason}`, {
          hint: 'Check that the file is a complete ONNX export of the model (download it again).',
          cause: err,
        });
      }
      if (explicit) throw unavailable(device, onnxPath, reason, err);
      // The whole reason at debug level; the engine logs one brief line per fallback (see briefReason).
      opts.logger?.debug(`Device ${device} is unavailable, trying the next one: ${reason}`);
      fallbacks.push({ device, reason });
    }
  }
  // 'cpu' is always the last candidate of 'auto' and either returns or throws above.
  throw new CodeloupeError('E_INTERNAL', `No device was tried for ${onnxPath}.`);
}

/** Why CUDA cannot start (its provider libraries are not provisioned), or undefined when it may. */
function cudaNotReady(): string | undefined {
  const cuda = cudaProvisioning();
  return cuda.ready ? undefined : cuda.summary;
}

function unavailable(device: Device, onnxPath: string, reason: string, cause?: unknown): CodeloupeError {
  return new CodeloupeError('E_DEVICE_UNAVAILABLE', `Could not start ONNX Runtime on device '${device}' for ${onnxPath}: ${reason}`, {
    hint: deviceHint(device),
    cause,
  });
}
