/** Reads a Hugging Face model folder (ModernBERT embedders) into the plain facts the embedder needs. */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CodeloupeError } from '../errors';
import { fsErrorCode, isNotFound } from '../scan/fsErrorCode';
import { knownModelFacts } from '../models/registry';
import { onnxPreference, type Precision } from '../models/precision';

export type Pooling = 'cls' | 'mean';

export interface ModelInfo {
  /** config.json `_name_or_path`, else the folder name. Part of the vector cache key. */
  id: string;
  dir: string;
  onnxPath: string;
  tokenizerPath: string;
  /** The length of every vector: hidden_size, or the Matryoshka truncation when one is set. */
  dimension: number;
  /** config.json hidden_size: the width of the model's output. */
  hiddenSize: number;
  pooling: Pooling;
  /** Prepended to search queries / to indexed code before embedding. */
  queryPrefix: string;
  documentPrefix: string;
  /** Inputs are truncated to this many tokens, special tokens included. */
  maxTokens: number;
}

/** Longest input we ever feed: ModernBERT's trained context. */
export const MAX_MODEL_TOKENS = 8192;

const PASS_MODEL_HINT = 'Pass --model DIR (or set the model folder in the settings) to a downloaded Hugging Face model folder such as gte-modernbert-base.';

export interface ResolveModelOptions {
  /** An ONNX file (absolute, relative to the folder, or to its onnx/ folder); wins over `precision`. */
  preferredOnnx?: string;
  /** The export to prefer (onnx/model_int8.onnx for int8...); the nearest one present otherwise. Default fp32. */
  precision?: Precision;
  /** Keep the first N values of each vector, then re-normalise (Matryoshka models). */
  truncateDimension?: number;
}

export async function resolveModel(dir: string, opts: ResolveModelOptions = {}): Promise<ModelInfo> {
  const absDir = path.resolve(dir);
  await assertModelFolder(absDir);
  const config = await readJsonObject(path.join(absDir, 'config.json'), absDir);
  const tokenizerPath = path.join(absDir, 'tokenizer.json');
  if (!(await isFile(tokenizerPath))) throw missingFile(absDir, 'tokenizer.json');
  const onnxPath = await findOnnx(absDir, opts.preferredOnnx, opts.precision ?? 'fp32');

  const hiddenSize = config['hidden_size'];
  if (typeof hiddenSize !== 'number' || !Number.isInteger(hiddenSize) || hiddenSize <= 0) {
    throw new CodeloupeError('E_MODEL_INVALID', `${path.join(absDir, 'config.json')} has no valid hidden_size.`, { hint: 'Use the config.json that came with the model.' });
  }
  const truncate = opts.truncateDimension;
  if (truncate !== undefined && (!Number.isInteger(truncate) || truncate <= 0 || truncate > hiddenSize)) {
    throw new CodeloupeError('E_BAD_ARGUMENT', `Cannot truncate the vectors of ${absDir} to ${truncate} dimensions: the model makes ${hiddenSize}.`, {
      hint: `Choose a whole number from 1 to ${hiddenSize} (Matryoshka models are trained for a few, such as 256 or 512).`,
    });
  }
  const nameOrPath = config['_name_or_path'];
  const id = typeof nameOrPath === 'string' && nameOrPath.trim() !== '' ? nameOrPath.trim() : path.basename(absDir);
  const known = knownModelFacts([id, path.basename(absDir)]);
  const positions = config['max_position_embeddings'];
  const maxTokens = typeof positions === 'number' && positions > 0 ? Math.min(positions, MAX_MODEL_TOKENS) : MAX_MODEL_TOKENS;
  const prompts = await readPrompts(absDir);

  return {
    id,
    dir: absDir,
    onnxPath,
    tokenizerPath,
    dimension: truncate ?? hiddenSize,
    hiddenSize,
    pooling: (await readPooling(absDir)) ?? known.pooling,
    queryPrefix: prompts ? prompts.query : known.queryPrefix,
    documentPrefix: prompts ? prompts.document : known.documentPrefix,
    maxTokens,
  };
}

async function findOnnx(dir: string, preferred: string | undefined, precision: Precision): Promise<string> {
  const found = await listOnnxFiles(dir);
  const foundText = found.length ? `Found: ${found.map((f) => path.relative(dir, f)).join(', ')}.` : 'No .onnx file was found.';
  if (preferred !== undefined) {
    const candidates = path.isAbsolute(preferred) ? [preferred] : [path.join(dir, preferred), path.join(dir, 'onnx', preferred)];
    for (const c of candidates) if (await isFile(c)) return c;
    throw new CodeloupeError('E_MODEL_INVALID', `The ONNX file ${preferred} is not in model folder ${dir}. ${foundText}`, { hint: 'Name one of the files found, or leave the ONNX file setting empty.' });
  }
  const preferredOrder = onnxPreference(precision).map((f) => path.join(dir, f));
  const pick = preferredOrder.find((p) => found.includes(p)) ?? found[0];
  if (pick === undefined) throw missingFile(dir, 'onnx/model.onnx (or model.onnx)');
  return pick;
}

/** `model.onnx` at the top and every `onnx/model*.onnx`, sorted. */
async function listOnnxFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  if (await isFile(path.join(dir, 'model.onnx'))) found.push(path.join(dir, 'model.onnx'));
  const onnxDir = path.join(dir, 'onnx');
  if (await isDirectory(onnxDir)) {
    const names = (await readdir(onnxDir)).filter((n) => /^model.*\.onnx$/.test(n)).sort();
    for (const n of names) if (await isFile(path.join(onnxDir, n))) found.push(path.join(onnxDir, n));
  }
  return found;
}

/** Pooling from the sentence-transformers Pooling module, when the folder has one. */
async function readPooling(dir: string): Promise<Pooling | undefined> {
  const poolingDir = (await poolingModulePath(dir)) ?? '1_Pooling';
  const file = path.join(dir, poolingDir, 'config.json');
  if (!(await isFile(file))) return undefined;
  const cfg = await readJsonObject(file, dir);
  const mode = cfg['pooling_mode'];
  if (mode === 'cls' || mode === 'mean') return mode;
  const cls = cfg['pooling_mode_cls_token'] === true;
  const mean = cfg['pooling_mode_mean_tokens'] === true;
  if (cls !== mean) return cls ? 'cls' : 'mean';
  throw new CodeloupeError('E_MODEL_INVALID', `${file} asks for a pooling other than CLS or mean, which codeloupe does not support.`, {
    hint: 'Use a model with CLS or mean pooling, such as gte-modernbert-base.',
  });
}

async function poolingModulePath(dir: string): Promise<string | undefined> {
  const file = path.join(dir, 'modules.json');
  if (!(await isFile(file))) return undefined;
  const modules = await readJson(file, dir);
  if (!Array.isArray(modules)) return undefined;
  for (const m of modules as unknown[]) {
    if (isObject(m) && typeof m['type'] === 'string' && m['type'].endsWith('.Pooling') && typeof m['path'] === 'string') return m['path'];
  }
  return undefined;
}

/** Query / document prompts from config_sentence_transformers.json, when it declares prompts. */
async function readPrompts(dir: string): Promise<{ query: string; document: string } | undefined> {
  const file = path.join(dir, 'config_sentence_transformers.json');
  if (!(await isFile(file))) return undefined;
  const prompts = (await readJsonObject(file, dir))['prompts'];
  if (!isObject(prompts) || Object.keys(prompts).length === 0) return undefined;
  const pick = (keys: string[]): string => {
    for (const k of keys) {
      const v = prompts[k];
      if (typeof v === 'string') return v;
    }
    return '';
  };
  return { query: pick(['query', 'search_query']), document: pick(['document', 'passage', 'corpus', 'search_document']) };
}

async function readJsonObject(file: string, modelDir: string): Promise<Record<string, unknown>> {
  const parsed = await readJson(file, modelDir);
  if (!isObject(parsed)) throw new CodeloupeError('E_MODEL_INVALID', `${file} does not hold a JSON object.`, { hint: 'Download the model folder again.' });
  return parsed;
}

async function readJson(file: string, modelDir: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!isNotFound(err)) throw unreadable(file, err);
    throw missingFile(modelDir, path.relative(modelDir, file), err);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CodeloupeError('E_MODEL_INVALID', `${file} is not valid JSON.`, { hint: 'Download the model folder again.', cause: err });
  }
}

async function assertModelFolder(absDir: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(absDir)).isDirectory();
  } catch (err) {
    if (!isNotFound(err)) throw unreadable(absDir, err);
    isFolder = false;
  }
  if (!isFolder) throw new CodeloupeError('E_MODEL_NOT_FOUND', `Model folder ${absDir} does not exist or is not a folder.`, { hint: PASS_MODEL_HINT });
}

/** A model file or folder that is there but may not be read (a permission, not an absence). */
function unreadable(target: string, cause: unknown): CodeloupeError {
  return new CodeloupeError('E_FILE_UNREADABLE', `${target} cannot be read (${fsErrorCode(cause)}).`, { hint: 'Check the permissions of the model folder and its files.', cause });
}

function missingFile(dir: string, name: string, cause?: unknown): CodeloupeError {
  return new CodeloupeError('E_MODEL_INVALID', `Model folder ${dir} has no ${name}.`, {
    hint: 'A model folder needs config.json, tokenizer.json and onnx/model.onnx, as in the Hugging Face repository of the model.',
    cause,
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}
