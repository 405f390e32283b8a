import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bm25fScore, fieldTerms, informativeTerms, inverseDocumentFrequency, type Bm25fStats } from '../../src/core/search/bm25f';

const WEIGHTS = [6, 3, 2, 1, 2];
const stats: Bm25fStats = { rows: 1000, averageLength: [3, 8, 0, 60, 4], documentFrequency: new Map([['pars', 40], ['config', 25]]) };
const field = (length: number, counts: Record<string, number> = {}) => ({ length, counts: new Map(Object.entries(counts)) });

test('each field is normalised by its own length: a name match scores the same in a short and a long unit', () => {
  const name = field(2, { pars: 1, config: 1 });
  const short = bm25fScore(['pars', 'config'], [name, field(6), field(0), field(10), field(3)], stats, WEIGHTS);
  const long = bm25fScore(['pars', 'config'], [name, field(6), field(0), field(900), field(3)], stats, WEIGHTS);
  assert.ok(short > 0);
  assert.equal(long, short, 'a long body does not dilute a match in the name');
  const inShortBody = bm25fScore(['pars'], [field(1), field(1), field(0), field(10, { pars: 1 }), field(3)], stats, WEIGHTS);
  const inLongBody = bm25fScore(['pars'], [field(1), field(1), field(0), field(900, { pars: 1 }), field(3)], stats, WEIGHTS);
  assert.ok(inLongBody < inShortBody, 'a body match is normalised by the body length');
});

test('weighted frequencies are summed over fields and saturate once; rarer terms weigh more', () => {
  const once = bm25fScore(['pars'], [field(3, { pars: 1 }), field(8), field(0), field(60), field(4)], stats, WEIGHTS);
  const twice = bm25fScore(['pars'], [field(3, { pars: 1 }), field(8, { pars: 1 }), field(0), field(60), field(4)], stats, WEIGHTS);
  assert.ok(twice > once && twice < 2 * once);
  const rare = bm25fScore(['config'], [field(3, { config: 1 }), field(8), field(0), field(60), field(4)], stats, WEIGHTS);
  assert.ok(rare > once, 'config is in fewer rows than pars');
  assert.ok(inverseDocumentFrequency(10, 9) > 0, 'a term in most rows still counts a little, as in FTS5');
});

test('field terms count the query stems among the stored words, stemming them as the index does', () => {
  const terms = fieldTerms('retry failed uploads retries retrying upload retryfailedupload', new Set(['retri', 'upload']));
  assert.equal(terms.length, 7);
  assert.deepEqual(Object.fromEntries(terms.counts), { retri: 3, upload: 2 });
  assert.deepEqual(terms.matches, [[0, 'retri'], [2, 'upload'], [3, 'retri'], [4, 'retri'], [5, 'upload']], 'where each was found, for proximity');
  assert.deepEqual(fieldTerms('', new Set(['retri'])), { length: 0, counts: new Map(), matches: [] });
});

test('informative terms: a term in half the rows or more is not matched, unless every term is such', () => {
  const df = new Map([['return', 600], ['half', 500], ['retri', 12]]);
  const same = (t: string) => t;
  assert.deepEqual(informativeTerms(['return', 'half', 'retri'], same, 1000, df), ['retri']);
  assert.deepEqual(informativeTerms(['return', 'half'], same, 1000, df), ['return', 'half'], 'a query of only common words keeps them');
  assert.deepEqual(informativeTerms(['unknown'], same, 1000, df), ['unknown']);
});
