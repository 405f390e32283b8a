import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { appendFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

async function open(root: string, indexDir: string): Promise<CodeIndex> {
  return CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1 });
}

function filesOf(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOf(root, join(dir, e.name)) : [relative(root, join(dir, e.name)).split('\\').join('/')]));
}

/** For each stored vector, in the order they were embedded, the files whose chunks have that text. */
function embeddingOrder(indexDir: string): string[][] {
  const db = new Database(join(indexDir, 'index.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('select v.id as id, c.file as file from vectors v join chunks c on c.content_hash = v.content_hash order by v.id, c.file').all() as { id: number; file: string }[];
    const byId = new Map<number, string[]>();
    for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r.file]);
    return [...byId.values()];
  } finally {
    db.close();
  }
}

test('pending texts are embedded in priority order: saved file, open editors, recent files, then the rest newest first', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  // Give every file a distinct mtime: later in this list = modified more recently.
  const files = filesOf(root).sort();
  files.forEach((f, i) => utimesSync(join(root, f), 1_700_000_000 + i, 1_700_000_000 + i));
  const index = await open(root, indexDir);
  t.after(() => index.close());

  const lexical = await index.update({ embed: false });
  assert.equal(lexical.vectors.embedded, 0, 'a lexical-only run embeds nothing');
  const before = index.status();
  assert.ok(before.texts > 0);
  assert.equal(before.embedded, 0, 'every text is pending');

  const saved = 'lib/legacy_strings.js';
  const open_ = 'services/billing/invoice.go';
  const recent = 'scripts/report.py';
  index.setPriorityHints({ open: [open_], recent: [recent] });
  appendFileSync(join(root, saved), '\nfunction addedOnSave() { return 42; }\n');
  utimesSync(join(root, saved), 1_600_000_000, 1_600_000_000); // the oldest: only the save moves it up
  await index.update({ paths: [saved], embed: false });

  const done = await index.embedPending();
  assert.equal(done.cancelled, false);
  assert.equal(done.pending, 0);
  assert.equal(done.embedded, index.status().texts);
  assert.equal(index.status().embedded, index.status().texts);

  const newestFirst = files.filter((f) => ![saved, open_, recent].includes(f)).sort((a, b) => statSync(join(root, b)).mtimeMs - statSync(join(root, a)).mtimeMs);
  const rank = (f: string): number => {
    if (f === saved) return 0;
    if (f === open_) return 1;
    if (f === recent) return 2;
    return 3 + newestFirst.indexOf(f);
  };
  const order = embeddingOrder(indexDir).map((owners) => Math.min(...owners.map(rank)));
  assert.deepEqual(order, [...order].sort((a, b) => a - b), 'each text is embedded no later than any text of a less urgent file');
  assert.equal(order[0], 0, 'the saved file comes first');
  assert.ok(order.includes(1) && order.includes(2));
});

test('a lexical update while pending texts are embedding is searchable at once, and every text ends with one live vector', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir);
  t.after(() => index.close());
  await index.update({ embed: false });
  const embedding = index.embedPending();
  appendFileSync(join(root, 'src/util/time.ts'), '\nexport function quarterlyReconciliationWindow() { return 90; }\n');
  const report = await index.update({ paths: ['src/util/time.ts'], embed: false });
  assert.equal(report.files.rechunked, 1);
  const hits = await index.search('quarterly reconciliation window', { k: 3, mode: 'lexical' });
  assert.equal(hits.results[0]?.name, 'quarterlyReconciliationWindow');
  const embedded = await embedding;
  assert.equal(embedded.pending, 0, 'texts the update added while embedding ran were embedded too');
  const status = index.status();
  assert.equal(status.embedded, status.texts);
  const semantic = await index.search('quarterly reconciliation window', { k: 50, mode: 'semantic' });
  assert.ok(semantic.results.some((r) => r.name === 'quarterlyReconciliationWindow'), 'the new function has a vector in the vector index');
});

test('closing the index stops a background embedding, which keeps what it stored', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await open(root, indexDir);
  await index.update({ embed: false });
  const source = new CancellationSource();
  const embedding = index.embedPending({ token: source.token, onProgress: () => source.cancel() });
  const result = await embedding;
  assert.equal(result.cancelled, true);
  assert.ok(result.pending > 0);
  const running = index.embedPending();
  await index.close();
  const closed = await running;
  assert.equal(closed.cancelled || closed.pending === 0, true);
});
