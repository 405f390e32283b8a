import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ModelTokenizer } from '../../src/core/embed/tokenizer';
import { CodeloupeError } from '../../src/core/errors';
import { TEST_MODEL_DIR } from './helpers/modelCopy';

const CLS = 4097;
const SEP = 4098;
const PAD = 4099;
const tokenizerPath = path.join(TEST_MODEL_DIR, 'tokenizer.json');
const code = 'export function parseConfig(text: string): Record<string, unknown> {\n  return JSON.parse(text);\n}\n';

test('counts tokens including [CLS] and [SEP]', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  assert.equal(tok.count(''), 2);
  const n = tok.count(code);
  assert.ok(n > 10 && n < code.length, `${n} tokens`);
  assert.equal(tok.count(code + code), 2 * n - 2);
});

test('encodes as [CLS] … [SEP] and pads with [PAD]', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const ids = tok.encode(code, 8192);
  assert.equal(ids.length, tok.count(code));
  assert.equal(ids[0], CLS);
  assert.equal(ids.at(-1), SEP);
  assert.equal(tok.padId, PAD);
});

test('truncates to maxTokens, keeping the leading tokens and [SEP] at the end', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const full = tok.encode(code, 8192);
  const cut = tok.encode(code, 10);
  assert.equal(cut.length, 10);
  assert.deepEqual(cut.slice(0, 9), full.slice(0, 9));
  assert.equal(cut[9], SEP);
});

test('truncating a very long text gives the same tokens as tokenizing it whole', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const long = code.repeat(2000);
  const cut = tok.encode(long, 300);
  assert.equal(cut.length, 300);
  assert.deepEqual(cut.slice(0, 299), tok.encode(code.repeat(60), 8192).slice(0, 299));
  assert.equal(cut[299], SEP);
});

test('a missing tokenizer.json is E_MODEL_INVALID naming it', async () => {
  await assert.rejects(ModelTokenizer.load({ tokenizerPath: path.join(TEST_MODEL_DIR, 'nope.json') }), (err: unknown) => {
    assert.ok(err instanceof CodeloupeError);
    assert.equal(err.code, 'E_MODEL_INVALID');
    assert.match(err.message, /nope\.json/);
    return true;
  });
});

test('truncate keeps a text that fits and cuts a longer one to its first tokens that fit', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  assert.equal(tok.truncate(code, 512), code, 'a text that fits is handed over as it is');
  const long = code.repeat(400);
  const cut = tok.truncate(long, 64);
  assert.ok(tok.count(cut) <= 64 + 2, `${tok.count(cut)} tokens (re-tokenizing the cut text may differ by a token at the cut)`);
  assert.ok(tok.count(cut) >= 60);
  assert.ok(long.replace(/\s+/g, ' ').startsWith(cut.replace(/\s+/g, ' ').trim()), 'the cut text is the start of the text');
});
