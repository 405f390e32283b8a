import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { CancelledError, CodeloupeError } from '../../src/core/errors';
import { MemoryLogger } from '../helpers/memoryLogger';
import { ensureModel, hasModelFiles, type EnsuredModel, type EnsureModelOptions } from '../../src/core/models/ensureModel';
import { CHOOSE_FOLDER, ModelDownloads, RESUME, RETRY, SHOW_LOG, type ModelDownloadsOptions } from '../../src/extension/models/modelDownloads';
import type { ProgressStep } from '../../src/extension/models/downloadProgress';
import type { ModelLocation } from '../../src/extension/settings/modelLocation';
import { TEST_MODEL_DIR } from '../embed/helpers/modelCopy';
import { tempDir } from '../helpers/tempDir';
import { filesOf, HubServer } from '../models/helpers/hubServer';

const ID = 'codeloupe/test-model';
const GS = '/gs';
const DIR = '/gs/models/codeloupe/test-model';
/** Lets the download start (it takes its lock first, asynchronously). */
const tick = () => new Promise((resolve) => setImmediate(resolve));
const location: ModelLocation = { kind: 'id', id: ID, dir: DIR, found: false, searched: [DIR, '/cache/models/codeloupe/test-model'] };

/** A download the test finishes by hand. */
class PendingEnsure {
  readonly calls: EnsureModelOptions[] = [];
  private settle: { resolve: (m: EnsuredModel) => void; reject: (e: unknown) => void } | undefined;

  readonly ensure = (opts: EnsureModelOptions): Promise<EnsuredModel> => {
    this.calls.push(opts);
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      opts.token?.onCancellationRequested(() => reject(new CancelledError()));
    });
  };

  succeed(): void {
    this.settle?.resolve({ dir: DIR, id: ID, downloaded: true });
  }

  fail(err: unknown): void {
    this.settle?.reject(err);
  }
}

function harness(over: Partial<ModelDownloadsOptions> & { answers?: (string | undefined | Promise<string | undefined>)[]; onDisk?: Set<string> } = {}) {
  const pending = new PendingEnsure();
  const steps: ProgressStep[] = [];
  const errors: { message: string; actions: readonly string[] }[] = [];
  const infos: { message: string; actions: readonly string[] }[] = [];
  const changes: string[] = [];
  // Each progress notification has its own Cancel button (token), as in VS Code.
  let progressCancel = new CancellationSource();
  const logger = new MemoryLogger();
  const answers = over.answers ?? [];
  const onDisk = over.onDisk ?? new Set<string>();
  let logShown = 0;
  const downloads = new ModelDownloads({
    ensure: pending.ensure,
    globalStorage: GS,
    precisionFor: (device) => (device === 'cpu' || device === 'auto' ? 'int8' : 'fp16'),
    hasFiles: (dir, precision, exact) => onDisk.has(`${dir}#${precision}`) || (!exact && onDisk.has(`${dir}#other`)),
    proxy: () => ({ proxy: 'http://corp:8080', source: 'http.proxy (http://corp:8080)' }),
    ui: {
      withProgress: (_title, task) => {
        progressCancel = new CancellationSource();
        return task((s) => steps.push(s), progressCancel.token);
      },
      showError: async (message, actions) => {
        errors.push({ message, actions });
        return answers.shift();
      },
      showInfo: async (message, actions) => {
        infos.push({ message, actions });
        return answers.shift();
      },
    },
    logger,
    chooseFolder: async () => undefined,
    showLog: () => void logShown++,
    tryLock: () => ({ release: () => undefined }),
    ...over,
  });
  downloads.onDidChange((id) => changes.push(id));
  return { downloads, pending, steps, errors, infos, changes, cancelProgress: () => progressCancel.cancel(), logger, onDisk, logShown: () => logShown };
}

test('one download per model, however many folders ask; folders are lexical until it ends, then use the model', async () => {
  const h = harness({ onDisk: new Set() });
  const first = h.downloads.folderModel(location, 'auto');
  const second = h.downloads.folderModel(location, 'auto');
  await tick();
  assert.deepEqual(first, { precision: 'int8', modelUnavailable: { reason: `The model ${ID} is being downloaded` } });
  assert.deepEqual(second, first);
  assert.equal(h.pending.calls.length, 1);
  const call = h.pending.calls[0]!;
  assert.deepEqual([call.spec, call.cacheDir, call.precision, call.proxy], [ID, GS, 'int8', 'http://corp:8080']);
  assert.ok(h.downloads.isHandling(ID));
  call.onProgress?.({ modelId: ID, file: 'onnx/model_int8.onnx', fileIndex: 0, fileCount: 1, doneBytes: 50, totalBytes: 100, bytesPerSecond: 10, etaSeconds: 5 });
  assert.equal(h.steps.length, 1);
  assert.equal(h.steps[0]!.increment, 50);
  h.pending.succeed();
  h.onDisk.add(`${DIR}#int8`);
  await h.downloads.whenIdle();
  assert.deepEqual(h.changes, [ID]);
  assert.deepEqual(h.downloads.folderModel(location, 'auto'), { precision: 'int8', modelDir: DIR });
  assert.equal(h.downloads.isHandling(ID), false);
  assert.equal(h.pending.calls.length, 1);
  assert.ok(h.logger.lines.some((l) => l.message.includes('proxy: http.proxy (http://corp:8080)')));
});

test('a model on disk is used at once, without a download', () => {
  const h = harness({ onDisk: new Set([`${DIR}#int8`]) });
  assert.deepEqual(h.downloads.folderModel(location, 'cpu'), { precision: 'int8', modelDir: DIR });
  assert.equal(h.pending.calls.length, 0);
  assert.equal(h.downloads.isHandling(ID), false);
});

test('offline: the notification names the model and the URL tried, offers Choose Folder / Retry / Show Log, and Retry downloads again', async () => {
  let answer: (choice: string) => void = () => undefined;
  const h = harness({ answers: [new Promise((resolve) => (answer = resolve))] });
  h.downloads.folderModel(location, 'auto');
  await tick();
  const url = 'http://127.0.0.1:9/api/models/codeloupe/test-model/paths-info/main';
  h.pending.fail(new CodeloupeError('E_MODEL_UNAVAILABLE', `Could not download the embedding model ${ID} from http://127.0.0.1:9 (Could not reach ${url}: ECONNREFUSED).`, { hint: 'point --model at a folder' }));
  await h.downloads.whenIdle();
  assert.equal(h.errors.length, 1);
  assert.ok(h.errors[0]!.message.includes(ID) && h.errors[0]!.message.includes(url), h.errors[0]!.message);
  assert.deepEqual(h.errors[0]!.actions, [CHOOSE_FOLDER, RETRY, SHOW_LOG]);
  const logged = h.logger.lines.find((l) => l.level === 'error')!.message;
  assert.match(logged, /To install it by hand, put config\.json, tokenizer\.json, onnx\/model_int8\.onnx .* into \/gs\/models\/codeloupe\/test-model/);
  assert.match(logged, /codeloupe\.model setting/);
  assert.doesNotMatch(logged, /--model/, 'the extension gives settings, not flags');
  assert.deepEqual(h.downloads.folderModel(location, 'auto'), { precision: 'int8', modelUnavailable: { reason: `Could not download the embedding model ${ID} from http://127.0.0.1:9 (Could not reach ${url}: ECONNREFUSED)` } });
  assert.equal(h.pending.calls.length, 1, 'opening again does not retry by itself');
  answer(RETRY);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(h.pending.calls.length, 2, 'Retry started a second download');
  assert.deepEqual(h.changes, [ID, ID], 'the failure and the retry both re-open the folders');
  h.pending.succeed();
  h.onDisk.add(`${DIR}#int8`);
  await h.downloads.whenIdle();
  assert.deepEqual(h.downloads.folderModel(location, 'auto'), { precision: 'int8', modelDir: DIR });
});

test('a download that ended with another export (the wanted one unavailable) is not fetched again on every open', async () => {
  const h = harness();
  h.downloads.folderModel(location, 'auto');
  await tick();
  h.pending.succeed();
  h.onDisk.add(`${DIR}#other`);
  await h.downloads.whenIdle();
  assert.deepEqual(h.downloads.folderModel(location, 'auto'), { precision: 'int8', modelDir: DIR });
  assert.equal(h.pending.calls.length, 1);
  h.onDisk.clear(); // the folder was emptied since: fetched again
  h.downloads.folderModel(location, 'auto');
  await tick();
  assert.equal(h.pending.calls.length, 2);
});

test('cancelling from the notification stops the download; it is offered to resume, and a settings change tries again', async () => {
  const h = harness({ answers: [undefined] });
  h.downloads.folderModel(location, 'auto');
  await tick();
  h.cancelProgress();
  await h.downloads.whenIdle();
  assert.ok(h.pending.calls[0]!.token?.isCancellationRequested, "the core's token was cancelled");
  assert.equal(h.errors.length, 0);
  assert.deepEqual(h.infos[0]!.actions, [RESUME, CHOOSE_FOLDER]);
  assert.deepEqual(h.downloads.folderModel(location, 'auto'), { precision: 'int8', modelUnavailable: { reason: `The download of the model ${ID} was cancelled` } });
  assert.equal(h.pending.calls.length, 1, 'no automatic restart');
  h.downloads.forgetFailures();
  h.downloads.folderModel(location, 'auto');
  await tick();
  assert.equal(h.pending.calls.length, 2);
});

test('another export on disk serves meanwhile, and its download failing is logged, not shown', async () => {
  const h = harness({ onDisk: new Set([`${DIR}#other`]) });
  assert.deepEqual(h.downloads.folderModel(location, 'cuda'), { precision: 'fp16', modelDir: DIR });
  await tick();
  h.pending.fail(new CodeloupeError('E_MODEL_UNAVAILABLE', 'Could not download.'));
  await h.downloads.whenIdle();
  assert.equal(h.errors.length, 0);
  assert.ok(h.logger.lines.some((l) => l.level === 'warn' && /another export/.test(l.message)));
  assert.deepEqual(h.downloads.folderModel(location, 'cuda'), { precision: 'fp16', modelDir: DIR });
});

test('while another window holds the download lock, this one waits, then downloads under the lock and releases it', async () => {
  const held = { byOther: 2, taken: 0, released: 0 };
  const waits: number[] = [];
  const h = harness({
    lockRetryMs: 1500,
    // The clock is the test's: each wait is recorded and ends at once, so nothing sleeps.
    wait: async (ms) => void waits.push(ms),
    tryLock: () => {
      if (held.byOther-- > 0) return undefined;
      held.taken++;
      return { release: () => void held.released++ };
    },
  });
  h.downloads.folderModel(location, 'auto');
  for (let i = 0; i < 5 && h.pending.calls.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(waits, [1500, 1500], 'it waited twice, the lock retry interval each time');
  assert.equal(h.pending.calls.length, 1, 'ensure runs once the lock is free');
  assert.match(h.steps[0]!.message, /waiting for another VS Code window/);
  assert.deepEqual([held.taken, held.released], [1, 0]);
  h.pending.succeed();
  await h.downloads.whenIdle();
  assert.equal(held.released, 1);
});

test('cancelling while waiting for another window\'s lock ends the wait', async () => {
  const h = harness({ lockRetryMs: 60_000, tryLock: () => undefined });
  h.downloads.folderModel(location, 'auto');
  await new Promise((resolve) => setImmediate(resolve));
  h.cancelProgress();
  await h.downloads.whenIdle();
  assert.equal(h.pending.calls.length, 0);
  assert.deepEqual(h.downloads.folderModel(location, 'auto'), { precision: 'int8', modelUnavailable: { reason: `The download of the model ${ID} was cancelled` } });
});

test('disposing cancels a running download and fires nothing afterwards', async () => {
  const h = harness();
  h.downloads.folderModel(location, 'auto');
  h.downloads.dispose();
  await h.downloads.whenIdle();
  assert.deepEqual(h.changes, []);
  assert.equal(h.infos.length, 0);
});

test('against a Hub on 127.0.0.1: the model lands in the global storage and the folder then opens with it', async (t) => {
  const gs = tempDir(t);
  const server = await HubServer.start({ id: ID, files: filesOf(TEST_MODEL_DIR, { 'onnx/model_int8.onnx': 'onnx/model.onnx' }) });
  t.after(() => server.close());
  const dir = path.join(gs, 'models', 'codeloupe', 'test-model');
  const real: ModelLocation = { kind: 'id', id: ID, dir, found: false, searched: [dir] };
  const h = harness({
    globalStorage: gs,
    ensure: (opts) => ensureModel({ ...opts, endpoint: server.endpoint }),
    hasFiles: (d, precision, exact) => hasModelFiles(d, precision, undefined, exact),
    proxy: () => ({ proxy: false, source: 'none' }),
  });
  assert.ok('modelUnavailable' in h.downloads.folderModel(real, 'cpu'));
  await h.downloads.whenIdle();
  assert.deepEqual(h.changes, [ID]);
  assert.ok(existsSync(path.join(dir, 'onnx', 'model_int8.onnx')));
  assert.deepEqual(h.downloads.folderModel(real, 'cpu'), { precision: 'int8', modelDir: dir });
  const last = h.steps[h.steps.length - 1]!;
  assert.match(last.message, /^[\d.]+ [kM]B of [\d.]+ [kM]B · .*onnx\/model_int8\.onnx/);
  assert.equal(Math.round(h.steps.reduce((sum, s) => sum + s.increment, 0)), 100);
});
