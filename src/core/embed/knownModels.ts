/**
 * What the model cards of published ModernBERT embedders say, for model folders that lack the
 * sentence-transformers files (1_Pooling/config.json, config_sentence_transformers.json) that say it.
 */
import type { Pooling } from './modelInfo';

export interface KnownModelFacts {
  pooling: Pooling;
  queryPrefix: string;
  documentPrefix: string;
}

interface KnownModel extends KnownModelFacts {
  /** Matched, lower-cased, against the model id and the folder name. */
  matches: string;
}

const KNOWN_MODELS: readonly KnownModel[] = [
  { matches: 'gte-modernbert', pooling: 'cls', queryPrefix: '', documentPrefix: '' },
  { matches: 'modernbert-embed', pooling: 'mean', queryPrefix: 'search_query: ', documentPrefix: 'search_document: ' },
];

const UNKNOWN: KnownModelFacts = { pooling: 'cls', queryPrefix: '', documentPrefix: '' };

/** Facts for the first known model whose name appears in one of `names`; CLS and no prefixes otherwise. */
export function knownModelFacts(names: readonly string[]): KnownModelFacts {
  const lower = names.map((n) => n.toLowerCase());
  const hit = KNOWN_MODELS.find((m) => lower.some((n) => n.includes(m.matches)));
  return hit ? { pooling: hit.pooling, queryPrefix: hit.queryPrefix, documentPrefix: hit.documentPrefix } : { ...UNKNOWN };
}
