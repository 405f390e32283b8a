/**
 * Builds the doc-comment retrieval set: `node --import tsx bench/docset/main.ts [--work DIR]`.
 * The quality bench builds it on demand too; this entry point exists to inspect the set.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDocSet, RXJS_SOURCE } from './buildDocSet';

const { values } = parseArgs({ options: { work: { type: 'string' } } });
const summary = ensureDocSet(RXJS_SOURCE, resolve(values.work ?? '.artifacts/bench'));
console.log(JSON.stringify(summary, null, 2));
