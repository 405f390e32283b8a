/**
 * Messages between the host (WorkerEmbedder) and the embedding worker process. They travel over the
 * `child_process.fork` IPC channel with `serialization: 'advanced'` (structured clone), so Float32Arrays
 * cross as typed arrays, with no JSON or base64 step.
 */
import type { SerializedError } from '../../errors';
import type { LogLevel } from '../../logger';
import type { EmbedTimings } from '../batchEmbedder';
import type { DeviceFallback, DeviceRequest } from '../devices';
import type { ModelInfo } from '../modelInfo';
import type { WorkerPriority } from './processPriority';

export interface WorkerInit {
  model: ModelInfo;
  device: DeviceRequest;
  threads?: number;
  /** Padded tokens per ONNX batch (rows × padded length). */
  batchTokens?: number;
  /** 'low' (the default) lowers the worker's OS priority before the model loads. */
  priority?: WorkerPriority;
}

/** Texts arrive with the query/document prefix already applied by the host. */
export type HostMessage =
  | { type: 'init'; init: WorkerInit }
  | { type: 'embed'; requestId: number; texts: string[] }
  | { type: 'cancel'; requestId: number }
  | { type: 'shutdown' };

export interface InputFailure {
  index: number;
  error: SerializedError;
}

export type WorkerMessage =
  | { type: 'ready'; device: string; fallbacks: DeviceFallback[]; dimension: number }
  | { type: 'initFailed'; error: SerializedError }
  /**
   * `vectors` holds texts.length × dimension values, row i for text i; rows of failed inputs are zeros.
   * `tokens` counts the tokens embedded (for throughput logs); `timings` splits the worker's time.
   */
  | { type: 'result'; requestId: number; vectors: Float32Array; failures: InputFailure[]; tokens: number; timings: EmbedTimings }
  | { type: 'failed'; requestId: number; error: SerializedError }
  | { type: 'cancelled'; requestId: number }
  /** After each batch: `done` of the request's texts are embedded. Also tells the host the worker is alive. */
  | { type: 'progress'; requestId: number; done: number }
  | { type: 'log'; level: LogLevel; message: string };

/** Receives and sends messages; the process channel in production, a wrapped one in test fixtures. */
export interface WorkerPort {
  onMessage(listener: (message: HostMessage) => void): void;
  send(message: WorkerMessage): void;
}
