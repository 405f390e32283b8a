import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openByFolder, RecentFiles } from '../../src/extension/util/recentFiles';

test('recent files are kept per folder, most recent first, each once, up to a limit', () => {
  const recent = new RecentFiles(3);
  for (const p of ['a.ts', 'b.ts', 'a.ts', 'c.ts', 'd.ts']) recent.touch('F', p);
  recent.touch('G', 'x.ts');
  assert.deepEqual(recent.of('F'), ['d.ts', 'c.ts', 'a.ts']);
  assert.deepEqual(recent.of('G'), ['x.ts']);
  recent.forget('G');
  assert.deepEqual(recent.of('G'), []);
});

test('open editors group by folder in the order given (active first), each once', () => {
  const grouped = openByFolder([
    { folderId: 'F', path: 'active.ts' },
    { folderId: 'G', path: 'g.ts' },
    { folderId: 'F', path: 'tab.ts' },
    { folderId: 'F', path: 'active.ts' },
  ]);
  assert.deepEqual(Object.fromEntries(grouped), { F: ['active.ts', 'tab.ts'], G: ['g.ts'] });
});
