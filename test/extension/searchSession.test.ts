import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CancellationToken } from '../../src/core/cancellation';
import type { SearchMode } from '../../src/core/types';
import { parseQuery } from '../../src/extension/search/searchQuery';
import { AFTER_RUN_MS, LIVE_INTERVAL_MS, SearchSession, TYPING_DELAY_MS, type PickerView, type SearchParams, type SessionFolder } from '../../src/extension/search/searchSession';
import type { FolderActivity, FolderResult, FolderStatus, SearchAnswer } from '../../src/shared/protocol';
import { FakeScheduler } from './doubles/fakeScheduler';

function result(name: string, extra: Partial<FolderResult> = {}): FolderResult {
  return { folderId: 'a', file: `src/${name}.ts`, startLine: 1, endLine: 5, name, kind: 'function', language: 'typescript', score: 1, snippet: `function ${name}() {`, matchedBy: ['lexical'], ...extra };
}

function status(activity: FolderActivity, extra: Partial<FolderStatus> = {}): FolderStatus {
  return { folderId: 'a', root: '/a', indexDir: '/i', files: 9, chunks: 40, texts: 40, embedded: 40, model: { id: 'm', dimension: 4 }, activity, ...extra };
}

/** A session over a scripted engine: searches answer from `index` (names containing the query), after `await`. */
function harness(initial?: { value?: string; toggled?: boolean }) {
  const clock = new FakeScheduler();
  const asked: (SearchParams & { token: CancellationToken })[] = [];
  const h = {
    clock,
    asked,
    index: [result('retryUpload'), result('parseConfig')],
    folders: [{ id: 'a', name: 'app', status: status({ state: 'idle' }) }] as SessionFolder[],
    searchMode: 'hybrid' as SearchMode,
    views: [] as PickerView[],
    session: undefined as unknown as SearchSession,
  };
  h.session = new SearchSession(
    {
      search: async (params, token) => {
        asked.push({ ...params, token });
        await Promise.resolve();
        const answer: SearchAnswer = { results: h.index.filter((r) => r.name.toLowerCase().includes(params.query.toLowerCase())), lexicalOnly: [] };
        if (params.query === 'retyr') return { results: [result('retryUpload')], lexicalOnly: [], corrected: [{ from: 'retyr', to: 'retry' }] };
        return answer;
      },
      engine: () => ({ state: 'running', folders: h.folders }),
      settings: () => ({ searchMode: h.searchMode, maxResults: 10 }),
      scheduler: clock,
    },
    initial,
  );
  h.session.onDidChange((v) => h.views.push(v));
  return h;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const labels = (view: PickerView) => view.rows.map((r) => (r.kind === 'result' ? r.presentation.label : `(${r.label})`));

test('typing searches once the typing pauses, with the latest value', async () => {
  const h = harness();
  h.session.setValue('re');
  h.session.setValue('retry');
  h.clock.advance(TYPING_DELAY_MS - 1);
  assert.equal(h.asked.length, 0);
  h.clock.advance(1);
  await settle();
  assert.deepEqual(h.asked.map((a) => a.query), ['retry']);
  assert.deepEqual(labels(h.session.view), ['retryUpload']);
});

test('issue 14: an open picker searches again while a run indexes and when it ends; the title follows', async () => {
  const h = harness({ value: 'zebra' });
  await settle();
  assert.deepEqual(labels(h.session.view), ['(No matches for “zebra”)']);
  // A run starts and reads files: the title says so at once, results refresh at most every LIVE_INTERVAL_MS.
  h.folders[0]!.status = status({ state: 'indexing', runId: 2, full: true, progress: { phase: 'chunk', done: 64, total: 666 } });
  h.session.engineChanged();
  assert.match(h.session.view.title, /— indexing: reading 64\/666$/);
  h.session.engineChanged();
  h.index.push(result('zebraChecksum'));
  h.clock.advance(LIVE_INTERVAL_MS);
  await settle();
  assert.equal(h.asked.length, 2, 'one live refresh for two progress events');
  assert.deepEqual(labels(h.session.view), ['zebraChecksum'], 'a function indexed meanwhile appears without retyping');
  h.folders[0]!.status = status({ state: 'indexing', runId: 2, full: true, progress: { phase: 'chunk', done: 400, total: 666 } });
  h.session.engineChanged();
  assert.match(h.session.view.title, /reading 400\/666$/, 'the title keeps in step');
  // The run ends: search again soon, and the title no longer says indexing.
  h.folders[0]!.status = status({ state: 'idle' });
  h.session.runFinished();
  h.clock.advance(AFTER_RUN_MS);
  await settle();
  assert.equal(h.asked.length, 3);
  assert.equal(h.session.view.title, 'codeloupe: Search Code');
});

test('a live refresh never cancels a search under way (a query waits for a busy embedder)', async () => {
  const h = harness({ value: 'retry' });
  assert.equal(h.asked.length, 1);
  h.folders[0]!.status = status({ state: 'indexing', runId: 3, full: true });
  h.session.engineChanged();
  h.clock.advance(LIVE_INTERVAL_MS);
  assert.equal(h.asked[0]!.token.isCancellationRequested, false);
  assert.equal(h.asked.length, 1);
  await settle();
  assert.deepEqual(labels(h.session.view), ['retryUpload']);
});

test('the mode toggle switches to keywords only and back, and says so in the title', async () => {
  const h = harness({ value: 'retry' });
  await settle();
  assert.equal(h.asked[0]!.mode, 'hybrid');
  h.session.toggleMode();
  await settle();
  assert.equal(h.asked[1]!.mode, 'lexical');
  assert.match(h.session.view.title, /\(keywords only\)/);
  h.searchMode = 'lexical';
  assert.equal(h.session.mode, 'hybrid', 'toggled from a keywords-only setting: meaning and keywords');
});

test('lang:, path: and folder: narrow the search; an unknown folder is said, not searched', async () => {
  assert.deepEqual(parseQuery('retry upload lang:py path:src/ folder:"api"'), { text: 'retry upload', scope: { languages: ['py'], paths: ['src/'] }, folders: ['api'] });
  assert.deepEqual(parseQuery('path:'), { text: 'path:', scope: {}, folders: [] }, 'a key without a value is text');
  const h = harness({ value: 'retry lang:ts path:src/' });
  await settle();
  assert.deepEqual({ query: h.asked[0]!.query, scope: h.asked[0]!.scope }, { query: 'retry', scope: { languages: ['ts'], paths: ['src/'] } });
  assert.match(h.session.view.title, /· in ts · src\//);
  h.session.setValue('retry folder:web');
  h.clock.advance(TYPING_DELAY_MS);
  await settle();
  assert.equal(h.asked.length, 1, 'no search for a folder that does not exist');
  assert.deepEqual(labels(h.session.view), ['(No workspace folder named web)']);
  h.session.setValue('retry folder:APP');
  h.clock.advance(TYPING_DELAY_MS);
  await settle();
  assert.deepEqual(h.asked[1]!.folderIds, ['a']);
});

test('an empty query shows the state of the index, and why results are keyword-only when they are', async () => {
  const h = harness();
  assert.deepEqual(labels(h.session.view), ['(40 chunks indexed)']);
  h.folders[0]!.status = status({ state: 'idle' }, { chunks: 0 });
  assert.deepEqual(h.session.view.rows[0]?.kind === 'message' && h.session.view.rows[0].action, 'reindex');
});

test('hybrid results say why they are there; keyword-only answers do not repeat it on every row', async () => {
  const h = harness({ value: 'retry' });
  h.index[0] = result('retryUpload', { matchedBy: ['semantic', 'lexical'] });
  await settle();
  const row = h.session.view.rows[0];
  assert.match(row?.kind === 'result' ? row.presentation.description : '', /keywords and meaning/);
  h.session.toggleMode();
  await settle();
  const lexical = h.session.view.rows[0];
  assert.doesNotMatch(lexical?.kind === 'result' ? lexical.presentation.description : '', /keywords/);
});

test('a misspelt word searched as the indexed one is said in the title', async () => {
  const h = harness({ value: 'retyr' });
  await settle();
  assert.deepEqual(labels(h.session.view), ['retryUpload']);
  assert.match(h.session.view.title, /— searched for "retry" \(typed "retyr"\)/);
  h.session.setValue('retry');
  h.clock.advance(TYPING_DELAY_MS);
  await settle();
  assert.doesNotMatch(h.session.view.title, /searched for/);
});
