import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Chunker } from '../../src/core/chunk/chunker';
import { layoutFromJson, ModelTokenizer } from '../../src/core/embed/tokenizer';
import { CodeloupeError } from '../../src/core/errors';
import { Prng } from '../reliability/prng';
import { copyTestModel, TEST_MODEL_DIR } from './helpers/modelCopy';

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

/** Every line and every whole file of the repository's TypeScript sources, plus awkward texts. */
function countingSamples(): string[] {
  const files = readdirSync(path.resolve(__dirname, '..', '..', 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(path.resolve(__dirname, '..', '..', 'src', f), 'utf8'));
  const odd = ['', ' ', '\t\t  x', "it's we'll they're", 'naïve café e\u0301 \u0958 日本語 🎉 emoji', 'tokens [CLS] and [MASK] written out', '    \n\n   '];
  return [...odd, ...files, ...files.flatMap((f) => f.split('\n'))];
}

test('counting piece by piece gives exactly the whole tokenizer\'s counts', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const whole = new Tokenizer(JSON.parse(readFileSync(tokenizerPath, 'utf8')), JSON.parse(readFileSync(path.join(TEST_MODEL_DIR, 'tokenizer_config.json'), 'utf8')));
  const samples = countingSamples();
  const wrong = samples.filter((s) => tok.count(s) !== whole.encode(s).ids.length);
  assert.deepEqual(wrong.slice(0, 3), [], `${wrong.length} of ${samples.length} texts counted differently`);
});

test('fits(text, n) is count(text) <= n, also where the byte bound decides without counting', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  for (const s of countingSamples().slice(0, 3000)) {
    for (const n of [3, 16, 64, 512]) assert.equal(tok.fits(s, n), tok.count(s) <= n, JSON.stringify(s.slice(0, 60)));
  }
});

test('fits(text, n) is count(text) <= n right at the count, where counting stops early or the byte bound decides', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const samples = countingSamples();
  const step = Math.max(1, Math.floor(samples.length / 2000));
  for (let i = 0; i < samples.length; i += step) {
    const s = samples[i];
    const c = tok.count(s);
    for (const n of [c - 2, c - 1, c, c + 1, Math.floor(c / 2), 2 * c]) assert.equal(tok.fits(s, n), c <= n, `${JSON.stringify(s.slice(0, 60))} at ${n}`);
    // Non-ASCII text: the bound counts 3 bytes per UTF-16 unit.
    const wide = `${s.slice(0, 200)} é日🎉`;
    const w = tok.count(wide);
    for (const n of [w - 1, w, w + 1]) assert.equal(tok.fits(wide, n), w <= n, `${JSON.stringify(wide.slice(0, 60))} at ${n}`);
  }
});

test('chunks are the same whether the budget is checked by counting, by fits() or by line windows', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const chunker = await Chunker.create();
  try {
    const root = path.resolve(__dirname, '..', 'fixtures', 'sample-repo');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(root, f)).isFile());
    const chunkSources = path.resolve(__dirname, '..', '..', 'src', 'core', 'chunk');
    const sources = readdirSync(chunkSources, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(chunkSources, f)).isFile());
    files.push(...sources.map((f) => path.join('..', '..', '..', 'src', 'core', 'chunk', f)));
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const maxTokens of [64, 512]) {
        const counted = await chunker.chunk({ path: file, text }, { maxTokens, countTokens: (t) => tok.count(t) });
        const bounded = await chunker.chunk({ path: file, text }, { maxTokens, countTokens: (t) => tok.count(t), fits: (t, limit) => tok.fits(t, limit) });
        assert.deepEqual(bounded, counted, `${file} at ${maxTokens} tokens`);
        const windowed = await chunker.chunk({ path: file, text }, { maxTokens, countTokens: (t) => tok.count(t), windows: (lines) => tok.lineWindows(lines) });
        assert.deepEqual(windowed, counted, `${file} at ${maxTokens} tokens, windows counted from line windows`);
      }
    }
  } finally {
    chunker.dispose();
  }
});

/** Lines made to stress where the pre-tokenizer splits: spaces and tabs at either end, blank lines, contractions, numbers, non-ASCII. */
function trickyLines(random: Prng, count: number): string[] {
  const bits = [' ', '  ', '\t', 'x', 'foo', "'s", "'ll", "n't", '42', '3.5', '(', '){', ' = ', '//', 'é', 'e\u0301', '日本', '🎉', '\u00a0', '\r', '"', "'"];
  return Array.from({ length: count }, () => Array.from({ length: random.int(8) }, () => bits[random.int(bits.length)]).join(''));
}

test('line windows count exactly what count() counts for the same window under the same header', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const seed = Date.now() % 100_000;
  const random = new Prng(seed);
  const sources = readdirSync(path.resolve(__dirname, '..', '..', 'src', 'core', 'chunk'), { encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const texts = [
    ...sources.map((f) => readFileSync(path.resolve(__dirname, '..', '..', 'src', 'core', 'chunk', f), 'utf8').split('\n')),
    ...Array.from({ length: 20 }, () => trickyLines(random, 60)),
  ];
  const headers = ['', 'src/a.ts', 'src/a.ts\nfunction f() {', 'trailing space ', "it's\t"];
  for (const lines of texts) {
    const windows = tok.lineWindows(lines);
    assert.ok(windows, 'a byte-level BPE tokenizer counts windows');
    for (let k = 0; k < 200; k++) {
      const from = random.int(lines.length);
      const to = Math.min(lines.length - 1, from + random.int(40));
      const header = headers[random.int(headers.length)];
      const code = lines.slice(from, to + 1).join('\n');
      const expected = tok.count(header === '' ? code : code === '' ? header : `${header}\n${code}`);
      assert.equal(windows.count(header, from, to), expected, `seed ${seed}: lines ${from}-${to} under ${JSON.stringify(header)}: ${JSON.stringify(code.slice(0, 80))}`);
    }
  }
  assert.equal(tok.lineWindows(['a', 'the [CLS] token written out']), undefined, 'lines that hold an added token are counted whole');
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

test('a counting-only load counts as the full load, building the whole tokenizer only for texts that need it', async () => {
  const full = await ModelTokenizer.load({ tokenizerPath });
  const counting = await ModelTokenizer.load({ tokenizerPath }, 'when-needed');
  assert.equal((counting as unknown as { whole: unknown }).whole, undefined, 'built at load');
  const samples = countingSamples().slice(0, 2000).filter((s) => !s.includes('[CLS]') && !s.includes('[MASK]'));
  assert.deepEqual(samples.filter((s) => counting.count(s) !== full.count(s)).slice(0, 3), []);
  assert.equal((counting as unknown as { whole: unknown }).whole, undefined, 'built for plain code');
  // A written-out special token, and a piece too long to merge, go to the whole tokenizer: built then.
  assert.equal(counting.count('tokens [CLS] written out'), full.count('tokens [CLS] written out'));
  assert.notEqual((counting as unknown as { whole: unknown }).whole, undefined);
  const again = await ModelTokenizer.load({ tokenizerPath }, 'when-needed');
  const longPiece = `x${' '.repeat(600)}y`;
  assert.equal(again.count(longPiece), full.count(longPiece));
  assert.equal(again.padId, PAD);
  assert.deepEqual(again.encode(code, 8192), full.encode(code, 8192));
});

test('the special tokens around a text are read from the post-processor as the tokenizer applies them', async () => {
  const template = (single: unknown[]) => (json: Record<string, unknown>) => {
    (json['post_processor'] as Record<string, unknown>)['single'] = single;
  };
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  const sep = { SpecialToken: { id: '[SEP]', type_id: 0 } };
  const seq = { Sequence: { id: 'A', type_id: 0 } };
  const variants: [string, (json: Record<string, unknown>) => void, boolean][] = [
    ['as shipped', () => undefined, true],
    ['no [CLS]', template([seq, sep]), true],
    ['two before, none after', template([cls, cls, seq]), true],
    ['BERT processing', (json) => (json['post_processor'] = { type: 'BertProcessing', sep: ['[SEP]', SEP], cls: ['[CLS]', CLS] }), true],
    ['none', (json) => (json['post_processor'] = null), false],
  ];
  for (const [name, edit, read] of variants) {
    const copy = await copyTestModel();
    try {
      await copy.editJson('tokenizer.json', edit);
      const json = JSON.parse(readFileSync(path.join(copy.dir, 'tokenizer.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(layoutFromJson(json) !== undefined, read, name);
      const tokenizerAt = { tokenizerPath: path.join(copy.dir, 'tokenizer.json') };
      const [full, counting] = [await ModelTokenizer.load(tokenizerAt), await ModelTokenizer.load(tokenizerAt, 'when-needed')];
      for (const text of ['', 'a', code]) assert.equal(counting.count(text), full.encode(text, 8192).length, `${name}: ${JSON.stringify(text.slice(0, 20))}`);
    } finally {
      await copy.dispose();
    }
  }
});

test('a counter rebuilt from another\'s tables counts exactly as it does, reading the tokenizer only when a text needs it', async () => {
  const full = await ModelTokenizer.load({ tokenizerPath });
  const tables = full.countingTables();
  assert.ok(tables !== undefined);
  const copy = await copyTestModel();
  try {
    const copied = path.join(copy.dir, 'tokenizer.json');
    const rebuilt = ModelTokenizer.fromCountingTables(copied, structuredClone(tables));
    await copy.remove('tokenizer.json');
    const samples = countingSamples().slice(0, 2000).filter((s) => !s.includes('[CLS]') && !s.includes('[MASK]'));
    assert.deepEqual(samples.filter((s) => rebuilt.count(s) !== full.count(s)).slice(0, 3), [], 'counted without the file');
    // A written-out special token needs the whole tokenizer: read from the path then (here: gone, said so).
    assert.throws(() => rebuilt.count('tokens [CLS] written out'), (err: unknown) => err instanceof CodeloupeError && err.code === 'E_MODEL_INVALID' && err.message.includes(copied));
  } finally {
    await copy.dispose();
  }
  const withFile = ModelTokenizer.fromCountingTables(tokenizerPath, tables);
  assert.equal(withFile.count('tokens [CLS] written out'), full.count('tokens [CLS] written out'));
});

test('ASCII texts, split by the ASCII form of the pre-tokenizer pattern, count as the whole tokenizer does', async () => {
  const tok = await ModelTokenizer.load({ tokenizerPath });
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const whole = new Tokenizer(JSON.parse(readFileSync(tokenizerPath, 'utf8')), JSON.parse(readFileSync(path.join(TEST_MODEL_DIR, 'tokenizer_config.json'), 'utf8')));
  const seed = Date.now() % 100_000;
  const random = new Prng(seed);
  // Where the pattern's branches meet: contractions, a space before letters, digits or symbols, runs of each
  // kind of ASCII whitespace (\v and \f too), and symbols around them.
  const bits = ["'", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", 's', 'll', 've', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', 'a', 'Zed', '_x', '$', '7', '42', '(', ');', '=>', '\x01', '~'];
  for (let k = 0; k < 3000; k++) {
    const text = Array.from({ length: 1 + random.int(12) }, () => bits[random.int(bits.length)]).join('');
    assert.equal(tok.count(text), whole.encode(text).ids.length, `seed ${seed}: ${JSON.stringify(text)}`);
    const lines = text.split('\n');
    assert.equal(tok.lineWindows(lines)?.count('', 0, lines.length - 1), whole.encode(text).ids.length, `seed ${seed}: windows of ${JSON.stringify(text)}`);
  }
});
