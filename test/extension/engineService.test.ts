import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { emptyReport } from '../../src/core/engine/indexReport';
import { CodeloupeError } from '../../src/core/errors';
import { MemoryLogger } from '../helpers/memoryLogger';
import { EngineService } from '../../src/extension/engine/engineService';
import type { FolderModel } from '../../src/extension/models/modelPlan';
import type { ModelLocation } from '../../src/extension/settings/modelLocation';
import { SettingsSource } from '../../src/extension/settings/settingsSource';
import { Emitter } from '../../src/shared/lifecycle';
import { FakeConfiguration } from './doubles/fakeConfiguration';
import { FakeConnection, FakeWorkspace, folderUri, settle, statusFor } from './doubles/fakeEngine';

const A = { uri: folderUri('/work/a'), name: 'a' };
const B = { uri: folderUri('/work/b'), name: 'b' };

interface Harness {
  engine: EngineService;
  connection: FakeConnection;
  workspace: FakeWorkspace;
  config: FakeConfiguration;
  settings: SettingsSource;
  logger: MemoryLogger;
  errors: { message: string; actions: readonly string[] }[];
  commands: string[];
  /** The answer the UI gives to the next error message. */
  answer: string | undefined;
}

function harness(t: TestContext, user: Record<string, unknown> = { model: '/models/test' }, folders = [A]): Harness {
  const logger = new MemoryLogger();
  const config = new FakeConfiguration(user);
  const settings = new SettingsSource(config, logger, { globalStorage: '/gs', sharedCache: '/cache', home: '/home' }, () => false);
  const connection = new FakeConnection();
  const workspace = new FakeWorkspace(folders);
  const downloads = new Emitter<string>();
  const h: Harness = { connection, workspace, config, settings, logger, errors: [], commands: [], answer: undefined } as unknown as Harness;
  h.engine = new EngineService({
    places: { extensionPath: '/ext', storageDir: '/storage' },
    settings,
    logger,
    models: {
      // A model folder is used as it is; an id is "on disk" (no downloads in these tests).
      folderModel: (location: ModelLocation): FolderModel =>
        location.kind === 'invalid' ? { precision: 'fp32', modelUnavailable: { reason: location.reason } } : { precision: 'fp32', modelDir: location.dir },
      forgetFailures: () => undefined,
      onDidChange: downloads.event,
    },
    connection,
    workspace,
    ui: {
      showError: async (message, actions) => {
        h.errors.push({ message, actions });
        return h.answer;
      },
      executeCommand: async (command) => h.commands.push(command),
    },
  });
  t.after(() => h.engine.dispose());
  return h;
}

test('on start every local folder opens with its settings and is brought up to date; other schemes are skipped with a warning', async (t) => {
  const remote = { uri: folderUri('/x', 'vscode-vfs'), name: 'remote' };
  const h = harness(t, { model: '/models/test' }, [A, B, remote]);
  h.engine.start();
  await settle();
  const opened = h.connection.sent('open');
  assert.deepEqual(opened.map((o) => [o.root, o.modelDir, o.device]), [['/work/a', '/models/test', 'auto'], ['/work/b', '/models/test', 'auto']]);
  assert.deepEqual(h.connection.sent('update').map((u) => u.folderId).sort(), [A.uri.toString(), B.uri.toString()]);
  assert.equal(h.engine.state, 'running');
  assert.ok(h.logger.lines.some((l) => l.level === 'warn' && l.message.includes('remote is not on the local file system')));
});

test('with indexOnStartup off, folders open without an index run', async (t) => {
  const h = harness(t, { model: '/models/test', indexOnStartup: false });
  h.engine.start();
  await settle();
  assert.equal(h.connection.sent('open').length, 1);
  assert.equal(h.connection.sent('update').length, 0);
});

test('issue 14: a Settings UI change, then a restart, keeps the model even when the model setting drifted', async (t) => {
  const h = harness(t);
  h.engine.start();
  await settle();
  // maxResults changes in the Settings UI; the remote window's re-read loses codeloupe.model without an event.
  h.config.set('maxResults', 12);
  h.config.drop('model');
  h.settings.refresh(FakeConfiguration.affects('maxResults'));
  await settle();
  assert.equal(h.connection.sent('open').length, 1, 'maxResults does not re-open the engine');
  await h.engine.restart();
  await settle();
  const opened = h.connection.sent('open');
  assert.deepEqual(opened.map((o) => [o.generation, o.modelDir]), [[0, '/models/test'], [1, '/models/test']], 'the restarted engine opens with the same model');
  assert.equal(h.config.warnings.length, 1, 'the drift is shown');
  assert.ok(h.logger.lines.some((l) => l.level === 'error' && l.message.includes('codeloupe.model now reads')));
  // The log line of each open names the model, so a change is visible there too.
  assert.equal(h.logger.lines.filter((l) => /Opened the index of a \(0 chunks\) .*; model \/models\/test\./.test(l.message)).length, 2);
});

test('a model change re-opens and updates only the folders whose engine config changed', async (t) => {
  const h = harness(t, { model: '/models/test' }, [A, B]);
  h.config.set('model', '/models/b-own', B.uri);
  h.engine.start();
  await settle();
  const before = h.connection.sent('open').length;
  h.config.set('model', '/models/new');
  h.settings.refresh(FakeConfiguration.affects('model'));
  await settle();
  const reopened = h.connection.sent('open').slice(before);
  assert.deepEqual(reopened.map((o) => [o.root, o.modelDir]), [['/work/a', '/models/new']]);
  assert.equal(h.connection.sent('update').filter((u) => u.folderId === A.uri.toString()).length, 2, 'a re-opened folder is updated');
});

test('a folder removed from the workspace is closed; an added one is opened', async (t) => {
  const h = harness(t, { model: '/models/test' }, [A]);
  h.engine.start();
  await settle();
  h.workspace.set([B]);
  await settle();
  assert.deepEqual(h.connection.sent('close').map((c) => c.folderId), [A.uri.toString()]);
  assert.deepEqual(h.connection.sent('open').map((o) => o.root), ['/work/a', '/work/b']);
  assert.deepEqual(h.engine.folders().map((f) => f.name), ['b']);
});

test('a finished run logs its report and updates the folder; progress of another run is ignored', async (t) => {
  const h = harness(t);
  h.engine.start();
  await settle();
  const id = A.uri.toString();
  const folder = h.engine.folder(id)!;
  const finished: number[] = [];
  h.engine.onDidFinishRun((n) => finished.push(n.runId));
  h.connection.server.notify('activity', { folderId: id, activity: { state: 'indexing', runId: 7, full: true } });
  h.connection.server.notify('progress', { folderId: id, runId: 6, progress: { phase: 'embed', done: 1, total: 9 } });
  assert.equal(folder.status?.activity.state === 'indexing' && folder.status.activity.progress, undefined);
  h.connection.server.notify('progress', { folderId: id, runId: 7, progress: { phase: 'embed', done: 3, total: 9 } });
  assert.deepEqual(folder.status?.activity.state === 'indexing' && folder.status.activity.progress, { phase: 'embed', done: 3, total: 9 });
  const report = emptyReport();
  report.files.scanned = 4;
  const config = h.connection.sent('open')[0]!;
  h.connection.server.notify('runFinished', { folderId: id, runId: 7, full: true, report, status: statusFor(config, { chunks: 42 }) });
  assert.equal(folder.status?.chunks, 42);
  assert.deepEqual(finished, [7]);
  assert.ok(h.logger.lines.some((l) => l.message.startsWith('Indexed a in') && l.message.includes('4 files scanned')));
});

test('paths resolve to the innermost open folder', async (t) => {
  const inner = { uri: folderUri('/work/a/packages/p'), name: 'p' };
  const h = harness(t, { model: '/models/test' }, [A, inner]);
  h.engine.start();
  await settle();
  assert.deepEqual(h.engine.locate({ scheme: 'file', fsPath: '/work/a/packages/p/src/x.ts' })?.path, 'src/x.ts');
  assert.equal(h.engine.locate({ scheme: 'file', fsPath: '/work/a/src/y.ts' })?.folder.name, 'a');
  assert.equal(h.engine.locate({ scheme: 'untitled', fsPath: '/work/a/src/y.ts' }), undefined);
});

test('when the server gives up, the state is stopped and the error offers a restart that works', async (t) => {
  const h = harness(t);
  h.engine.start();
  await settle();
  h.answer = 'Restart Engine';
  h.connection.giveUp(4);
  assert.equal(h.engine.state, 'stopped');
  await assert.rejects(h.engine.request('status', {}), /not running/);
  await settle();
  assert.match(h.errors[0]!.message, /crashed 4 times/);
  assert.deepEqual(h.errors[0]!.actions, ['Show Log', 'Restart Engine']);
  assert.equal(h.engine.state, 'running');
  assert.deepEqual(h.connection.sent('open').map((o) => o.generation), [0, 1], 'the restarted server re-opens the folder');
});

test('a native module that cannot load is told once, in words, with the log a click away', async (t) => {
  const h = harness(t, { model: '/models/test' }, [A, B]);
  h.connection.onServer = (server) => {
    server.handlers.open = () => {
      throw new CodeloupeError('E_NATIVE_MODULE', 'The native module better-sqlite3, needed for the index store (SQLite), could not be loaded on linux-x64.', { hint: 'Install the codeloupe VSIX built for linux-x64.' });
    };
  };
  h.answer = 'Show Log';
  h.engine.start();
  await settle();
  assert.equal(h.errors.length, 1, 'two folders failed the same way: one message');
  assert.match(h.errors[0]!.message, /^codeloupe: The native module better-sqlite3.*Install the codeloupe VSIX built for linux-x64\.$/);
  assert.deepEqual(h.errors[0]!.actions, ['Show Log']);
  assert.deepEqual(h.commands, ['codeloupe.showLog']);
});

test('a run the user cancels is marked so when it ends; Resume goes on with the folders it left incomplete', async (t) => {
  const h = harness(t);
  h.engine.start();
  await settle();
  const id = A.uri.toString();
  const config = h.connection.sent('open')[0]!;
  h.connection.server.handlers.stopIndexing = () => [statusFor(config, { texts: 100, embedded: 30, activity: { state: 'indexing', runId: 2, full: true } })];
  const finished: { runId: number; stoppedByUser: boolean }[] = [];
  h.engine.onDidFinishRun((n) => finished.push({ runId: n.runId, stoppedByUser: n.stoppedByUser }));
  await h.engine.stopIndexing(id);
  const cancelled = emptyReport();
  cancelled.cancelled = true;
  h.connection.server.notify('runFinished', { folderId: id, runId: 2, full: true, report: cancelled, status: statusFor(config, { texts: 100, embedded: 30 }) });
  // A later cancelled run (a pause, a restart) is not the user's cancel.
  h.connection.server.notify('runFinished', { folderId: id, runId: 3, full: true, report: cancelled, status: statusFor(config, { texts: 100, embedded: 31 }) });
  assert.deepEqual(finished, [{ runId: 2, stoppedByUser: true }, { runId: 3, stoppedByUser: false }]);
  const updatesBefore = h.connection.sent('update').length;
  await h.engine.resumeIndexing();
  assert.equal(h.connection.sent('resume').length, 0, 'nothing is paused');
  assert.equal(h.connection.sent('update').length, updatesBefore + 1, 'the incomplete folder is indexed again');
});

test('Resume after a pause resumes the engine\'s held runs', async (t) => {
  const h = harness(t);
  h.engine.start();
  await settle();
  const id = A.uri.toString();
  const config = h.connection.sent('open')[0]!;
  h.connection.server.handlers.resume = () => [statusFor(config, { activity: { state: 'indexing', runId: 4, full: true } })];
  h.connection.server.notify('activity', { folderId: id, activity: { state: 'paused', pending: true } });
  await h.engine.resumeIndexing();
  assert.equal(h.connection.sent('resume').length, 1);
  assert.equal(h.engine.folder(id)?.status?.activity.state, 'indexing');
});
