/**
 * The embedding models codeloupe knows by name: one table, the single source of their facts (dimension,
 * pooling, prefixes, length, ONNX exports, Matryoshka truncations). Any other model is a folder in the
 * Hugging Face layout, or a Hugging Face id whose repository follows it; its facts are read from its files.
 */
import type { Pooling } from '../embed/modelInfo';
import { DEFAULT_CPU_MODEL_ID, DEFAULT_MODEL_ID } from '../paths';
import type { Precision } from './precision';

export interface RegistryModel {
  /** The Hugging Face repository id. */
  id: string;
  summary: string;
  dimension: number;
  pooling: Pooling;
  queryPrefix: string;
  documentPrefix: string;
  maxTokens: number;
  /** Lengths the model was trained to be truncated to (Matryoshka), smallest first. */
  truncations: readonly number[];
  /** Approximate download size of each export, in MB (from the repository listing). */
  sizeMB: Readonly<Record<Precision, number>>;
  license: string;
  /** Lower-case name fragments that identify the model (or its fine-tunes) in a folder name or config. */
  matches: readonly string[];
}

export const MODEL_REGISTRY: readonly RegistryModel[] = [
  {
    id: DEFAULT_CPU_MODEL_ID,
    summary: 'default on the CPU: ibm-granite/granite-embedding-small-english-r2 (47M parameters, 384-d, CoIR 53.4), about 3x faster than the base models; CLS pooling, no prefixes',
    dimension: 384,
    pooling: 'cls',
    queryPrefix: '',
    documentPrefix: '',
    maxTokens: 8192,
    truncations: [],
    sizeMB: { int8: 48, fp16: 95, fp32: 190 },
    license: 'apache-2.0',
    matches: ['granite-embedding-small-english-r2'],
  },
  {
    id: DEFAULT_MODEL_ID,
    summary: 'default where a GPU starts; best code retrieval (CoIR 79.3), CLS pooling, no prefixes',
    dimension: 768,
    pooling: 'cls',
    queryPrefix: '',
    documentPrefix: '',
    maxTokens: 8192,
    truncations: [],
    sizeMB: { int8: 150, fp16: 298, fp32: 596 },
    license: 'apache-2.0',
    matches: ['gte-modernbert'],
  },
  {
    id: 'nomic-ai/modernbert-embed-base',
    summary: 'mean pooling, search_query:/search_document: prefixes, Matryoshka (256 or 512 dimensions)',
    dimension: 768,
    pooling: 'mean',
    queryPrefix: 'search_query: ',
    documentPrefix: 'search_document: ',
    maxTokens: 8192,
    truncations: [256, 512],
    sizeMB: { int8: 150, fp16: 298, fp32: 596 },
    license: 'apache-2.0',
    matches: ['modernbert-embed-base'],
  },
  {
    id: 'lightonai/modernbert-embed-large',
    summary: 'large (1024-d), mean pooling, same prefixes; about 3x slower than the base models',
    dimension: 1024,
    pooling: 'mean',
    queryPrefix: 'search_query: ',
    documentPrefix: 'search_document: ',
    maxTokens: 8192,
    truncations: [256, 512],
    sizeMB: { int8: 397, fp16: 790, fp32: 1580 },
    license: 'apache-2.0',
    matches: ['modernbert-embed-large'],
  },
];

/** The registry entry with this exact id (case-insensitive), if any. */
export function findRegistryModel(id: string): RegistryModel | undefined {
  const lower = id.toLowerCase();
  return MODEL_REGISTRY.find((m) => m.id.toLowerCase() === lower);
}

export interface KnownModelFacts {
  pooling: Pooling;
  queryPrefix: string;
  documentPrefix: string;
}

/**
 * Pooling and prefixes for a folder that lacks the sentence-transformers files that state them, from the
 * first registry model whose name fragment appears in one of `names`; any other `modernbert-embed`
 * fine-tune follows that family's recipe; CLS and no prefixes otherwise.
 */
export function knownModelFacts(names: readonly string[]): KnownModelFacts {
  const lower = names.map((n) => n.toLowerCase());
  const hit =
    MODEL_REGISTRY.find((m) => m.matches.some((frag) => lower.some((n) => n.includes(frag)))) ??
    (lower.some((n) => n.includes('modernbert-embed')) ? findRegistryModel('nomic-ai/modernbert-embed-base') : undefined);
  return hit ? { pooling: hit.pooling, queryPrefix: hit.queryPrefix, documentPrefix: hit.documentPrefix } : { pooling: 'cls', queryPrefix: '', documentPrefix: '' };
}
