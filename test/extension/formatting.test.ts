import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyReport } from '../../src/core/engine/indexReport';
import { indexStateLine, lexicalOnlyNote } from '../../src/extension/format/indexState';
import { reportLines } from '../../src/extension/format/reportLines';
import { firstMeaningfulLine, presentResult, snippetFromDeclaration } from '../../src/extension/format/resultPresentation';
import { statusSummary, type FolderSnapshot } from '../../src/extension/format/statusSummary';
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

test('the status bar says building N/M, ready with chunks and device, paused, or error', () => {
  const building = statusSummary('running', [folder(status({ state: 'indexing', runId: 1, full: true, progress: { phase: 'embed', done: 120, total: 4500 } }))]);
  assert.equal(building.text, '$(sync~spin) codeloupe: embedding 120/4,500');
  const ready = statusSummary('running', [folder(status({ state: 'idle' }))]);
  assert.equal(ready.text, '$(search) codeloupe: 1,234 chunks · CPU');
  assert.equal(ready.severity, 'normal');
  assert.match(ready.tooltip, /\*\*repo\*\*: ready · 10 files · 1,234 chunks · 1,200\/1,200 vectors · model m · CPU/);
  assert.equal(statusSummary('running', [folder(status({ state: 'paused', pending: true }))]).text, '$(debug-pause) codeloupe: paused');
  const failed = statusSummary('running', [folder(status({ state: 'failed', error: { code: 'E_INDEX_CORRUPT', message: 'broken' } }))]);
  assert.equal(failed.severity, 'error');
  assert.equal(statusSummary('stopped', []).severity, 'error');
  const lexical = statusSummary('running', [folder(status({ state: 'idle' }, { model: { unavailable: 'no model' }, embedded: 0 }))]);
  assert.equal(lexical.text, '$(warning) codeloupe: 1,234 chunks · lexical only');
});

test('the picker\'s state line: empty index offers to index, building says lexical results show meanwhile', () => {
  assert.equal(indexStateLine('running', [folder(status({ state: 'idle' }, { chunks: 0 }))]).action, 'reindex');
  const building = indexStateLine('running', [folder(status({ state: 'indexing', runId: 2, full: true, progress: { phase: 'embed', done: 5, total: 50 } }))]);
  assert.equal(building.building, true);
  assert.equal(building.label, 'Indexing: embedding 5/50');
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
