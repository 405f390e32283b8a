import assert from 'node:assert/strict';
import { readSettings } from '../../src/extension/settings/readSettings';
import { test } from 'node:test';
import { MemoryLogger } from '../helpers/memoryLogger';
import { SETTINGS } from '../../src/extension/settings/settingsSchema';
import { SettingsSource, type SettingsChange } from '../../src/extension/settings/settingsSource';
import { FakeConfiguration } from './doubles/fakeConfiguration';
import { folderUri } from './doubles/fakeEngine';

const places = { globalStorage: '/gs', sharedCache: '/cache', home: '/home/u' };

function source(config: FakeConfiguration, logger = new MemoryLogger()): SettingsSource {
  return new SettingsSource(config, logger, places, () => false);
}

test('a setting reads the same on every read until a change event names it', () => {
  const config = new FakeConfiguration({ model: '/models/test', maxResults: 10 });
  const settings = source(config);
  assert.equal(settings.read().model, '/models/test');
  config.set('model', '/models/other');
  assert.equal(settings.read().model, '/models/test', 'no event yet: the reading stands');
  const changes: SettingsChange[][] = [];
  settings.onDidChange((c) => changes.push(c));
  settings.refresh(FakeConfiguration.affects('model'));
  assert.equal(settings.read().model, '/models/other');
  assert.deepEqual(changes, [[{ scope: undefined, keys: ['model'] }]]);
});

test('a value that changes without its change event (a remote window re-reading user settings) is kept, logged and shown', () => {
  const config = new FakeConfiguration({ model: '/models/test', maxResults: 10 });
  const logger = new MemoryLogger();
  const settings = source(config, logger);
  const folder = folderUri('/work/repo');
  assert.equal(settings.read(folder).model, '/models/test');
  // The sequence: the Settings UI changes maxResults; the model vanishes from the re-read user settings.
  config.set('maxResults', 20);
  config.drop('model');
  const changes: SettingsChange[][] = [];
  settings.onDidChange((c) => changes.push(c));
  settings.refresh(FakeConfiguration.affects('maxResults'));
  assert.equal(settings.read(folder).model, '/models/test', 'the model is not silently replaced by the default');
  assert.equal(settings.read(folder).maxResults, 20, 'the announced change applies');
  assert.deepEqual(changes, [[{ scope: folder, keys: ['maxResults'] }]]);
  const errors = logger.lines.filter((l) => l.level === 'error');
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /codeloupe\.model now reads \(unset\) .* no change to it \(it read "\/models\/test"\)/);
  assert.equal(config.warnings.length, 1);
  // Said once, however many events re-read it.
  settings.refresh(FakeConfiguration.affects('searchMode'));
  assert.equal(config.warnings.length, 1);
  // A real change of the model applies again.
  config.set('model', SETTINGS.model.default);
  settings.refresh(FakeConfiguration.affects('model'));
  assert.equal(settings.read(folder).model, readSettings(() => undefined).settings.model, 'the default model for the device');
});

test('folder values override user values, per folder', () => {
  const config = new FakeConfiguration({ searchMode: 'hybrid' });
  const a = folderUri('/work/a');
  const b = folderUri('/work/b');
  config.set('searchMode', 'lexical', b);
  const settings = source(config);
  assert.equal(settings.read(a).searchMode, 'hybrid');
  assert.equal(settings.read(b).searchMode, 'lexical');
  assert.equal(settings.read().searchMode, 'hybrid');
});

test('invalid values are reported once, with the value used instead', () => {
  const config = new FakeConfiguration({ maxResults: 'many' });
  const logger = new MemoryLogger();
  const settings = source(config, logger);
  settings.read();
  settings.read(folderUri('/work/a'));
  assert.equal(logger.lines.filter((l) => l.message.includes('codeloupe.maxResults')).length, 1);
  assert.equal(settings.read().maxResults, SETTINGS.maxResults.default);
});
