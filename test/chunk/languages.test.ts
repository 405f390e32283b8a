import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Chunker } from '../../src/core/chunk/chunker';
import { fixture, ROOMY, sketch } from './chunkHelpers';

/*
 * One small real file per language: which units come out, with which names, containers and line ranges.
 * Ranges include leading doc comments, decorators and attributes; blocks cover top-level script code.
 */
const EXPECTED: Record<string, { language: string; units: string[] }> = {
  'cache.ts': {
    language: 'typescript',
    units: [
      'file src/cache.ts 1-45',
      'class Entry 5-9',
      'class LruCache 11-38',
      'method LruCache.constructor 18-20',
      'method LruCache.get 22-29',
      'method LruCache.set 31-37',
      'function cacheKey 40-41',
      'function createCache 43-45',
    ],
  },
  'Counter.tsx': {
    language: 'tsx',
    units: ['file src/Counter.tsx 1-14', 'class CounterProps 4-6', 'function Counter 8-12', 'function Label 14-14'],
  },
  'routes.js': {
    language: 'javascript',
    // Blocks are named after what they hold: the variable, the calls.
    units: ['file src/routes.js 1-20', 'block router 4-4', 'function showUser 6-13', 'block router.get (call) 15-15', 'block router.delete (call) 16-18'],
  },
  'inventory.py': {
    language: 'python',
    units: [
      'file src/inventory.py 1-36',
      'class Item 7-22',
      'method Item.restock 14-18',
      'method Item.empty 20-22',
      'function load_items 25-31',
      'block inventory.py (code) 34-36',
    ],
  },
  'server.go': {
    language: 'go',
    units: ['file src/server.go 1-31', 'class Server 8-12', 'class Checker 14-17', 'method Server.ServeHTTP 19-26', 'function New 28-31'],
  },
  'shapes.rs': {
    language: 'rust',
    units: [
      'file src/shapes.rs 1-30',
      'class Point 3-8',
      'class Shape 10-13',
      'class Point 15-20',
      'method Point.fmt 16-19',
      'class Point 22-26',
      'method Point.distance 23-25',
      'function origin 28-30',
    ],
  },
  'OrderService.java': {
    language: 'java',
    units: [
      'file src/OrderService.java 1-27',
      'class OrderService 6-27',
      'method OrderService.OrderService 12-14',
      'method OrderService.find 16-20',
      'method OrderService.recent 22-24',
      'class OrderService.Status 26-26',
    ],
  },
  'TemperatureSensor.cs': {
    language: 'csharp',
    units: [
      'file src/TemperatureSensor.cs 1-30',
      'class TemperatureSensor 6-24',
      'method TemperatureSensor.TemperatureSensor 11-14',
      'method TemperatureSensor.ReadAsync 16-21',
      // An expression-bodied property is code, like a getter.
      'method TemperatureSensor.Unit 23-23',
      'class ISensor 26-29',
    ],
  },
  'matrix.cpp': {
    language: 'cpp',
    units: ['file src/matrix.cpp 1-30', 'class Matrix 6-22', 'method Matrix.Matrix 9-9', 'method Matrix.at 11-14', 'method Matrix.multiply 24-28'],
  },
  'ring.c': {
    language: 'c',
    units: ['file src/ring.c 1-17', 'class ring_t 4-8', 'function ring_push 10-17'],
  },
  'account.rb': {
    language: 'ruby',
    units: [
      'file src/account.rb 1-28',
      'class Account 4-22',
      'method Account.initialize 8-11',
      'method Account.deposit 13-17',
      'method Account.open 19-21',
      'class Reports 24-28',
      'method Reports.summary 25-27',
    ],
  },
  'UserController.php': {
    language: 'php',
    units: [
      'file src/UserController.php 1-31',
      'class UserController 8-26',
      'method UserController.show 15-20',
      'method UserController.destroy 22-25',
      'function user_route 28-31',
    ],
  },
  'deploy.sh': {
    language: 'bash',
    units: ['file src/deploy.sh 1-18', 'block deploy.sh (code) 1-2', 'function build 5-10', 'function upload 12-14', 'block deploy.sh (code) 16-18'],
  },
};

let chunker: Chunker;
before(async () => {
  chunker = await Chunker.create();
});
after(() => chunker.dispose());

for (const [name, expected] of Object.entries(EXPECTED)) {
  void test(`${name}: units, names, containers and line ranges`, async () => {
    const outcome = await chunker.chunk(fixture(name), ROOMY);
    assert.equal(outcome.status, 'parsed');
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.language, expected.language);
    assert.deepEqual(outcome.units.map(sketch), expected.units);
    for (const u of outcome.units) {
      assert.equal(u.file, `src/${name}`);
      assert.equal(u.language, expected.language);
      // Only the file unit names the path: the same code elsewhere (or renamed) keeps its text and vector.
      assert.equal(u.text.includes(`src/${name}`), u.kind === 'file', `${sketch(u)}: path in text`);
    }
  });
}

void test('languageOf maps extensions and well-known file names, and nothing else', async () => {
  const cases: [string, string | undefined][] = [
    ['a/b.ts', 'typescript'],
    ['x.mts', 'typescript'],
    ['x.tsx', 'tsx'],
    ['x.jsx', 'javascript'],
    ['x.mjs', 'javascript'],
    ['x.cjs', 'javascript'],
    ['x.PY', 'python'],
    ['x.h', 'c'],
    ['x.hpp', 'cpp'],
    ['lib/tasks/Rakefile', 'ruby'],
    ['x.ps1', undefined],
    ['README.md', undefined],
    ['data.json', undefined],
    ['Makefile', undefined],
    ['.ts', undefined],
  ];
  for (const [path, language] of cases) assert.equal(chunker.languageOf(path), language, path);
});
