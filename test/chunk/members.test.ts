import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Chunker } from '../../src/core/chunk/chunker';
import { ROOMY, sketch } from './chunkHelpers';

/*
 * Functions that are not declarations (object-literal members, class fields, assigned lambdas) and the
 * member forms of each grammar: which become units, under which container; and what names the blocks
 * that remain.
 */
let chunker: Chunker;
before(async () => {
  chunker = await Chunker.create();
});
after(() => chunker.dispose());

async function units(path: string, lines: string[]): Promise<string[]> {
  const outcome = await chunker.chunk({ path, text: lines.join('\n') + '\n' }, ROOMY);
  assert.equal(outcome.status, 'parsed');
  return outcome.units.filter((u) => u.kind !== 'file').map(sketch);
}

void test('TypeScript: object-literal methods, function values and nested objects are methods of their object; class fields holding arrows and exported arrow constants are units', async () => {
  assert.deepEqual(
    await units('src/format.ts', [
      'export const formatters = {',
      "  G(date: Date): string { return 'AD'; },",
      "  'quoted-key': function (x: number) { return x; },",
      '  nested: {',
      '    deep: (y: number) => y * 2,',
      '  },',
      '  count: 3,',
      '};',
      'export class Store {',
      '  handler = (e: Event): void => { console.log(e); };',
      "  private load = async () => { await fetch('x'); };",
      '}',
      'export const add = (a: number, b: number): number => a + b;',
    ]),
    [
      'method formatters.G 2-2',
      'method formatters.quoted-key 3-3',
      'method formatters.nested.deep 5-5',
      'class Store 9-12',
      'method Store.handler 10-10',
      'method Store.load 11-11',
      'function add 13-13',
    ],
  );
});

void test('JavaScript: module.exports objects and their functions; what is left of a data object is a block named after it', async () => {
  assert.deepEqual(
    await units('lib/locale.js', [
      'const formatDistanceLocale = {',
      '  lessThanXSeconds: { one: "less than a second", other: "less than {{count}} seconds" },',
      '  xMinutes: { one: "1 minute", other: "{{count}} minutes" },',
      '};',
      '',
      'module.exports = {',
      '  formatDistance(token, count) {',
      '    return formatDistanceLocale[token].other.replace("{{count}}", count);',
      '  },',
      '};',
    ]),
    ['block formatDistanceLocale (object) 1-4', 'method module.exports.formatDistance 7-9'],
  );
});

void test('Python: decorated definitions and assigned lambdas are units; nested functions stay part of the function that holds them; dict constants are named blocks', async () => {
  assert.deepEqual(
    await units('pkg/retry.py', [
      'import functools',
      '',
      'def retry(times):',
      '    def decorator(fn):',
      '        @functools.wraps(fn)',
      '        def wrapper(*args):',
      '            return fn(*args)',
      '        return wrapper',
      '    return decorator',
      '',
      '@retry(3)',
      'def upload(path):',
      '    return path',
      '',
      'square = lambda x: x * x',
      '',
      'SETTINGS = {',
      '    "timeout": 30,',
      '    "endpoint": "https://example.invalid/api",',
      '}',
    ]),
    ['function retry 3-9', 'function upload 11-13', 'function square 15-15', 'block SETTINGS (object) 17-20'],
  );
});

void test('Rust: trait methods with a default body and impl items are methods; constants and statics name their blocks', async () => {
  assert.deepEqual(
    await units('src/shapes.rs', [
      'pub trait Shape {',
      '    fn area(&self) -> f64;',
      '    fn describe(&self) -> String {',
      '        format!("area {}", self.area())',
      '    }',
      '}',
      'impl Shape for Circle {',
      '    fn area(&self) -> f64 { 3.14 * self.r * self.r }',
      '}',
      'static GREETING: &str = "hello there, this is a long static string";',
    ]),
    ['class Shape 1-6', 'method Shape.describe 3-5', 'class Circle 7-9', 'method Circle.area 8-8', 'block GREETING (string) 10-10'],
  );
});

void test('Go: methods on value and pointer receivers belong to their type; var and const groups name their blocks', async () => {
  assert.deepEqual(
    await units('shapes/circle.go', [
      'package shapes',
      '',
      'var registry = map[string]Shape{"circle": Circle{}, "square": Square{}}',
      '',
      'const (',
      '\tMaxRadius = 1000',
      '\tMinRadius = 1',
      ')',
      '',
      'func (c *Circle) Area() float64 { return 3.14 * c.r * c.r }',
      'func (c Circle) String() string { return "circle" }',
    ]),
    ['block registry (object) 3-3', 'block MaxRadius, MinRadius 5-8', 'method Circle.Area 10-10', 'method Circle.String 11-11'],
  );
});

void test('Ruby: singleton methods, `class << self` methods and instance methods belong to their class', async () => {
  assert.deepEqual(
    await units('lib/invoice.rb', [
      'module Billing',
      '  class Invoice',
      '    def self.build(attrs)',
      '      new(attrs)',
      '    end',
      '    class << self',
      '      def parse(text)',
      '        build(text)',
      '      end',
      '    end',
      '    def total',
      '      42',
      '    end',
      '  end',
      'end',
    ]),
    ['class Billing 1-15', 'class Billing.Invoice 2-14', 'method Invoice.build 3-5', 'method Invoice.parse 7-9', 'method Invoice.total 11-13'],
  );
});

void test('PHP: constructors and static methods are methods, interface signatures are not units, assigned closures are functions', async () => {
  assert.deepEqual(
    await units('src/Circle.php', [
      '<?php',
      'namespace App;',
      'interface Shape { public function area(): float; }',
      'class Circle implements Shape {',
      '    public function __construct(private float $r) {}',
      '    public static function unit(): self { return new self(1.0); }',
      '    public function area(): float { return M_PI * $this->r ** 2; }',
      '}',
      '$square = function (float $x): float { return $x * $x; };',
    ]),
    ['class Shape 3-3', 'class Circle 4-8', 'method Circle.__construct 5-5', 'method Circle.unit 6-6', 'method Circle.area 7-7', 'function $square 9-9'],
  );
});

void test('C#: properties with accessor or expression bodies are methods; auto-properties are not units', async () => {
  assert.deepEqual(
    await units('src/Account.cs', [
      'public class Account {',
      '    private decimal balance;',
      '    public decimal Balance {',
      '        get { return balance; }',
      '        set { balance = value; }',
      '    }',
      '    public string Name => "account";',
      '    public int Size { get; set; }',
      '    public void Deposit(decimal amount) { balance += amount; }',
      '}',
    ]),
    ['class Account 1-10', 'method Account.Balance 3-6', 'method Account.Name 7-7', 'method Account.Deposit 9-9'],
  );
});
