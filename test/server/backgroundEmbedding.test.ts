import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neverCancelled, type CancellationToken } from '../../src/core/cancellation';
import type { EmbedPendingReport } from '../../src/core/engine/codeIndex';
import { BackgroundEmbedding } from '../../src/server/backgroundEmbedding';
import { EngineHost } from '../../src/server/engineHost';
import type { NotificationName } from '../../src/shared/protocol';
import { FakeFolderEngine } from './fakeFolderEngine';

/** A scripted embedding: each call waits until released or cancelled. */
class ScriptedEmbedding {
  readonly calls: { token: CancellationToken; release: () => void }[] = [];
  run = (options: { token: CancellationToken }): Promise<EmbedPendingReport> =>
    new Promise((resolve) => {
      const report = (cancelled: boolean): EmbedPendingReport => ({ embedded: cancelled ? 0 : 5, failed: 0, failures: [], pending: 0, cancelled });
      this.calls.push({ token: options.token, release: () => resolve(report(false)) });
      options.token.onCancellationRequested(() => resolve(report(true)));
    });
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('a kick while embedding runs makes it go once more; pause cancels it until resume; stop until the next kick', async () => {
  const script = new ScriptedEmbedding();
  const finished: EmbedPendingReport[] = [];
  const bg = new BackgroundEmbedding(script.run, { progress: () => undefined, finished: (r) => finished.push(r), failed: (e) => assert.fail(String(e)) });
  bg.kick();
  bg.kick(); // an index run finished meanwhile
  assert.equal(script.calls.length, 1, 'one embedding at a time');
  script.calls[0]!.release();
  await tick();
  assert.equal(script.calls.length, 2, 'went once more for what the run added');
  bg.pause();
  await tick();
  assert.equal(script.calls[1]!.token.isCancellationRequested, true);
  assert.equal(finished.at(-1)?.cancelled, true);
  bg.kick();
  assert.equal(script.calls.length, 2, 'a paused folder does not embed');
  bg.resume();
  assert.equal(script.calls.length, 3);
  bg.stop();
  await tick();
  assert.equal(bg.isRunning, false);
  bg.kick();
  assert.equal(script.calls.length, 4, 'the next run starts it again');
  const closing = bg.close();
  await closing;
  assert.equal(script.calls[3]!.token.isCancellationRequested, true);
  bg.kick();
  assert.equal(script.calls.length, 4, 'closed for good');
});

test('the server embeds after each index run and passes priority hints to the folder engine', async () => {
  const engine = new FakeFolderEngine('/repo', 1);
  const sent: NotificationName[] = [];
  const host = new EngineHost(async () => engine, (method) => sent.push(method), () => undefined);
  await host.handle('open', { folderId: 'f', root: '/repo', indexDir: '/index' }, neverCancelled);
  await tick();
  assert.equal(engine.embedCalls, 1, 'texts left by an earlier session are embedded on open');
  engine.pendingTexts = 3;
  await host.handle('update', { folderId: 'f' }, neverCancelled);
  await tick();
  assert.equal(engine.embedCalls, 2, 'an index run is followed by embedding');
  assert.ok(sent.includes('embeddingFinished'));
  await host.handle('priorities', { folderId: 'f', open: ['a.ts'], recent: ['b.ts', 'c.ts'] }, neverCancelled);
  assert.deepEqual(engine.hints, [{ open: ['a.ts'], recent: ['b.ts', 'c.ts'] }]);
  await host.handle('update', { folderId: 'f', embed: true }, neverCancelled);
  assert.deepEqual(engine.runs.map((r) => r.embed), [false, true], 'runs leave vectors to the background unless asked to embed (an agent\'s reindex)');
  await host.closeAll();
});
