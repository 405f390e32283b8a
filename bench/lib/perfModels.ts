/**
 * Random-weight models with the exact shapes of the registry's models (scripts/perf-models), generated on
 * demand into a cache and never committed. Weights do not change speed, so these give real timings; their
 * vectors mean nothing, so they never give quality numbers. Generating needs Debian's python3-torch,
 * python3-onnx and python3-regex (`/usr/bin/python3`); CI never runs this.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { cacheRoot } from '../../src/core/paths';

export const PERF_SHAPES = ['small', 'base', 'large'] as const;
export type PerfShape = (typeof PERF_SHAPES)[number];

export function isPerfShape(value: string): value is PerfShape {
  return (PERF_SHAPES as readonly string[]).includes(value);
}

/** int8 against float32 on the same inputs: the pooled (CLS) vectors' cosine similarity. */
export interface Int8Check {
  inputs: number;
  meanCosine: number;
  minCosine: number;
  /** The stated tolerance: every vector's cosine with its float32 counterpart is at least this. */
  tolerance: number;
  ok: boolean;
}

export interface PerfModel {
  shape: PerfShape;
  dir: string;
  parameters: number;
  int8Check: Int8Check;
}

/** The int8 export passes when every pooled vector keeps a cosine of at least this with float32's. */
export const INT8_MIN_COSINE = 0.98;

export function perfModelsDir(): string {
  return process.env.CODELOUPE_PERF_MODELS ?? join(cacheRoot(), 'perf-models');
}

/** The model folder for `shape`, generating it (a few minutes on 2 cores) and checking its int8 export first if needed. */
export async function ensurePerfModel(root: string, shape: PerfShape, log: (line: string) => void = () => undefined): Promise<PerfModel> {
  const base = perfModelsDir();
  const dir = join(base, shape);
  const info = join(dir, 'perf-model.json');
  if (!existsSync(info)) {
    // The tokenizer is trained once and shared: every shape has the same 50,368-token vocabulary.
    const tokenizer = PERF_SHAPES.map((s) => join(base, s)).find((d) => existsSync(join(d, 'perf-model.json')));
    log(`Generating the random-weight ${shape} model into ${dir} (${tokenizer ? 'reusing the tokenizer of ' + tokenizer : 'training a tokenizer first'})…`);
    execFileSync('/usr/bin/python3', [join(root, 'scripts', 'perf-models', 'make_model.py'), '--shape', shape, '--out', dir, '--repo', root, ...(tokenizer ? ['--tokenizer', tokenizer] : [])], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  const written = JSON.parse(readFileSync(info, 'utf8')) as { parameters: number; int8Check?: Int8Check };
  if (written.int8Check === undefined) {
    log(`Checking ${shape}'s int8 export against float32…`);
    written.int8Check = await checkInt8(dir);
    writeFileSync(info, `${JSON.stringify(written, null, 2)}\n`);
  }
  if (!written.int8Check.ok) throw new Error(`The int8 export of ${dir} is off: min cosine ${written.int8Check.minCosine} < ${INT8_MIN_COSINE}.`);
  return { shape, dir, parameters: written.parameters, int8Check: written.int8Check };
}

/** Runs both exports on the same random token sequences (10 to 400 tokens, padded in batches) and compares CLS vectors. */
export async function checkInt8(dir: string, inputs = 32): Promise<Int8Check> {
  const options: InferenceSession.SessionOptions = { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 2 };
  const fp32 = await InferenceSession.create(join(dir, 'onnx', 'model.onnx'), options);
  const int8 = await InferenceSession.create(join(dir, 'onnx', 'model_int8.onnx'), options);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { pad_token_id: number; hidden_size: number };
  let seed = 12345;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const cosines: number[] = [];
  try {
    for (let start = 0; start < inputs; start += 4) {
      const lengths = Array.from({ length: 4 }, () => 10 + Math.floor(random() * 390));
      const width = Math.max(...lengths);
      const ids = new BigInt64Array(4 * width);
      const mask = new BigInt64Array(4 * width);
      lengths.forEach((len, row) => {
        for (let t = 0; t < width; t++) {
          ids[row * width + t] = BigInt(t < len ? Math.floor(random() * (config.pad_token_id - 8)) : config.pad_token_id);
          mask[row * width + t] = t < len ? 1n : 0n;
        }
      });
      const feeds = { input_ids: new Tensor('int64', ids, [4, width]), attention_mask: new Tensor('int64', mask, [4, width]) };
      const a = (await fp32.run(feeds))['last_hidden_state']!.data as Float32Array;
      const b = (await int8.run(feeds))['last_hidden_state']!.data as Float32Array;
      const h = config.hidden_size;
      for (let row = 0; row < 4; row++) cosines.push(cosine(a.subarray(row * width * h, row * width * h + h), b.subarray(row * width * h, row * width * h + h)));
    }
  } finally {
    await fp32.release();
    await int8.release();
  }
  const minCosine = Math.min(...cosines);
  const meanCosine = cosines.reduce((s, c) => s + c, 0) / cosines.length;
  return { inputs: cosines.length, meanCosine: round(meanCosine), minCosine: round(minCosine), tolerance: INT8_MIN_COSINE, ok: minCosine >= INT8_MIN_COSINE };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
