import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationSource } from '../../src/core/cancellation';
import { Chunker, CHUNKER_VERSION } from '../../src/core/chunk/chunker';
import { CodeloupeError, isCancelled } from '../../src/core/errors';
import { fixture, ROOMY } from './chunkHelpers';

const isCode = (code: string) => (err: unknown) => err instanceof CodeloupeError && err.code === code;

void test('the chunker version is a positive integer', () => {
  assert.ok(Number.isInteger(CHUNKER_VERSION) && CHUNKER_VERSION > 0);
});

void test('a grammar folder without grammars is refused with a hint', async () => {
  await assert.rejects(Chunker.create({ grammarDir: '/nonexistent/grammars' }), (err: unknown) => {
    assert.ok(isCode('E_INTERNAL')(err));
    assert.match((err as CodeloupeError).message, /\/nonexistent\/grammars/);
    assert.ok((err as CodeloupeError).hint);
    return true;
  });
});

void test('a cancelled token stops chunking with the cancellation error', async () => {
  const chunker = await Chunker.create();
  try {
    const source = new CancellationSource();
    source.cancel();
    await assert.rejects(chunker.chunk(fixture('cache.ts'), { ...ROOMY, token: source.token }), (err: unknown) => isCancelled(err));
  } finally {
    chunker.dispose();
  }
});

void test('a budget that is not a positive number is a bad argument', async () => {
  const chunker = await Chunker.create();
  try {
    for (const maxTokens of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(chunker.chunk(fixture('cache.ts'), { ...ROOMY, maxTokens }), isCode('E_BAD_ARGUMENT'), String(maxTokens));
    }
  } finally {
    chunker.dispose();
  }
});

void test('a disposed chunker refuses work; disposing twice is harmless', async () => {
  const chunker = await Chunker.create();
  chunker.dispose();
  chunker.dispose();
  await assert.rejects(chunker.chunk(fixture('cache.ts'), ROOMY), isCode('E_INTERNAL'));
});

void test('concurrent chunk calls on one chunker give the same units as sequential ones', async () => {
  const chunker = await Chunker.create();
  try {
    const names = ['cache.ts', 'inventory.py', 'server.go', 'shapes.rs', 'routes.js', 'NOTES.md'];
    const together = await Promise.all(names.map((n) => chunker.chunk(fixture(n), ROOMY)));
    for (const [i, n] of names.entries()) assert.deepEqual(together[i], await chunker.chunk(fixture(n), ROOMY), n);
  } finally {
    chunker.dispose();
  }
});

void test('two chunkers can live side by side and be disposed independently', async () => {
  const [a, b] = await Promise.all([Chunker.create(), Chunker.create()]);
  const expected = await a.chunk(fixture('shapes.rs'), ROOMY);
  a.dispose();
  try {
    assert.deepEqual(await b.chunk(fixture('shapes.rs'), ROOMY), expected);
  } finally {
    b.dispose();
  }
});

void test('a parse that runs past the time limit falls back to line blocks', async () => {
  const chunker = await Chunker.create({ parseTimeoutMs: 0 });
  try {
    const text = Array.from({ length: 5000 }, (_, i) => `export function f${i}(a: number): number { return a * ${i}; }`).join('\n');
    const outcome = await chunker.chunk({ path: 'src/many.ts', text }, ROOMY);
    assert.equal(outcome.status, 'parse-failed');
    assert.match(outcome.error ?? '', /longer than 0 ms/);
    assert.ok(outcome.units.every((u) => u.kind === 'file' || u.kind === 'block'));
  } finally {
    chunker.dispose();
  }
});
