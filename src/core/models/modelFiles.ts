/**
 * Which files of a Hugging Face repository codeloupe needs: the configuration and tokenizer files, and
 * one ONNX export (plus its external-data file, when the export has one). Pure.
 */
import { ONNX_FILES, onnxPreference, precisionOfFile, type Precision } from './precision';

/** Without these there is no model. */
export const REQUIRED_FILES = ['config.json', 'tokenizer.json'] as const;

/** Read when present: they state special tokens, pooling and query/document prompts. */
export const OPTIONAL_FILES = ['tokenizer_config.json', 'special_tokens_map.json', 'modules.json', '1_Pooling/config.json', 'config_sentence_transformers.json'] as const;

/** ONNX files larger than 2 GB keep their weights beside the graph, in `<file>_data`. */
export function externalDataFile(onnxFile: string): string {
  return `${onnxFile}_data`;
}

/** The ONNX files to look for, best first: the one named, or the precision's exports then the nearest others. */
export function onnxCandidates(precision: Precision, onnx?: string): string[] {
  if (onnx === undefined) return onnxPreference(precision);
  const name = onnx.replace(/\\/g, '/').replace(/^\/+/, '');
  return name.includes('/') ? [name] : [`onnx/${name}`, name];
}

/** Every path to ask the Hub about. */
export function wantedPaths(precision: Precision, onnx?: string): string[] {
  const candidates = onnxCandidates(precision, onnx);
  return [...REQUIRED_FILES, ...OPTIONAL_FILES, ...candidates, ...candidates.map(externalDataFile)];
}

export interface FileChoice {
  /** Paths to download, in this order (small files first, the ONNX graph last). */
  files: string[];
  onnxFile: string;
  /** The precision of the chosen ONNX file, when its name tells it. */
  precision: Precision | undefined;
  /** Required files the repository lacks. */
  missing: string[];
}

/** Picks from the paths that exist: the required and optional files, and the first ONNX candidate present. */
export function chooseFiles(existing: ReadonlySet<string>, precision: Precision, onnx?: string): FileChoice | { missing: string[]; onnxFile?: undefined } {
  const missing: string[] = REQUIRED_FILES.filter((f) => !existing.has(f));
  const onnxFile = onnxCandidates(precision, onnx).find((f) => existing.has(f));
  if (onnxFile === undefined) missing.push(onnx ?? `${ONNX_FILES[precision][0]} (or another onnx/model*.onnx)`);
  if (missing.length > 0 || onnxFile === undefined) return { missing };
  const files = [...REQUIRED_FILES, ...OPTIONAL_FILES.filter((f) => existing.has(f)), onnxFile];
  if (existing.has(externalDataFile(onnxFile))) files.push(externalDataFile(onnxFile));
  return { files, onnxFile, precision: precisionOfFile(onnxFile), missing: [] };
}
