import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveModel } from '../../src/core/embed/modelInfo';
import { ModelTokenizer } from '../../src/core/embed/tokenizer';
import { WorkerEmbedder } from '../../src/core/embed/workerEmbedder';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

test('the worker cuts a text at the token cap and counts it: what follows the cap does not change the vector', async () => {
  const info = await resolveModel(TEST_MODEL);
  const embedder = await WorkerEmbedder.start({ model: { ...info, maxTokens: 32 }, device: 'cpu', threads: 1 });
  try {
    const long = Array.from({ length: 40 }, (_, i) => `const value${i} = compute(${i});`).join('\n');
    const a = await embedder.embed([long, 'short text'], 'document');
    const b = await embedder.embed([`${long}\nconst somethingElse = 1;`], 'document');
    assert.equal(a.timings?.truncated, 1, 'one of the two texts was over the cap');
    const tokenizer = await ModelTokenizer.load(info);
    assert.equal(a.timings?.tokens, 32 + tokenizer.count('short text'), 'the cut text counts exactly 32 tokens');
    assert.deepEqual(Array.from(b.vectors[0]!), Array.from(a.vectors[0]!), 'only the first 32 tokens are embedded');
  } finally {
    await embedder.dispose();
  }
});

test('chunks fit the token cap, so an index run cuts nothing, and the report says so', async (t) => {
  const { root, indexDir } = sampleWorkspace(t);
  const index = await CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1, maxChunkTokens: 48 });
  t.after(() => index.close());
  const report = await index.update();
  assert.equal(report.vectors.truncated, 0);
  assert.ok(report.vectors.tokens > 0 && report.vectors.paddedTokens >= report.vectors.tokens);
  const tokenizer = await ModelTokenizer.load(await resolveModel(TEST_MODEL));
  const db = new Database(join(indexDir, 'index.sqlite'), { readonly: true });
  try {
    const texts = db.prepare('select text from chunks').pluck().all() as string[];
    assert.ok(texts.length > 10);
    for (const text of texts) assert.ok(tokenizer.count(text) <= 48, `${tokenizer.count(text)} tokens: ${text.slice(0, 60)}`);
  } finally {
    db.close();
  }
});
