import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldTerms, type Bm25fStats } from '../../src/core/search/bm25f';
import { PROXIMITY_WINDOW, proximityScore } from '../../src/core/search/proximity';

const stats: Bm25fStats = { rows: 1000, averageLength: [3, 60], documentFrequency: new Map([['read', 40], ['line', 25], ['file', 300]]) };
const stems = new Set(['read', 'line']);
/** A document of two fields, a name (weight 6) and a body (weight 1). */
const score = (name: string, body = '', s: Bm25fStats = stats) => proximityScore([fieldTerms(name, stems), fieldTerms(body, stems)], s, [6, 1]);

test('two query terms next to each other score more than the same terms further apart, and nothing beyond the window', () => {
  const adjacent = score('', 'read lines from the config');
  const apart = score('', 'read the config file line');
  const beyond = score('', `read ${'x '.repeat(PROXIMITY_WINDOW)}line`);
  assert.ok(adjacent > apart && apart > 0, `${adjacent} > ${apart} > 0`);
  assert.equal(beyond, 0);
});

test('only different terms make a pair, only within one field, and the weight saturates', () => {
  assert.equal(score('read read read'), 0, 'a term repeated is not proximity');
  assert.equal(score('config read', 'line config'), 0, 'the end of one field is not next to the start of another');
  const once = score('', 'read line');
  const many = score('', 'read line read line read line read line');
  assert.ok(many > once && many < 2 * once, `saturates: ${once} < ${many} < ${2 * once}`);
});

test('each field is normalised by its own length and weighted: a name that reads as the query counts however long the body is', () => {
  const shortBody = score('read lines', 'x '.repeat(10));
  const longBody = score('read lines', 'x '.repeat(900));
  assert.equal(shortBody, longBody);
  assert.ok(score('read lines') > score('', 'read lines'), 'a pair in the name weighs more than one in the body');
  assert.equal(proximityScore([fieldTerms('read lines', stems)], stats, [0]), 0, 'a field of weight 0 (the path) adds nothing');
});

test('common terms count less: the proximity of a term is weighed by its idf, at most 1', () => {
  const common = score('', 'read line', { ...stats, documentFrequency: new Map([['read', 450], ['line', 450]]) });
  assert.ok(common < score('', 'read line'), `${common} < ${score('', 'read line')}`);
});
