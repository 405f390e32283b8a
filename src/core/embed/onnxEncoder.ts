/** Runs one padded batch of token ids through the ONNX model and returns pooled, normalised vectors. */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { loadNative } from '../native/nativeModules';
import { CodeloupeError } from '../errors';
import type { Logger } from '../logger';
import type { Device, DeviceFallback, DeviceRequest } from './devices';
import type { ModelInfo } from './modelInfo';
import { openSession } from './onnxSession';
import { normalizeRows, poolAndNormalize, truncateAndNormalize } from './pooling';

type InputFill = 'ids' | 'mask' | 'zeros' | 'positions';

/** Inputs codeloupe knows how to fill; ModernBERT exports declare only the first two. */
const INPUT_FILLS: Record<string, InputFill> = {
  input_ids: 'ids',
  attention_mask: 'mask',
  token_type_ids: 'zeros',
  position_ids: 'positions',
};

/** Per-token outputs first (pooled by us), then already pooled ones. */
const OUTPUT_PREFERENCE = ['last_hidden_state', 'token_embeddings', 'sentence_embedding'];

interface InputPlan {
  name: string;
  fill: InputFill;
  type: 'int64' | 'int32';
}

export class OnnxEncoder {
  private constructor(
    private readonly session: InferenceSession,
    private readonly model: ModelInfo,
    private readonly inputs: InputPlan[],
    private readonly output: string,
    readonly device: Device,
    readonly fallbacks: DeviceFallback[],
  ) {}

  static async create(model: ModelInfo, opts: { device: DeviceRequest; threads?: number; logger?: Logger }): Promise<OnnxEncoder> {
    const opened = await openSession(model.onnxPath, opts);
    const { session } = opened;
    try {
      return new OnnxEncoder(session, model, planInputs(session, model), pickOutput(session, model), opened.device, opened.fallbacks);
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  /** Vectors for `batch` (token id lists, padded here with `padId` to `paddedLength`), in batch order. */
  async encode(batch: readonly number[][], paddedLength: number, padId: number): Promise<Float32Array[]> {
    const rows = batch.length;
    const size = rows * paddedLength;
    const values: Record<InputFill, BigInt64Array> = {
      ids: new BigInt64Array(size),
      mask: new BigInt64Array(size),
      zeros: new BigInt64Array(size),
      positions: new BigInt64Array(size),
    };
    batch.forEach((ids, r) => {
      for (let t = 0; t < paddedLength; t++) {
        const at = r * paddedLength + t;
        const real = t < ids.length;
        values.ids[at] = BigInt(real ? ids[t] : padId);
        values.mask[at] = real ? 1n : 0n;
        values.positions[at] = BigInt(t);
      }
    });
    const dims = [rows, paddedLength];
    const { Tensor } = loadNative('onnxruntime-node');
    const feeds: Record<string, Tensor> = {};
    for (const input of this.inputs) {
      const v = values[input.fill];
      feeds[input.name] = input.type === 'int64' ? new Tensor('int64', v, dims) : new Tensor('int32', Int32Array.from(v, Number), dims);
    }
    const result = await this.session.run(feeds, [this.output]);
    const out = result[this.output];
    if (out === undefined) throw new CodeloupeError('E_EMBED_FAILED', `The model returned no '${this.output}' output.`);
    const data = toFloat32(out);
    const hidden = this.model.hiddenSize;
    const keep = (vectors: Float32Array[]): Float32Array[] => (this.model.dimension < hidden ? vectors.map((v) => truncateAndNormalize(v, this.model.dimension)) : vectors);
    if (out.dims.length === 3 && out.dims[0] === rows && out.dims[2] === hidden) {
      return keep(poolAndNormalize({ data, batch: rows, sequence: out.dims[1], hidden }, values.mask, this.model.pooling));
    }
    if (out.dims.length === 2 && out.dims[0] === rows && out.dims[1] === hidden) return keep(normalizeRows(data, rows, hidden));
    throw new CodeloupeError('E_MODEL_INVALID', `Output '${this.output}' of ${this.model.onnxPath} has shape [${out.dims.join(', ')}], expected [${rows}, ${paddedLength}, ${hidden}].`, {
      hint: 'Check that config.json hidden_size matches the ONNX export.',
    });
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function planInputs(session: InferenceSession, model: ModelInfo): InputPlan[] {
  const plans = session.inputMetadata.map((meta): InputPlan => {
    const fill = INPUT_FILLS[meta.name];
    if (fill === undefined) {
      throw new CodeloupeError('E_MODEL_INVALID', `${model.onnxPath} declares input '${meta.name}', which codeloupe cannot fill (it fills ${Object.keys(INPUT_FILLS).join(', ')}).`, {
        hint: 'Use a feature-extraction ONNX export of the model.',
      });
    }
    const type = meta.isTensor && meta.type === 'int32' ? 'int32' : 'int64';
    return { name: meta.name, fill, type };
  });
  if (!plans.some((p) => p.fill === 'ids')) {
    throw new CodeloupeError('E_MODEL_INVALID', `${model.onnxPath} has no 'input_ids' input (it has ${session.inputNames.join(', ')}).`, { hint: 'Use a feature-extraction ONNX export of the model.' });
  }
  return plans;
}

function pickOutput(session: InferenceSession, model: ModelInfo): string {
  const name = OUTPUT_PREFERENCE.find((n) => session.outputNames.includes(n)) ?? session.outputNames[0];
  if (name === undefined) throw new CodeloupeError('E_MODEL_INVALID', `${model.onnxPath} declares no outputs.`, { hint: 'Use a feature-extraction ONNX export of the model.' });
  return name;
}

function toFloat32(tensor: Tensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') return Float32Array.from(tensor.data as Uint16Array, halfToFloat);
  throw new CodeloupeError('E_MODEL_INVALID', `The model's output has type ${tensor.type}; codeloupe reads float32 or float16.`, { hint: 'Use a float32 or float16 ONNX export.' });
}

/** IEEE 754 half precision to a JS number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
