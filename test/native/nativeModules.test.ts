import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadNative, nativeModuleError, sqliteAddonPath } from '../../src/core/native/nativeModules';

test('a missing native module is E_NATIVE_MODULE saying what it is for and how to install it', () => {
  const err = nativeModuleError('hnswlib-node', Object.assign(new Error("Cannot find module 'hnswlib-node'"), { code: 'MODULE_NOT_FOUND' }));
  assert.equal(err.code, 'E_NATIVE_MODULE');
  assert.match(err.message, /hnswlib-node, needed for vector search \(HNSW\), is not installed/);
  assert.match(err.hint ?? '', new RegExp(`VSIX built for ${process.platform}-${process.arch}`));
  assert.match(err.hint ?? '', /npm ci/);
});

test('a module built for another platform or Node is told apart by its error code, with the runtime it met', () => {
  const err = nativeModuleError('better-sqlite3', Object.assign(new Error('addon.node: invalid ELF header\nmore'), { code: 'ERR_DLOPEN_FAILED' }));
  assert.equal(err.code, 'E_NATIVE_MODULE');
  assert.match(err.message, /could not be loaded on .* with Node .*module ABI \d+: addon.node: invalid ELF header$/);
  assert.match(err.hint ?? '', /npm rebuild better-sqlite3/);
});

test('the modules that are installed load, once', () => {
  assert.equal(loadNative('hnswlib-node'), loadNative('hnswlib-node'));
  assert.equal(typeof loadNative('better-sqlite3'), 'function');
});

test('a better-sqlite3 build for this platform and runtime ABI in native/ is preferred to the one npm built', (t) => {
  const folder = join(__dirname, '..', '..', 'native', 'better-sqlite3', `${process.platform}-${process.arch}-abi${process.versions.modules}`);
  const npmBuilt = sqliteAddonPath();
  assert.match(npmBuilt, /node_modules[/\\]better-sqlite3[/\\]build[/\\]Release[/\\]better_sqlite3\.node$/);
  mkdirSync(folder, { recursive: true });
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  copyFileSync(npmBuilt, join(folder, 'better_sqlite3.node'));
  assert.equal(sqliteAddonPath(), join(folder, 'better_sqlite3.node'));
});
