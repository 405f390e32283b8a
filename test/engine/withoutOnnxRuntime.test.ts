// What a user sees when ONNX Runtime cannot load on their machine (missing, or built for another platform):
// the folder is still indexed and searched by keywords, and semantic search says why it cannot run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { sampleWorkspace, TEST_MODEL } from '../helpers/sampleRepo';

const BREAK_NATIVE = fileURLToPath(new URL('../fixtures/native/breakNative.cjs', import.meta.url));

test('when only onnxruntime-node fails to load, indexing finishes, keyword search works and semantic search says why', { timeout: 120_000 }, async (t) => {
  // The embedding worker inherits these: onnxruntime-node fails there as a wrong-platform build would.
  const saved = { options: process.env.NODE_OPTIONS, broken: process.env.CODELOUPE_TEST_BREAK_NATIVE };
  process.env.NODE_OPTIONS = `${saved.options ?? ''} --require ${BREAK_NATIVE}`.trim();
  process.env.CODELOUPE_TEST_BREAK_NATIVE = 'onnxruntime-node';
  t.after(() => {
    for (const [key, value] of [['NODE_OPTIONS', saved.options], ['CODELOUPE_TEST_BREAK_NATIVE', saved.broken]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  const { root, indexDir } = sampleWorkspace(t);
  const index = await CodeIndex.open({ root, indexDir, modelDir: TEST_MODEL, device: 'cpu', threads: 1 });
  t.after(() => index.close());

  const report = await index.update();
  assert.ok(report.files.read >= 9 && report.chunks.total > 0, 'the keyword index is complete');
  assert.equal(report.semantic.available, false);
  assert.match(report.semantic.reason ?? '', /onnxruntime-node.*could not be loaded/);
  assert.equal(report.vectors.embedded, 0);
  assert.ok(report.vectors.pending > 0, 'the texts wait for a runtime that loads');

  const answer = await index.search('where do we retry failed uploads', { k: 5, mode: 'hybrid' });
  assert.equal(answer.results[0]?.name, 'retryFailedUpload');
  assert.match(answer.lexicalOnly ?? '', /onnxruntime-node/);
  assert.match(index.semanticUnavailable() ?? '', /onnxruntime-node/);
});
