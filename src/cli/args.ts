import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { DEVICE_REQUESTS, isDeviceRequest, type DeviceRequest } from '../core/embed/devices';
import { CodeloupeError } from '../core/errors';
import { isPrecision, PRECISIONS, type Precision } from '../core/models/precision';
import { cudaProvisioning } from '../core/models/cudaProvisioning';
import { defaultModelId } from '../core/models/defaultModel';
import type { SearchMode } from '../core/types';
import { definedProps } from '../core/definedProps';

/** Options every command understands. */
export interface CommonOptions {
  root: string;
  indexDir?: string;
  /** A model folder, or a Hugging Face id (downloaded into the cache on first use). */
  model: string;
  /** Whether --model was given (the default model is used otherwise). */
  modelGiven: boolean;
  precision?: Precision;
  onnx?: string;
  truncateDimension?: number;
  batchTokens?: number;
  device: DeviceRequest;
  json: boolean;
  verbose: boolean;
  threads?: number;
  maxFileBytes?: number;
  include: string[];
  exclude: string[];
}

const COMMON = {
  'index-dir': { type: 'string', multiple: true },
  model: { type: 'string' },
  precision: { type: 'string' },
  onnx: { type: 'string' },
  dimensions: { type: 'string' },
  'batch-tokens': { type: 'string' },
  chunks: { type: 'string' },
  revision: { type: 'string' },
  device: { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  threads: { type: 'string' },
  'max-file-bytes': { type: 'string' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  k: { type: 'string', short: 'k' },
  mode: { type: 'string' },
  queries: { type: 'string' },
  code: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ParsedArgs = ReturnType<typeof parseCommandArgs>;

export function parseCommandArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: COMMON, allowPositionals: true, strict: true });
  } catch (e) {
    throw usage(e instanceof Error ? e.message : String(e));
  }
}

export function usage(message: string): CodeloupeError {
  return new CodeloupeError('E_BAD_ARGUMENT', message, { hint: 'Run codeloupe --help for usage.' });
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw usage(`${flag} must be a positive integer, got "${value}".`);
  return n;
}

export function commonOptions(values: ParsedArgs['values'], root: string): CommonOptions {
  const indexDirs = values['index-dir'] ?? [];
  if (indexDirs.length > 1) throw usage('--index-dir is given once (codeloupe mcp takes one per folder).');
  const device = values.device ?? 'auto';
  if (!isDeviceRequest(device)) throw usage(`--device must be one of ${DEVICE_REQUESTS.join(', ')}, got "${device}".`);
  const threads = positiveInt('--threads', values.threads);
  const maxFileBytes = positiveInt('--max-file-bytes', values['max-file-bytes']);
  const precision = values.precision;
  if (precision !== undefined && !isPrecision(precision)) throw usage(`--precision must be one of ${PRECISIONS.join(', ')}, got "${precision}".`);
  const truncateDimension = positiveInt('--dimensions', values.dimensions);
  const batchTokens = positiveInt('--batch-tokens', values['batch-tokens']);
  return {
    root: resolve(root),
    ...(indexDirs[0] !== undefined && { indexDir: resolve(indexDirs[0]) }),
    // Without --model: the fast model on the CPU, the best one where a GPU starts (docs/models.md).
    model: values.model ?? defaultModelId(device, { platform: process.platform, arch: process.arch, cudaReady: cudaProvisioning().ready }),
    modelGiven: values.model !== undefined,
    ...definedProps({ precision, onnx: values.onnx, truncateDimension, batchTokens }),
    device,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    ...definedProps({ threads, maxFileBytes }),
    include: values.include ?? [],
    exclude: values.exclude ?? [],
  };
}

export function resultCount(values: ParsedArgs['values']): number {
  return positiveInt('-k', values.k) ?? 10;
}

export function searchMode(values: ParsedArgs['values']): SearchMode {
  const mode = values.mode ?? 'hybrid';
  if (mode !== 'hybrid' && mode !== 'semantic' && mode !== 'lexical') throw usage(`--mode must be hybrid, semantic or lexical, got "${mode}".`);
  return mode;
}

/** Parses FILE:LINE; FILE may be absolute or relative to the indexed folder (or to the current directory). */
export function parseLocation(arg: string, root: string): { file: string; line: number } {
  const m = /^(.*):(\d+)$/.exec(arg);
  if (!m) throw usage(`Expected FILE:LINE, got "${arg}".`);
  const line = Number(m[2]);
  if (line < 1) throw usage(`Line numbers start at 1, got ${line}.`);
  const raw = m[1]!;
  const abs = isAbsolute(raw) ? raw : resolve(raw);
  const rel = relative(root, abs);
  const insideRoot = !rel.startsWith('..') && !isAbsolute(rel);
  const file = isAbsolute(raw) || (insideRoot && existsSync(abs)) ? rel : raw;
  return { file: file.split(sep).join('/'), line };
}
