import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PendingTextQueue, type PendingText, type PendingTextSource } from '../../src/core/engine/pendingTexts';
import { PriorityFiles } from '../../src/core/engine/priorityHints';

/** A store stand-in: files with their pending texts, listed by recency in insertion order. */
class FakeSource implements PendingTextSource {
  readonly pages: string[] = [];
  constructor(readonly files: Map<string, string[]>) {}
  pendingTextsOfFile(file: string): PendingText[] {
    this.pages.push(file);
    return (this.files.get(file) ?? []).map((h) => ({ contentHash: h, text: `text of ${h}` }));
  }
  filesByRecency(): string[] {
    return [...this.files.keys()];
  }
}

const all = (queue: PendingTextQueue, texts = 2): string[][] => {
  const groups: string[][] = [];
  for (let g = queue.take({ texts, chars: 1e9 }); g.length > 0; g = queue.take({ texts, chars: 1e9 })) groups.push(g.map((p) => p.contentHash));
  return groups;
};

test('saved files come first, then open editors, then recent files, then the rest by recency; each text once', () => {
  const source = new FakeSource(
    new Map([
      ['new.ts', ['n1', 'n2']],
      ['old.ts', ['o1', 'shared']],
      ['open.ts', ['p1', 'shared']],
      ['recent.ts', ['r1']],
      ['saved.ts', ['s1', 's2', 's3']],
    ]),
  );
  const priority = new PriorityFiles();
  priority.setHints({ open: ['open.ts'], recent: ['recent.ts', 'open.ts'] });
  priority.boost(['saved.ts']);
  const groups = all(new PendingTextQueue(source, priority));
  assert.deepEqual(groups.flat(), ['s1', 's2', 's3', 'p1', 'shared', 'r1', 'n1', 'n2', 'o1']);
  assert.ok(groups.every((g) => g.length <= 2), 'groups respect the text limit');
});

test('a group stops at the character limit but always holds at least one text', () => {
  const source = new FakeSource(new Map([['a.ts', ['a1', 'a2', 'a3']]]));
  const queue = new PendingTextQueue(source, new PriorityFiles());
  const one = queue.take({ texts: 10, chars: 1 });
  assert.deepEqual(one.map((p) => p.contentHash), ['a1']);
  assert.deepEqual(queue.take({ texts: 10, chars: 2 * 'text of a2'.length }).map((p) => p.contentHash), ['a2', 'a3']);
});

test('texts added to files already passed are found in a second pass; a boosted file done stops being boosted', () => {
  const files = new Map([
    ['a.ts', ['a1']],
    ['b.ts', ['b1']],
  ]);
  const source = new FakeSource(files);
  const priority = new PriorityFiles();
  priority.boost(['b.ts']);
  const queue = new PendingTextQueue(source, priority);
  assert.deepEqual(queue.take({ texts: 1, chars: 1e9 }).map((p) => p.contentHash), ['b1']);
  assert.deepEqual(queue.take({ texts: 1, chars: 1e9 }).map((p) => p.contentHash), ['a1']);
  // Stored meanwhile: the store no longer lists them; a run adds a new text to a.ts.
  files.set('a.ts', ['a2']);
  files.set('b.ts', []);
  assert.deepEqual(queue.take({ texts: 5, chars: 1e9 }).map((p) => p.contentHash), ['a2']);
  assert.deepEqual(priority.ordered(), [], 'b.ts had nothing left, so its boost ended');
  assert.deepEqual(queue.take({ texts: 5, chars: 1e9 }), []);
});
