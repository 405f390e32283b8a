import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rebaseIgnoreFile, rebasePattern } from '../../src/core/scan/rebasePattern';

void test('patterns of the folder itself are kept as written', () => {
  assert.equal(rebasePattern('*.log', ''), '*.log');
  assert.equal(rebasePattern('!/keep/', ''), '!/keep/');
});

void test('an unanchored pattern matches at any depth below its directory', () => {
  assert.equal(rebasePattern('*.log', 'a/b'), '/a/b/**/*.log');
  assert.equal(rebasePattern('tmp/', 'a'), '/a/**/tmp/');
  assert.equal(rebasePattern('!keep.log', 'a'), '!/a/**/keep.log');
});

void test('an anchored pattern stays anchored to its directory', () => {
  assert.equal(rebasePattern('/gen', 'a'), '/a/gen');
  assert.equal(rebasePattern('docs/*.md', 'a'), '/a/docs/*.md');
  assert.equal(rebasePattern('**/x', 'a'), '/a/**/x');
  assert.equal(rebasePattern('!/gen/', 'a'), '!/a/gen/');
});

void test('glob characters in the directory name are escaped', () => {
  assert.equal(rebasePattern('x', 'we*ird[1]'), '/we\\*ird\\[1\\]/**/x');
});

void test('comments, blank lines, CRLF and unescaped trailing spaces', () => {
  assert.equal(rebasePattern('# note', 'a'), undefined);
  assert.equal(rebasePattern('   ', 'a'), undefined);
  assert.equal(rebasePattern('', ''), undefined);
  assert.equal(rebasePattern('x.tmp\r', 'a'), '/a/**/x.tmp');
  assert.equal(rebasePattern('x.tmp  ', 'a'), '/a/**/x.tmp');
  assert.equal(rebasePattern('x\\ ', 'a'), '/a/**/x\\ ');
  assert.deepEqual(rebaseIgnoreFile('# c\n*.o\n\n/bin\n', 'src'), ['/src/**/*.o', '/src/bin']);
});
