import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyReport } from '../../src/core/engine/indexReport';
import { indexStateLine, lexicalOnlyNote } from '../../src/extension/format/indexState';
import { reportLines } from '../../src/extension/format/reportLines';
import { firstMeaningfulLine, presentResult, snippetFromDeclaration } from '../../src/extension/format/resultPresentation';
import { statusSummary, type FolderSnapshot } from '../../src/extension/format/statusSummary';
import { progressMessage, resumeOfferMessage } from '../../src/extension/format/progressText';
import type { RunFinished } from '../../src/extension/engine/engineService';
import type { FolderActivity, FolderResult, FolderStatus } from '../../src/shared/protocol';

const result: FolderResult = {
  folderId: 'f',
  file: 'src/upload/retry.ts',
  startLine: 12,
  endLine: 30,
  name: 'retryWithBackoff',
  kind: 'function',
  language: 'typescript',
  score: 0.87654,
  snippet: '\n  {\nexport async function retryWithBackoff<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {\n  for (;;) {',
  matchedBy: ['semantic', 'lexical'],
};

test('a result reads as kind icon, name, path:line (folder, score) and its first meaningful snippet line', () => {
  assert.deepEqual(presentResult(result), {
    icon: 'symbol-function',
    label: 'retryWithBackoff',
    description: 'src/upload/retry.ts:12',
    detail: 'export async function retryWithBackoff<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {',
  });
  assert.equal(presentResult(result, { folderName: 'api', showScore: true }).description, 'src/upload/retry.ts:12  ·  api  ·  0.88');
  const file = presentResult({ ...result, kind: 'file', name: '' });
  assert.equal(file.label, 'retry.ts');
  assert.equal(file.icon, 'file-code');
  assert.equal(presentResult({ ...result, kind: 'class' }).icon, 'symbol-class');
});

test('the detail and the hover snippet start at the declaration, not at the doc comment above it', () => {
  const snippet = '/**\n * Uploads a file, retrying.\n */\nexport async function retryFailedUpload(client: UploadClient) {\n  let lastError: unknown;\n  for (;;) {';
  assert.equal(presentResult({ ...result, snippet, name: 'retryFailedUpload' }).detail, 'export async function retryFailedUpload(client: UploadClient) {');
  assert.equal(snippetFromDeclaration(snippet, 'retryFailedUpload', 2), 'export async function retryFailedUpload(client: UploadClient) {\n  let lastError: unknown;');
  assert.equal(presentResult({ ...result, snippet: '/**\n * Just a comment', name: 'x' }).detail, 'Just a comment', 'without the name, the first line that says something');
});

test('long snippet lines are cut with an ellipsis', () => {
  const line = firstMeaningfulLine(`const x = "${'a'.repeat(300)}";`);
  assert.equal(line.length, 120);
  assert.ok(line.endsWith('…'));
});

function status(activity: FolderActivity, extra: Partial<FolderStatus> = {}): FolderStatus {
  return { folderId: 'f', root: '/r', indexDir: '/i', files: 10, chunks: 1234, texts: 1200, embedded: 1200, model: { id: 'm', dimension: 768 }, device: 'cpu', activity, ...extra };
}
const folder = (s: FolderStatus, name = 'repo'): FolderSnapshot => ({ name, status: s });

test('the status bar says what a whole-folder run does, ready with chunks and device, paused, or error', () => {
  const reading = statusSummary('running', [folder(status({ state: 'indexing', runId: 1, full: true, progress: { phase: 'chunk', done: 120, total: 4500 } }))]);
  assert.equal(reading.text, '$(sync~spin) codeloupe: reading 120/4,500');
  const ready = statusSummary('running', [folder(status({ state: 'idle' }))]);
  assert.equal(ready.text, '$(search) codeloupe: 1,234 chunks · CPU');
  assert.equal(ready.severity, 'normal');
  assert.match(ready.tooltip, /\*\*repo\*\*: ready · 10 files · 1,234 chunks · 1,200\/1,200 texts embedded \(100%\) · model m · CPU/);
  const failed = statusSummary('running', [folder(status({ state: 'failed', error: { code: 'E_INDEX_CORRUPT', message: 'broken' } }))]);
  assert.equal(failed.severity, 'error');
  assert.equal(statusSummary('stopped', []).severity, 'error');
  const lexical = statusSummary('running', [folder(status({ state: 'idle' }, { model: { unavailable: 'no model' }, embedded: 0 }))]);
  assert.equal(lexical.text, '$(warning) codeloupe: 1,234 chunks · lexical only');
});

test('issue 14: while vectors are computed the status bar shows semantic coverage from true counts, with an ETA', () => {
  // A run resumed after a pause restarts its own count at 0 of what is left; the coverage does not.
  const embedding = status({ state: 'indexing', runId: 2, full: true, progress: { phase: 'embed', done: 0, total: 792 } }, { embedded: 408, embedRate: 2 });
  const summary = statusSummary('running', [folder(embedding)]);
  assert.equal(summary.text, '$(sync~spin) codeloupe: semantic 34% · about 7 min left');
  assert.match(summary.tooltip, /\*\*repo\*\*: semantic 34% · about 7 min left · 10 files · 1,234 chunks · 408\/1,200 texts embedded \(34%\) · 792 left · about 7 min at 2\.0 texts\/s · model m · CPU/);
  const noRate = statusSummary('running', [folder({ ...embedding, embedRate: undefined })]);
  assert.equal(noRate.text, '$(sync~spin) codeloupe: semantic 34%', 'no ETA before a rate is measured');
  const rebuilding = statusSummary('running', [folder(status({ state: 'indexing', runId: 3, full: true, progress: { phase: 'embed', done: 10, total: 50 } }, { device: undefined }))]);
  assert.match(rebuilding.tooltip, /device chosen when embedding starts/, 'never "on no device yet"');
  assert.equal(statusSummary('running', [folder(status({ state: 'indexing', runId: 4, full: true, progress: { phase: 'save', done: 0, total: 1 } }))]).text, '$(sync~spin) codeloupe: saving');
});

test('issue 14: after a cancel the index does not look complete: semantic coverage, and Resume in the tooltip', () => {
  const cancelled = statusSummary('running', [folder(status({ state: 'idle' }, { embedded: 336 }))]);
  assert.equal(cancelled.text, '$(search) codeloupe: 1,234 chunks · semantic 28% · CPU');
  assert.match(cancelled.tooltip, /stopped before the end · .* 336\/1,200 texts embedded \(28%\) · 864 left/);
  assert.match(cancelled.tooltip, /Resume Indexing/);
  assert.equal(statusSummary('running', [folder(status({ state: 'paused', pending: true }, { embedded: 336 }))]).text, '$(debug-pause) codeloupe: paused · semantic 28%');
  assert.equal(statusSummary('running', [folder(status({ state: 'paused', pending: true }))]).text, '$(debug-pause) codeloupe: paused');
});

test('issue 14: a save\'s run (a few paths) leaves the status bar as it was: nothing flashes; a big run of changed paths shows', () => {
  const saving = status({ state: 'indexing', runId: 5, full: false, progress: { phase: 'save', done: 0, total: 1 } });
  assert.equal(statusSummary('running', [folder(saving)]).text, '$(search) codeloupe: 1,234 chunks · CPU');
  assert.match(statusSummary('running', [folder(saving)]).tooltip, /updating changed files/);
  const branchSwitch = status({ state: 'indexing', runId: 6, full: false, progress: { phase: 'chunk', done: 64, total: 600 } });
  assert.equal(statusSummary('running', [folder(branchSwitch)]).text, '$(sync~spin) codeloupe: reading 64/600');
});

test('the progress notification fills with semantic coverage and says what is left', () => {
  const embedding = status({ state: 'indexing', runId: 2, full: true, progress: { phase: 'embed', done: 0, total: 792 } }, { embedded: 408, embedRate: 2 });
  assert.deepEqual(progressMessage(embedding), { message: 'semantic 34% (408/1,200 texts) · about 7 min left', percent: 34 });
  assert.deepEqual(progressMessage(status({ state: 'indexing', runId: 2, full: true, progress: { phase: 'chunk', done: 3, total: 9 } })), { message: 'reading 3/9', percent: 0 });
  assert.equal(progressMessage(status({ state: 'idle' })), undefined);
});

test('a cancelled run offers to resume, with what semantic search covers and what is left', () => {
  const finished = (stoppedByUser: boolean, embedded: number) =>
    ({ folder: { name: 'repo' }, stoppedByUser, folderId: 'f', runId: 1, full: true, report: emptyReport(), status: status({ state: 'idle' }, { embedded }) }) as unknown as RunFinished;
  assert.match(resumeOfferMessage(finished(true, 336)) ?? '', /indexing repo was cancelled\. Semantic search covers 28% of it \(864 texts left\)/);
  assert.equal(resumeOfferMessage(finished(false, 336)), undefined, 'a pause or a restart is not the user\'s cancel');
  assert.equal(resumeOfferMessage(finished(true, 1200)), undefined, 'nothing left to resume');
});

test('the picker\'s state line: empty index offers to index, building says lexical results show meanwhile', () => {
  assert.equal(indexStateLine('running', [folder(status({ state: 'idle' }, { chunks: 0 }))]).action, 'reindex');
  const building = indexStateLine('running', [folder(status({ state: 'indexing', runId: 2, full: true, progress: { phase: 'chunk', done: 5, total: 50 } }))]);
  assert.equal(building.building, true);
  assert.equal(building.label, 'Indexing: reading 5/50');
  assert.match(building.detail ?? '', /keyword matches show while vectors are computed/);
  assert.equal(indexStateLine('running', [folder(status({ state: 'idle' })), folder(status({ state: 'idle' }), 'web')]).label, '2,468 chunks indexed in 2 folders');
});

test('a finished run logs a summary and every skipped file with its reason, but not the device again (said once when the embedder starts)', () => {
  const report = emptyReport();
  report.files.scanned = 3;
  report.vectors.embedded = 2;
  report.files.skipped = { 'too-large': 1, binary: 1 };
  report.files.skippedFiles = [{ path: 'big.json', reason: 'too-large', detail: '2.0 MB' }, { path: 'logo.png', reason: 'binary' }];
  report.semantic = { available: true, device: 'cpu', fallbacks: [{ device: 'cuda', reason: 'libcudart.so.12 not found' }] };
  const lines = reportLines(report, 'repo');
  assert.match(lines[0]!.message, /^Indexed repo in 0\.0 s: 3 files scanned, .*skipped 1 too-large, 1 binary/);
  assert.deepEqual(lines.slice(1, 3).map((l) => l.message), ['Skipped big.json: too-large (2.0 MB).', 'Skipped logo.png: binary.']);
  assert.ok(!lines.some((l) => /device/i.test(l.message)), 'no device line after every run');
});

test('the picker says briefly why results are keyword-only: no model, vectors being computed, or none yet', () => {
  assert.match(lexicalOnlyNote([folder(status({ state: 'idle' }, { model: { unavailable: 'Model folder /x does not exist.' } }))]), /no embedding model/);
  assert.equal(lexicalOnlyNote([folder(status({ state: 'indexing', runId: 1, full: true }))]), 'keyword matches while vectors are computed');
  assert.equal(lexicalOnlyNote([folder(status({ state: 'idle' }))]), 'keyword matches only (no vectors yet)');
});
