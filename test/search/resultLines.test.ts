import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CodeIndex } from '../../src/core/engine/codeIndex';
import { bestLine } from '../../src/core/search/resultFormat';
import { scopeMatcher } from '../../src/core/search/searchScope';
import { tempDir } from '../helpers/tempDir';

test('a part of a long unit says where its unit starts, and every result its best-matching line', async (t) => {
  const root = tempDir(t);
  const body = Array.from({ length: 120 }, (_, i) => `  const step${i} = attempts * ${i}; // backoff step ${i}`);
  writeFileSync(join(root, 'retry.ts'), ['/** Retries. */', 'export function retryFailedUpload(attempts: number): number {', ...body, '  return attempts;', '}', ''].join('\n'));
  const index = await CodeIndex.open({ root, indexDir: join(root, '.index'), modelUnavailable: { reason: 'lexical test' }, maxChunkTokens: 256 });
  t.after(() => index.close());
  await index.update();
  const [hit] = (await index.search('backoff step 117', { k: 1, mode: 'lexical' })).results;
  assert.equal(hit?.name, 'retryFailedUpload');
  assert.ok(hit.window && hit.window.index > 0, JSON.stringify(hit.window));
  assert.equal(hit.window.unitStartLine, 1, 'the unit starts at its doc comment, line 1');
  assert.deepEqual(hit.bestLine, { line: 120, text: 'const step117 = attempts * 117; // backoff step 117' });
});

test('the best line holds the most query words, the first of equals; none when no line holds any', () => {
  const chunk = { text: 'HEADER\nfunction a() {\n  retry();\n  retryUpload(failed);\n}', codeOffset: 7, startLine: 10 };
  assert.deepEqual(bestLine(chunk, ['retry', 'upload', 'failed']), { line: 12, text: 'retryUpload(failed);' });
  assert.deepEqual(bestLine(chunk, ['retry']), { line: 11, text: 'retry();' });
  assert.equal(bestLine(chunk, ['nothing']), undefined);
  const documented = { text: '// ApplyLateFee adds a fee.\nfunc ApplyLateFee(inv *Invoice) {', codeOffset: 0, startLine: 19 };
  assert.deepEqual(bestLine(documented, ['applylatefee']), { line: 20, text: 'func ApplyLateFee(inv *Invoice) {' }, 'code over the doc comment naming it');
});

test('a scope keeps results by language (ids, short names, extensions) and by path (folders or globs)', () => {
  const r = (file: string, language: string) => ({ file, language });
  const py = scopeMatcher({ languages: ['py'] });
  assert.equal(py(r('src/a.py', 'python')), true);
  assert.equal(py(r('src/a.ts', 'typescript')), false);
  const ts = scopeMatcher({ languages: ['ts'] });
  assert.equal(ts(r('ui/App.tsx', 'tsx')), true, 'ts covers tsx');
  assert.equal(scopeMatcher({ languages: ['md'] })(r('README.md', 'text')), true, 'an unknown language matches by extension');
  const src = scopeMatcher({ paths: ['src/'] });
  assert.equal(src(r('src/upload/retry.ts', 'typescript')), true);
  assert.equal(src(r('srcx/a.ts', 'typescript')), false, 'a folder, not a prefix of a name');
  const tests = scopeMatcher({ paths: ['*.test.ts'] });
  assert.equal(tests(r('test/a/b.test.ts', 'typescript')), true, 'a glob without a slash matches the file name anywhere');
  assert.equal(tests(r('test/a/b.ts', 'typescript')), false);
  const both = scopeMatcher({ languages: ['go'], paths: ['services/**'] });
  assert.equal(both(r('services/billing/invoice.go', 'go')), true);
  assert.equal(both(r('cmd/main.go', 'go')), false, 'language and path must both hold');
});
