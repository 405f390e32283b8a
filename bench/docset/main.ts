/**
 * Builds the doc-comment retrieval sets: `node --import tsx bench/docset/main.ts [--work DIR] [--set NAME ...]`.
 * The quality bench builds them on demand too; this entry point exists to inspect them.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDocSet } from './buildDocSet';
import { DOC_SET_SOURCES } from './sources';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { work: { type: 'string' }, set: { type: 'string', multiple: true } } });
  const work = resolve(values.work ?? '.artifacts/bench');
  for (const source of DOC_SET_SOURCES.filter((s) => !values.set || values.set.includes(s.name))) {
    console.log(JSON.stringify(await ensureDocSet(source, work), null, 2));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
