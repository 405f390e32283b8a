import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstSentence, plainDocText, stripDocComments } from '../../bench/docset/docComments';

const SOURCE = `import { x } from './x';

/**
 * Emits only the first value emitted by the source Observable. Then completes.
 *
 * @param predicate A test.
 */
export function first(predicate?: (v: number) => boolean): number {
  return 1;
}

export function undocumented(): void {}

export class Box {
  /** Opens the box, e.g. with a key. Slowly. */
  open(): void {
    const s = '/** not a comment */';
  }

  /** @deprecated */
  close(): void {}
}

/** Retries a failed upload with backoff. */
export const retryUpload = async (): Promise<void> => {
  await Promise.resolve();
};
`;

test('documented functions, methods and arrow constants are found with the first sentence of their doc', () => {
  const { functions } = stripDocComments('src/first.ts', SOURCE);
  assert.deepEqual(
    functions.map((f) => [f.name, f.firstSentence]),
    [
      ['first', 'Emits only the first value emitted by the source Observable.'],
      ['open', 'Opens the box, e.g. with a key.'],
      ['retryUpload', 'Retries a failed upload with backoff.'],
    ],
  );
});

test('doc comments are removed (whole lines when alone), strings are untouched, and lines refer to the stripped text', () => {
  const { text, functions, removedComments } = stripDocComments('src/first.ts', SOURCE);
  assert.equal(removedComments, 4);
  assert.ok(!/\/\*\*\s/.test(text.replace("'/** not a comment */'", '')));
  assert.ok(text.includes("'/** not a comment */'"));
  const lines = text.split('\n');
  for (const f of functions) {
    const first = lines[f.startLine - 1]!;
    assert.ok(first.includes(f.name), `line ${f.startLine} should declare ${f.name}: ${first}`);
  }
  const first = functions.find((f) => f.name === 'first')!;
  assert.deepEqual([lines[first.startLine - 1], lines[first.endLine - 1]], ['export function first(predicate?: (v: number) => boolean): number {', '}']);
  const retry = functions.find((f) => f.name === 'retryUpload')!;
  assert.equal(lines[retry.endLine - 1], '};');
});

test('doc text loses links, HTML, images and markdown; the first sentence skips abbreviations', () => {
  assert.equal(plainDocText('Like {@link filter} but `fast` <span class="x">here</span> ![](a.png) [docs](http://x)'), 'Like filter but fast here docs');
  assert.equal(plainDocText('See {@link Observable#pipe|pipe} now'), 'See pipe now');
  assert.equal(firstSentence('Splits e.g. strings. Second one.'), 'Splits e.g. strings.');
  assert.equal(firstSentence('No full stop here\nstill the same sentence\n\nNext paragraph.'), 'No full stop here still the same sentence');
});

test('a doc kept in a @description or @summary tag (date-fns) is read, and object-literal functions are found', () => {
  const { functions } = stripDocComments(
    'addDays.js',
    `/**\n * @name addDays\n * @summary Add days.\n *\n * @description\n * Add the specified number of days to the given date.\n */\nexport function addDays(date, amount) {\n  return date;\n}\n\nconst helpers = {\n  /** Pads a number with leading zeros. */\n  pad: function (n) {\n    return n;\n  },\n};\n`,
  );
  assert.deepEqual(
    functions.map((f) => [f.name, f.firstSentence, f.startLine]),
    [
      ['addDays', 'Add the specified number of days to the given date.', 1],
      ['pad', 'Pads a number with leading zeros.', 6],
    ],
  );
});
