/** Which model codeloupe uses when none is named: a fast one on the CPU, the best one where a GPU starts. Pure. */
import type { DeviceRequest } from '../embed/devices';
import { DEFAULT_CPU_MODEL_ID, DEFAULT_MODEL_ID } from '../paths';
import { choosePrecision, type PrecisionContext } from './precision';

/**
 * The default model for a device request: the one for GPUs where the device gets fp16 (a GPU device, or
 * `auto` where CUDA is provisioned), the CPU one everywhere else. Decided before any session starts, the
 * same way as the precision, so that the model and its export are downloaded once.
 */
export function defaultModelId(device: DeviceRequest, context: PrecisionContext): string {
  return choosePrecision(device, context) === 'fp16' ? DEFAULT_MODEL_ID : DEFAULT_CPU_MODEL_ID;
}
