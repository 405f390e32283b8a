import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RetrievalSet } from '../lib/retrievalSet';

/** Writes the set's documents as files under `dir` (emptied first) and its queries as `queriesFile` (JSON lines). */
export function materializeSet(set: RetrievalSet, dir: string, queriesFile: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const doc of set.documents) {
    const path = join(dir, doc.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, doc.text);
  }
  mkdirSync(dirname(queriesFile), { recursive: true });
  writeFileSync(queriesFile, set.queries.map((q) => JSON.stringify({ _id: q.id, text: q.text })).join('\n') + '\n');
}
