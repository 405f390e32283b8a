/** Which ONNX export of a model to run: fp16 on GPUs, int8 on the CPU, unless the user says otherwise. Pure. */
import type { DeviceRequest } from '../embed/devices';

export type Precision = 'fp32' | 'fp16' | 'int8';

export const PRECISIONS: readonly Precision[] = ['fp32', 'fp16', 'int8'];

export function isPrecision(value: string): value is Precision {
  return (PRECISIONS as readonly string[]).includes(value);
}

/**
 * The file names each precision goes by in Hugging Face repositories (the Transformers.js / Optimum layout),
 * best first. `model_quantized.onnx` is the older name of the same dynamic int8 export.
 */
export const ONNX_FILES: Readonly<Record<Precision, readonly string[]>> = {
  int8: ['onnx/model_int8.onnx', 'onnx/model_quantized.onnx'],
  fp16: ['onnx/model_fp16.onnx'],
  fp32: ['onnx/model.onnx', 'model.onnx'],
};

/** What to fall back to when a precision's file is absent: the nearest in quality and speed. */
const FALLBACK: Readonly<Record<Precision, readonly Precision[]>> = {
  int8: ['fp32', 'fp16'],
  fp16: ['fp32', 'int8'],
  fp32: ['fp16', 'int8'],
};

/** Every known ONNX file name, the wanted precision's first, then its fallbacks'. */
export function onnxPreference(precision: Precision): string[] {
  return [precision, ...FALLBACK[precision]].flatMap((p) => ONNX_FILES[p]);
}

/** The precision a file name stands for, or undefined for a name outside the known layout. */
export function precisionOfFile(relativePath: string): Precision | undefined {
  const name = relativePath.split(/[\\/]/).join('/');
  return PRECISIONS.find((p) => ONNX_FILES[p].some((f) => name === f || name.endsWith(`/${f}`)));
}

export interface PrecisionContext {
  platform: NodeJS.Platform;
  arch: string;
  /** Whether the CUDA execution provider's libraries are in place (see cudaProvisioning). */
  cudaReady: boolean;
}

/**
 * fp16 for a GPU device, int8 for the CPU. For `auto` the device is only known once a session starts, so
 * the choice follows the strongest sign: on Linux x64 with the CUDA provider provisioned, fp16 (CUDA is
 * tried first); everywhere else int8, because `auto` most often ends on the CPU there, and a GPU provider
 * runs the int8 graph too (ONNX Runtime places the operators it lacks on the CPU).
 */
export function choosePrecision(device: DeviceRequest, context: PrecisionContext, override?: Precision): Precision {
  if (override) return override;
  if (device === 'cpu') return 'int8';
  if (device !== 'auto') return 'fp16';
  return context.platform === 'linux' && context.arch === 'x64' && context.cudaReady ? 'fp16' : 'int8';
}
