// The real engine server (src/server/main.ts through tsx, with the real CodeIndex, tree-sitter, SQLite,
// HNSW and the test model) driven over IPC the way the extension drives it.
import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CodeloupeError } from '../../src/core/errors';
import { MemoryLogger } from '../helpers/memoryLogger';
import { EngineSupervisor } from '../../src/engine-client/supervisor';
import { tempDir } from '../helpers/tempDir';
import { TEST_MODEL_DIR } from '../fixtureModel/testModelFixture';

const SERVER = fileURLToPath(new URL('../../src/server/main.ts', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../fixtures/sample-repo', import.meta.url));

test('open, index, search, find similar, re-index changed paths and clear, over IPC', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t);
  const root = join(dir, 'repo');
  cpSync(SAMPLE, root, { recursive: true });
  const indexDir = join(dir, 'index');
  const sup = new EngineSupervisor({ serverPath: SERVER, logger: new MemoryLogger(), execArgv: ['--import', 'tsx'] });
  t.after(() => sup.dispose());
  sup.start();
  const client = sup.client!;
  const finished: boolean[] = [];
  const finishedChunks: number[] = [];
  client.onNotification('runFinished', (n) => {
    finished.push(n.full);
    finishedChunks.push(n.status.chunks);
  });
  const embeddings: { pending: number; embedded: number; embeddedTexts: number }[] = [];
  let embeddingDone: (() => void) | undefined;
  client.onNotification('embeddingFinished', (n) => {
    embeddings.push({ pending: n.pending, embedded: n.embedded, embeddedTexts: n.status.embedded });
    if (n.pending === 0 && n.status.texts > 0) embeddingDone?.();
  });
  const vectorsReady = () => new Promise<void>((resolve) => (embeddingDone = resolve));

  const opened = await client.request('open', { folderId: 'repo', root, indexDir, modelDir: TEST_MODEL_DIR, device: 'cpu' });
  assert.equal(opened.chunks, 0);
  assert.equal(opened.semanticUnavailable !== undefined, true, 'no vectors before the first run');

  const ready = vectorsReady();
  const report = await client.request('update', { folderId: 'repo' });
  assert.equal(report.cancelled, false);
  assert.ok(report.files.read >= 9);
  assert.equal(report.vectors.embedded, 0, 'the run ends with the lexical index; vectors follow in the background');
  assert.ok(report.vectors.pending > 0);
  await ready;
  const [status] = await client.request('status', { folderId: 'repo' });
  assert.equal(embeddings.at(-1)?.embeddedTexts, status!.embedded, 'embeddingFinished carries the counts');
  assert.ok(status!.chunks > 0);
  assert.equal(status!.embedded, status!.texts);
  assert.equal(status!.semanticUnavailable, undefined);
  assert.deepEqual(status!.activity, { state: 'idle' });
  assert.deepEqual(finished, [true]);
  assert.deepEqual(finishedChunks, [status!.chunks], 'runFinished carries the counts the run left');

  const lexical = await client.request('search', { query: 'retry failed upload', k: 3, mode: 'lexical' });
  assert.equal(lexical.results[0]?.name, 'retryFailedUpload');
  assert.equal(lexical.results[0]?.folderId, 'repo');
  const hybrid = await client.request('search', { query: 'retry failed upload', k: 5, mode: 'hybrid' });
  assert.ok(hybrid.results.some((r) => r.name === 'retryFailedUpload'));
  assert.deepEqual(hybrid.lexicalOnly, []);
  assert.equal(lexical.corrected, undefined);
  const typo = await client.request('search', { query: 'retry faield upload', k: 3, mode: 'lexical' });
  assert.deepEqual(typo.corrected, [{ from: 'faield', to: 'failed' }], 'a misspelt word is searched as the indexed one, and the answer says so');
  assert.equal(typo.results[0]?.name, 'retryFailedUpload');

  const hover = await client.request('similar', { target: { folderId: 'repo', file: 'src/upload/retry.ts', line: 13 }, k: 3, folderIds: ['repo'], storedVectorsOnly: true });
  assert.equal(hover.mode, 'semantic');
  assert.deepEqual(hover.query, { folderId: 'repo', file: 'src/upload/retry.ts', startLine: hover.query!.startLine, endLine: hover.query!.endLine, name: 'retryFailedUpload', kind: 'function' });
  assert.equal(hover.results.length, 3);
  assert.ok(hover.results.every((r) => !(r.file === 'src/upload/retry.ts' && r.startLine === hover.query!.startLine)), 'never the unit itself');

  // A saved file: only it is re-read.
  writeFileSync(join(root, 'src/util/strings.ts'), 'export function reverseWords(text: string): string {\n  return text.split(" ").reverse().join(" ");\n}\n');
  const saved = await client.request('update', { folderId: 'repo', paths: ['src/util/strings.ts'] });
  assert.equal(saved.files.read, 1);
  const found = await client.request('search', { query: 'reverse words', k: 1, mode: 'lexical' });
  assert.equal(found.results[0]?.name, 'reverseWords');
  rmSync(join(root, 'src/util/strings.ts'));
  const deleted = await client.request('update', { folderId: 'repo', paths: ['src/util/strings.ts'] });
  assert.equal(deleted.files.removed, 1);
  assert.deepEqual(finished, [true, false, false]);

  await client.request('close', { folderId: 'repo', deleteIndex: true });
  assert.equal(existsSync(indexDir), false, 'the index directory is gone');
});

test('a native module that cannot load fails open with E_NATIVE_MODULE, and the server stays up to say so', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const breakNative = fileURLToPath(new URL('../fixtures/native/breakNative.cjs', import.meta.url));
  const sup = new EngineSupervisor({
    serverPath: SERVER,
    logger: new MemoryLogger(),
    execArgv: ['--import', 'tsx', '--require', breakNative],
    env: { ...process.env, CODELOUPE_TEST_BREAK_NATIVE: 'better-sqlite3' },
  });
  t.after(() => sup.dispose());
  const exits: unknown[] = [];
  sup.onDidExit((e) => exits.push(e));
  sup.start();
  const client = sup.client!;
  await assert.rejects(client.request('open', { folderId: 'repo', root: SAMPLE, indexDir: join(dir, 'index') }), (err: unknown) => {
    assert.ok(err instanceof CodeloupeError && err.code === 'E_NATIVE_MODULE', String(err));
    assert.match(err.message, /better-sqlite3, needed for the index store \(SQLite\), could not be loaded/);
    assert.match(err.hint ?? '', /VSIX built for/);
    return true;
  });
  assert.deepEqual(await client.request('status', {}), [], 'the server answers on');
  assert.deepEqual(exits, [], 'no crash, no restart');
});

test('an error crosses the process boundary with the stack where it was thrown and its cause', { timeout: 60_000 }, async (t) => {
  const dir = tempDir(t);
  const sup = new EngineSupervisor({ serverPath: SERVER, logger: new MemoryLogger(), execArgv: ['--import', 'tsx'] });
  t.after(() => sup.dispose());
  sup.start();
  const root = join(dir, 'no-such-folder');
  await assert.rejects(sup.client!.request('open', { folderId: 'gone', root, indexDir: join(dir, 'index') }), (err: unknown) => {
    assert.ok(err instanceof CodeloupeError);
    assert.equal(err.code, 'E_FOLDER_NOT_FOUND');
    assert.match(err.stack ?? '', /src\/core\/(engine|scan)\//, 'the server-side stack, not the client\'s');
    assert.ok(err.cause instanceof Error, 'the cause survives');
    assert.equal((err.cause as NodeJS.ErrnoException).code, 'ENOENT');
    assert.match(err.cause.stack ?? '', /stat/);
    return true;
  });
});
