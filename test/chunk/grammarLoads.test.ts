import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultGrammarDir, GrammarCache, initTreeSitter } from '../../src/core/chunk/treeSitterRuntime';

// A long-lived process (the engine server, the soak) opens a chunker per index it opens. Each used to load its
// grammars into the one tree-sitter runtime again, which failed with "memory access out of bounds" after
// about 1,500 loads; found by the 100-seed soak at its 30th seed.
test('every chunker of a process shares each loaded grammar, however many are made', async () => {
  await initTreeSitter();
  const first = await new GrammarCache(defaultGrammarDir()).load('tree-sitter-typescript.wasm');
  for (let i = 0; i < 2000; i++) {
    assert.equal(await new GrammarCache(defaultGrammarDir()).load('tree-sitter-typescript.wasm'), first);
  }
});
