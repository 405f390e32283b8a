import assert from 'node:assert/strict';
import { test } from 'node:test';
import { folderModel, planModel, type HasModelFiles } from '../../src/extension/models/modelPlan';
import type { ModelLocation } from '../../src/extension/settings/modelLocation';

const ID = 'Alibaba-NLP/gte-modernbert-base';
const GLOBAL = '/gs/models/Alibaba-NLP/gte-modernbert-base';
const SHARED = '/cache/codeloupe/models/Alibaba-NLP/gte-modernbert-base';
const byId: ModelLocation = { kind: 'id', id: ID, dir: GLOBAL, found: false, searched: [GLOBAL, SHARED] };

/** Folders → what they hold: 'exact' (the wanted export) or 'other' (another export only). */
const disk = (contents: Record<string, 'exact' | 'other'>): HasModelFiles => (dir, exact) => contents[dir] === 'exact' || (!exact && contents[dir] === 'other');

test('a model id whose wanted export is nowhere on disk is downloaded into the global storage', () => {
  assert.deepEqual(planModel(byId, disk({})), { kind: 'download', id: ID, dir: GLOBAL });
});

test('a model id already downloaded (extension storage first, then the CLI cache) is used without a download', () => {
  assert.deepEqual(planModel(byId, disk({ [GLOBAL]: 'exact', [SHARED]: 'exact' })), { kind: 'use', dir: GLOBAL });
  assert.deepEqual(planModel(byId, disk({ [SHARED]: 'exact' })), { kind: 'use', dir: SHARED });
});

test('a folder holding another export only is downloaded to, and used meanwhile', () => {
  assert.deepEqual(planModel(byId, disk({ [SHARED]: 'other' })), { kind: 'download', id: ID, dir: GLOBAL, meanwhile: SHARED });
  // A half-finished folder (a folder exists, but not the files) counts as absent.
  const found: ModelLocation = { ...byId, found: true };
  assert.deepEqual(planModel(found, disk({})), { kind: 'download', id: ID, dir: GLOBAL });
});

test('folder paths are used as they are and invalid settings are never downloaded', () => {
  assert.deepEqual(planModel({ kind: 'folder', dir: '/models/mine' }, disk({})), { kind: 'use', dir: '/models/mine' });
  assert.deepEqual(planModel({ kind: 'invalid', reason: 'relative path' }, disk({})), { kind: 'invalid', reason: 'relative path' });
});

test('while a download runs, fails or was cancelled the engine opens without a model and says why; once done, with it', () => {
  const plan = planModel(byId, disk({}));
  assert.deepEqual(folderModel(plan, { state: 'downloading' }, 'int8'), { precision: 'int8', modelUnavailable: { reason: `The model ${ID} is being downloaded` } });
  assert.deepEqual(folderModel(plan, { state: 'cancelled' }, 'int8'), { precision: 'int8', modelUnavailable: { reason: `The download of the model ${ID} was cancelled` } });
  assert.deepEqual(folderModel(plan, { state: 'failed', reason: 'Could not download the embedding model X from https://hf.example (ECONNREFUSED).' }, 'int8'), {
    precision: 'int8',
    modelUnavailable: { reason: 'Could not download the embedding model X from https://hf.example (ECONNREFUSED)' },
  });
  assert.deepEqual(folderModel(plan, { state: 'done', dir: GLOBAL }, 'fp16'), { precision: 'fp16', modelDir: GLOBAL });
});

test('another export on disk serves until the download ends; invalid settings open lexically with their reason', () => {
  const plan = planModel(byId, disk({ [SHARED]: 'other' }));
  assert.deepEqual(folderModel(plan, { state: 'downloading' }, 'fp16'), { precision: 'fp16', modelDir: SHARED });
  assert.deepEqual(folderModel(plan, { state: 'failed', reason: 'offline' }, 'fp16'), { precision: 'fp16', modelDir: SHARED });
  assert.deepEqual(folderModel({ kind: 'invalid', reason: 'not a model id' }, undefined, 'int8'), { precision: 'int8', modelUnavailable: { reason: 'not a model id' } });
});
