import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Chunker, type ChunkOutcome } from '../../src/core/chunk/chunker';
import { sha256 } from '../../src/core/hash';
import { fixture, ROOMY, unitNamed } from './chunkHelpers';

let chunker: Chunker;
before(async () => {
  chunker = await Chunker.create();
});
after(() => chunker.dispose());

const chunkFixture = (name: string): Promise<ChunkOutcome> => chunker.chunk(fixture(name), ROOMY);

void test('a method carries its class header as context, then its own code', async () => {
  const { units } = await chunkFixture('cache.ts');
  const get = unitNamed(units, 'method', 'get');
  assert.equal(get.container, 'LruCache');
  assert.equal(
    get.text,
    [
      'export class LruCache<K, V> extends EventEmitter {',
      '  /** Returns the live value for `key`, if any. */',
      '  get(key: K): V | undefined {',
      '    const entry = this.entries.get(key);',
      '    if (entry === undefined || entry.expiresAt <= this.clock.now()) return undefined;',
      '    this.entries.delete(key);',
      '    this.entries.set(key, entry);',
      '    return entry.value;',
      '  }',
    ].join('\n'),
  );
  assert.deepEqual(get.fields, {
    name: 'get',
    // The container's name first, so that "get from the LRU cache" matches the method, not only its class.
    signature: 'LruCache\nget(key: K): V | undefined',
    doc: 'Returns the live value for `key`, if any.',
    body: get.text.split('\n').slice(1).join('\n'),
  });
});

void test('impl, receiver and out-of-class methods get the header of their type', async () => {
  const rust = (await chunkFixture('shapes.rs')).units;
  assert.match(unitNamed(rust, 'method', 'fmt').text, /^impl fmt::Display for Point \{\n {4}\/\/\/ Formats/);
  assert.match(unitNamed(rust, 'method', 'distance').text, /^impl Point \{\n {4}pub fn distance/);
  const go = (await chunkFixture('server.go')).units;
  assert.match(unitNamed(go, 'method', 'ServeHTTP').text, /^type Server struct \{\n\/\/ ServeHTTP writes/);
  const cpp = (await chunkFixture('matrix.cpp')).units;
  assert.match(unitNamed(cpp, 'method', 'multiply').text, /^class Matrix \{\n\/\/ Naive/);
  const py = (await chunkFixture('inventory.py')).units;
  assert.match(unitNamed(py, 'method', 'restock').text, /^@dataclass\nclass Item:\n {4}def restock/);
});

void test('a class unit shows its signature and one line per member, not the bodies', async () => {
  const lru = unitNamed((await chunkFixture('cache.ts')).units, 'class', 'LruCache');
  assert.equal(
    lru.text,
    [
      '/**',
      ' * A small LRU cache whose entries expire.',
      ' * Evicts the least recently used entry when full.',
      ' */',
      'export class LruCache<K, V> extends EventEmitter {',
      '  private readonly entries = new Map<K, Entry<V>>();',
      '  constructor(private readonly capacity: number, private readonly clock: Clock) {',
      '  get(key: K): V | undefined {',
      '  set(key: K, value: V, ttlMs: number): void {',
      '}',
    ].join('\n'),
  );
  assert.equal(lru.fields.signature, 'export class LruCache<K, V> extends EventEmitter');
  assert.equal(lru.startLine, 11);
  assert.equal(lru.endLine, 38);

  const item = unitNamed((await chunkFixture('inventory.py')).units, 'class', 'Item');
  assert.match(item.text, /def restock\(self, amount: int\) -> None:/);
  assert.match(item.text, /def empty\(self\) -> bool:/);
  assert.doesNotMatch(item.text, /raise ValueError|self\.quantity \+= amount/);

  const order = unitNamed((await chunkFixture('OrderService.java')).units, 'class', 'OrderService');
  assert.match(order.text, / {4}public Optional<Order> find\(long id\) \{/);
  assert.match(order.text, /enum Status \{ NEW, PAID, SHIPPED \}/);
  assert.doesNotMatch(order.text, /repository\.findById|@Transactional/);
});

void test('doc comments and docstrings land in the doc field, without their markers', async () => {
  const cases: [string, 'function' | 'method' | 'class', string, string][] = [
    ['cache.ts', 'class', 'LruCache', 'A small LRU cache whose entries expire.\nEvicts the least recently used entry when full.'],
    ['Counter.tsx', 'function', 'Counter', 'A button that counts its clicks.'],
    ['routes.js', 'function', 'showUser', 'Sends the user with the given id.'],
    ['inventory.py', 'class', 'Item', 'One stock-keeping unit.'],
    ['inventory.py', 'method', 'restock', 'Adds `amount` units.'],
    ['inventory.py', 'function', 'load_items', 'Loads items from a JSON file.'],
    ['shapes.rs', 'class', 'Point', 'A point on the plane.'],
    ['shapes.rs', 'method', 'fmt', 'Formats the point as `(x, y)`.'],
    ['server.go', 'method', 'ServeHTTP', 'ServeHTTP writes the health status.'],
    ['OrderService.java', 'method', 'find', 'Finds an order by its id.'],
    ['TemperatureSensor.cs', 'method', 'ReadAsync', '<summary>Reads the temperature in Celsius.</summary>'],
    ['matrix.cpp', 'class', 'Matrix', 'A dense row-major matrix.'],
    ['ring.c', 'function', 'ring_push', 'Pushes one byte; returns 0 when the ring is full.'],
    ['account.rb', 'method', 'deposit', 'Adds money to the account.'],
    ['UserController.php', 'method', 'show', "Shows a user's profile."],
    ['deploy.sh', 'function', 'build', 'Builds the release archive.'],
  ];
  for (const [file, kind, name, doc] of cases) {
    assert.equal(unitNamed((await chunkFixture(file)).units, kind, name).fields.doc, doc, `${file} ${name}`);
  }
  assert.equal(unitNamed((await chunkFixture('shapes.rs')).units, 'function', 'origin').fields.doc, '');
});

void test('decorators and attributes belong to their definition', async () => {
  const py = (await chunkFixture('inventory.py')).units;
  assert.equal(unitNamed(py, 'method', 'empty').fields.signature, 'Item\n@property\n    def empty(self) -> bool:');
  assert.equal(unitNamed(py, 'class', 'Item').fields.signature, '@dataclass\nclass Item:');
  const point = unitNamed((await chunkFixture('shapes.rs')).units, 'class', 'Point');
  assert.match(point.text, /#\[derive\(Debug, Clone, Copy\)\]\npub struct Point \{/);
});

void test('the file unit lists the doc, imports and top-level declarations', async () => {
  const ts = unitNamed((await chunkFixture('cache.ts')).units, 'file', 'src/cache.ts');
  assert.equal(
    ts.text,
    [
      'file: src/cache.ts',
      "import { EventEmitter } from 'node:events';",
      "import type { Clock } from './clock';",
      'export interface Entry<V>',
      'export class LruCache<K, V> extends EventEmitter',
      'export const cacheKey = (...parts: string[]): string =>',
      'export function createCache<V>(clock: Clock): LruCache<string, V>',
    ].join('\n'),
  );
  assert.equal(ts.startLine, 1);
  assert.equal(ts.endLine, 45);

  const py = unitNamed((await chunkFixture('inventory.py')).units, 'file', 'src/inventory.py');
  assert.equal(py.fields.doc, 'Inventory tracking for the warehouse.');
  assert.match(py.text, /^file: src\/inventory\.py\nInventory tracking for the warehouse\.\nimport json\nfrom dataclasses import dataclass\n/);
  assert.match(py.text, /\n@dataclass class Item:\n/);
  assert.match(py.text, /\ndef load_items\(path: str\) -> Dict\[str, Item\]:$/);

  const go = unitNamed((await chunkFixture('server.go')).units, 'file', 'src/server.go');
  assert.match(go.text, /^file: src\/server\.go\npackage server\nimport \( "fmt" "net\/http" \)\ntype Server struct\n/);
  assert.match(go.text, /\nfunc \(s \*Server\) ServeHTTP\(w http\.ResponseWriter, r \*http\.Request\)\nfunc New\(addr string\) \*Server$/);

  const rb = unitNamed((await chunkFixture('account.rb')).units, 'file', 'src/account.rb');
  assert.match(rb.text, /\nrequire 'bigdecimal'\nrequire_relative 'ledger'\nclass Account < Base\nmodule Reports$/);
});

void test('the file unit is cut to the budget', async () => {
  const lines = Array.from({ length: 400 }, (_, i) => `export function handler${i}(request: Request): Response { return respond(${i}); }`);
  const { units } = await chunker.chunk({ path: 'src/handlers.ts', text: lines.join('\n') }, { maxTokens: 200, countTokens: (t) => Math.ceil(t.length / 4) });
  const file = unitNamed(units, 'file', 'src/handlers.ts');
  assert.ok(Math.ceil(file.text.length / 4) <= 200);
  assert.match(file.text, /^file: src\/handlers\.ts\nexport function handler0\(request: Request\): Response\n/);
  assert.equal(units.filter((u) => u.kind === 'function').length, 400);
});

void test('nested functions stay inside their parent; only containers make methods', async () => {
  const py = (await chunkFixture('inventory.py')).units;
  assert.equal(py.find((u) => u.name === 'parse'), undefined);
  assert.match(unitNamed(py, 'function', 'load_items').text, /def parse\(raw\):/);
});

void test('script code between units becomes blocks; imports and namespace lines do not', async () => {
  const py = (await chunkFixture('inventory.py')).units;
  const block = unitNamed(py, 'block', 'inventory.py (code)');
  assert.equal(
    block.text,
    'if __name__ == "__main__":\n    items = load_items("inventory.json")\n    print(f"{len(items)} items loaded from inventory.json")',
  );
  assert.deepEqual(block.fields, { name: 'inventory.py (code)', signature: '', doc: '', body: block.text });
  for (const name of ['TemperatureSensor.cs', 'UserController.php', 'cache.ts', 'server.go']) {
    assert.deepEqual((await chunkFixture(name)).units.filter((u) => u.kind === 'block'), [], name);
  }
});

void test('every unit hashes its text', async () => {
  for (const name of ['cache.ts', 'inventory.py', 'shapes.rs']) {
    for (const u of (await chunkFixture(name)).units) assert.equal(u.contentHash, sha256(u.text));
  }
});

void test('the same code in another file has the same text and hash; only the file unit differs', async () => {
  const original = await chunker.chunk(fixture('shapes.rs'), ROOMY);
  const moved = await chunker.chunk({ ...fixture('shapes.rs'), path: 'crates/geometry/src/lib.rs' }, ROOMY);
  const hashes = (units: readonly { kind: string; contentHash: string }[]) => units.filter((u) => u.kind !== 'file').map((u) => u.contentHash);
  assert.deepEqual(hashes(moved.units), hashes(original.units));
  assert.notEqual(moved.units[0]!.contentHash, original.units[0]!.contentHash);
});
