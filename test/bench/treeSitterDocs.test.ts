import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TreeSitterDocs, type DocLanguage } from '../../bench/docset/treeSitterDocs';

async function strip(language: DocLanguage, text: string) {
  const docs = await TreeSitterDocs.create(language);
  try {
    return docs.strip(text);
  } finally {
    docs.dispose();
  }
}

function linesOf(text: string, f: { startLine: number; endLine: number }): [string, string] {
  const lines = text.split('\n');
  return [lines[f.startLine - 1]!.trim(), lines[f.endLine - 1]!.trim()];
}

test('Python: docstrings of the module, classes and functions are removed; a body that was only a docstring gets pass', async () => {
  const source = [
    '"""Module doc."""',
    'import os',
    '',
    'class Box:',
    '    """A box."""',
    '',
    '    def open(self, key):',
    '        """\\',
    '        Opens the box with :func:`key` and ``force``.',
    '',
    '        More words.',
    '        """',
    '        return key',
    '',
    'def noop():',
    '    """Does nothing at all."""',
    '',
    'def short():',
    '    """Too short."""',
    '    return 1',
  ].join('\n');
  const { text, functions, removedComments } = await strip('python', source);
  assert.equal(removedComments, 5);
  assert.ok(!text.includes('"""'));
  assert.deepEqual(functions.map((f) => [f.name, f.firstSentence]), [
    ['open', 'Opens the box with key and force.'],
    ['noop', 'Does nothing at all.'],
  ]);
  assert.deepEqual(linesOf(text, functions[0]!), ['def open(self, key):', 'return key']);
  assert.deepEqual(linesOf(text, functions[1]!), ['def noop():', 'pass']);
});

test('Go: comments outside function bodies are removed; a doc that opens with the function name loses it', async () => {
  const source = [
    '// Package flags parses flags.',
    'package flags',
    '',
    '// Parse reads the flags from the command line.',
    '// It stops at the first non-flag.',
    'func Parse(args []string) error {',
    '\t// keep this one',
    '\treturn nil',
    '}',
    '',
    '// String returns the flag as text for the help output.',
    'func (f *Flag) String() string { return f.name }',
  ].join('\n');
  const { text, functions } = await strip('go', source);
  assert.ok(text.includes('// keep this one'));
  assert.ok(!text.includes('Package flags'));
  assert.deepEqual(functions.map((f) => [f.name, f.firstSentence]), [
    ['Parse', 'reads the flags from the command line.'],
    ['String', 'returns the flag as text for the help output.'],
  ]);
  assert.deepEqual(linesOf(text, functions[0]!), ['func Parse(args []string) error {', '}']);
});

test('Rust: outer and inner doc comments are removed (attributes stay); intra-doc links become their text', async () => {
  const source = [
    '//! The crate.',
    'impl Counter {',
    '    /// Returns the [`Counter`] value after one more step.',
    '    #[inline]',
    '    pub fn step(&mut self) -> u32 {',
    '        // a plain comment',
    '        self.n += 1; self.n',
    '    }',
    '}',
  ].join('\n');
  const { text, functions } = await strip('rust', source);
  assert.ok(!text.includes('//!') && !text.includes('///'));
  assert.ok(text.includes('#[inline]') && text.includes('// a plain comment'));
  assert.deepEqual(functions.map((f) => [f.name, f.firstSentence]), [['step', 'Returns the Counter value after one more step.']]);
  assert.deepEqual(linesOf(text, functions[0]!), ['pub fn step(&mut self) -> u32 {', '}']);
});
