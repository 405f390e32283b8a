import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEMBER_SHARE, onePerPlace, type Scored } from '../../src/core/search/places';
import type { StoredChunk } from '../../src/core/store/storedTypes';

let nextId = 1;
function chunk(kind: StoredChunk['kind'], name: string, lines: [number, number], extra: Partial<StoredChunk> = {}): StoredChunk {
  return {
    id: nextId++, file: 'src/a.ts', startLine: lines[0], endLine: lines[1], name, kind, language: 'typescript', container: null,
    contentHash: name, text: name, codeOffset: 0, windowIndex: null, windowCount: null, unitStartLine: null, ...extra,
  };
}
const scored = (c: StoredChunk, score: number): Scored => ({ chunk: c, score });
const names = (list: Scored[]): string[] => list.map((s) => `${s.chunk.name} ${s.score}`);

test('a file unit and a function inside it are one place: the function, ranked by the better score', () => {
  const file = chunk('file', 'src/a.ts', [1, 100]);
  const fn = chunk('function', 'retry', [10, 20]);
  const other = chunk('function', 'other', [1, 5], { file: 'src/b.ts' });
  assert.deepEqual(names(onePerPlace([scored(file, 10), scored(other, 8), scored(fn, 7)])), ['retry 10', 'other 8']);
});

test('a container whose members explain too little of its score is the answer, and its members are not repeated', () => {
  const cls = chunk('class', 'Uploader', [1, 50]);
  const method = chunk('method', 'send', [10, 20]);
  const weak = 10 * MEMBER_SHARE - 1;
  assert.deepEqual(names(onePerPlace([scored(cls, 10), scored(method, weak)])), ['Uploader 10']);
});

test('nested places resolve from the inside out: file, class, method become the method', () => {
  const file = chunk('file', 'src/a.ts', [1, 100]);
  const cls = chunk('class', 'Uploader', [5, 60]);
  const method = chunk('method', 'send', [10, 20]);
  const sibling = chunk('method', 'close', [30, 40]);
  const result = onePerPlace([scored(file, 9), scored(cls, 8), scored(method, 6), scored(sibling, 2)]);
  assert.deepEqual(names(result), ['send 9', 'close 2']);
});

test('windows of one long unit are one result: the best window', () => {
  const w = (index: number, lines: [number, number]) => chunk('function', 'long', lines, { windowIndex: index, windowCount: 3, unitStartLine: 10 });
  const result = onePerPlace([scored(w(0, [10, 40]), 3), scored(w(1, [37, 70]), 5), scored(w(2, [67, 90]), 1)]);
  assert.equal(result.length, 1);
  assert.equal(result[0]!.chunk.windowIndex, 1);
  assert.equal(result[0]!.score, 5);
});

test('a file that is one function: same lines, the function is the answer', () => {
  const file = chunk('file', 'src/a.ts', [1, 12]);
  const fn = chunk('function', 'only', [1, 12]);
  assert.deepEqual(names(onePerPlace([scored(file, 4), scored(fn, 3)])), ['only 4']);
});

test('results never overlap, whatever the scores', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let round = 0; round < 200; round++) {
    const list: Scored[] = [scored(chunk('file', 'f', [1, 200]), random())];
    for (let i = 0; i < 8; i++) {
      const start = 1 + Math.floor(random() * 180);
      const kinds = ['class', 'function', 'method', 'block'] as const;
      list.push(scored(chunk(kinds[i % 4]!, `u${i}`, [start, start + Math.floor(random() * 40)]), random()));
    }
    const result = onePerPlace(list);
    for (const a of result) {
      for (const b of result) {
        if (a === b) continue;
        const nested = a.chunk.startLine <= b.chunk.startLine && b.chunk.endLine <= a.chunk.endLine;
        assert.ok(!nested, `round ${round}: ${a.chunk.name} ${a.chunk.startLine}-${a.chunk.endLine} holds ${b.chunk.name} ${b.chunk.startLine}-${b.chunk.endLine}`);
      }
    }
    assert.deepEqual(result.map((r) => r.score), [...result.map((r) => r.score)].sort((x, y) => y - x));
  }
});
