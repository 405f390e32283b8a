import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateModel } from '../../src/extension/settings/modelLocation';
import { readSettings } from '../../src/extension/settings/readSettings';
import { SETTINGS, type SettingKey } from '../../src/extension/settings/settingsSchema';
import { DEFAULT_CPU_MODEL_ID, DEFAULT_MODEL_ID } from '../../src/core/paths';

const noGpu = () => ({ platform: 'linux' as const, arch: 'x64', cudaReady: false });
const read = (values: Partial<Record<SettingKey, unknown>>) => readSettings((key) => values[key], noGpu);

test('unset settings take the schema defaults, without problems; no model means the default for the device', () => {
  const { settings, problems } = read({});
  assert.deepEqual(problems, []);
  assert.equal(SETTINGS.model.default, '');
  assert.equal(readSettings((key) => ({ device: 'cuda' } as Record<string, unknown>)[key], noGpu).settings.model, DEFAULT_MODEL_ID, 'a GPU device gets the GPU default');
  assert.equal(read({ model: '  ' }).settings.model, DEFAULT_CPU_MODEL_ID, 'empty is the default too');
  assert.deepEqual(settings, {
    model: DEFAULT_CPU_MODEL_ID,
    device: 'auto',
    threads: 0,
    include: [],
    exclude: [],
    maxFileSize: 1_048_576,
    searchMode: 'hybrid',
    maxResults: 30,
    hoverShow: 'declaration',
    hoverMaxResults: 1,
    indexOnStartup: true,
  });
});

test('invalid values fall back to a usable value and each is reported by name', () => {
  const { settings, problems } = read({ device: 'gpu', maxResults: 1000, maxFileSize: 1.5, searchMode: 7, 'hover.enabled': 'yes', model: 42, exclude: ['dist/', 3, ' '] });
  assert.equal(settings.device, 'auto');
  assert.equal(settings.maxResults, 200, 'clamped to the maximum');
  assert.equal(settings.maxFileSize, 1_048_576);
  assert.equal(settings.searchMode, 'hybrid');
  assert.equal(settings.hoverShow, 'declaration');
  assert.equal(settings.model, DEFAULT_CPU_MODEL_ID);
  assert.deepEqual(settings.exclude, ['dist/']);
  for (const key of ['device', 'maxResults', 'maxFileSize', 'searchMode', 'hover.enabled', 'model', 'exclude']) {
    assert.ok(problems.some((p) => p.includes(`codeloupe.${key}`)), `a problem names codeloupe.${key}`);
  }
});

test('valid values pass through, trimmed', () => {
  const { settings, problems } = read({ device: 'cuda', searchMode: 'lexical', include: [' src/** '], model: ' nomic-ai/modernbert-embed-base ', indexOnStartup: false });
  assert.deepEqual(problems, []);
  assert.equal(settings.device, 'cuda');
  assert.equal(settings.searchMode, 'lexical');
  assert.deepEqual(settings.include, ['src/**']);
  assert.equal(settings.model, 'nomic-ai/modernbert-embed-base');
  assert.equal(settings.indexOnStartup, false);
});

const places = { globalStorage: '/gs', sharedCache: '/cache/codeloupe', home: '/home/u' };

test('a model id is looked for in the extension storage, then in the cache shared with the CLI', () => {
  const none = locateModel('Alibaba-NLP/gte-modernbert-base', places, () => false);
  assert.deepEqual(none, {
    kind: 'id',
    id: 'Alibaba-NLP/gte-modernbert-base',
    dir: '/gs/models/Alibaba-NLP/gte-modernbert-base',
    found: false,
    searched: ['/gs/models/Alibaba-NLP/gte-modernbert-base', '/cache/codeloupe/models/Alibaba-NLP/gte-modernbert-base'],
  });
  const inCache = locateModel('Alibaba-NLP/gte-modernbert-base', places, (d) => d.startsWith('/cache'));
  assert.equal(inCache.kind === 'id' && inCache.dir, '/cache/codeloupe/models/Alibaba-NLP/gte-modernbert-base');
});

test('absolute and home-relative paths are folders; relative paths and junk are rejected with a reason', () => {
  assert.deepEqual(locateModel('/models/gte', places, () => false), { kind: 'folder', dir: '/models/gte' });
  assert.deepEqual(locateModel('~/models/gte', places, () => false), { kind: 'folder', dir: '/home/u/models/gte' });
  assert.deepEqual(locateModel('C:\\models\\gte', places, () => false), { kind: 'folder', dir: 'C:\\models\\gte' });
  const relative = locateModel('./models/gte', places, () => false);
  assert.equal(relative.kind, 'invalid');
  assert.match(relative.kind === 'invalid' ? relative.reason : '', /relative path/);
  assert.equal(locateModel('not a model!', places, () => false).kind, 'invalid');
});

test('the hover shows at declarations with one match by default; off by hover.show, or by the old hover.enabled false', () => {
  assert.deepEqual([read({}).settings.hoverShow, read({}).settings.hoverMaxResults], ['declaration', 1]);
  assert.equal(read({ 'hover.show': 'off' }).settings.hoverShow, 'off');
  assert.equal(read({ 'hover.enabled': false, 'hover.show': 'declaration' }).settings.hoverShow, 'off', 'a user who turned it off keeps it off');
  assert.equal(read({ 'hover.maxResults': 9 }).settings.hoverMaxResults, 5, 'clamped');
});
