/**
 * The three native modules, loaded in one place and only when first needed, so that a module that is
 * missing or built for another platform fails as a value a user can act on (E_NATIVE_MODULE: which
 * module, what it is for, what to do) instead of a crash at startup, and so that the rest keeps working:
 * without onnxruntime-node, indexing and keyword search go on and semantic search says why it cannot run.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CodeloupeError } from '../errors';

interface NativeModules {
  'better-sqlite3': typeof import('better-sqlite3');
  'hnswlib-node': typeof import('hnswlib-node');
  'onnxruntime-node': typeof import('onnxruntime-node');
}
export type NativeModuleName = keyof NativeModules;

const PURPOSE: Record<NativeModuleName, string> = {
  'better-sqlite3': 'the index store (SQLite)',
  'hnswlib-node': 'vector search (HNSW)',
  'onnxruntime-node': 'running the embedding model (ONNX Runtime)',
};

const nodeRequire = createRequire(__filename);
const loaded = new Map<NativeModuleName, unknown>();

export function loadNative<N extends NativeModuleName>(name: N): NativeModules[N] {
  if (!loaded.has(name)) {
    try {
      loaded.set(name, nodeRequire(name));
    } catch (err) {
      throw nativeModuleError(name, err);
    }
  }
  return loaded.get(name) as NativeModules[N];
}

/** Why `name` could not load, told by the error's code (never its text), with what to do. */
export function nativeModuleError(name: NativeModuleName, err: unknown): CodeloupeError {
  const code = (err as { code?: unknown } | null)?.code;
  const where = `${process.platform}-${process.arch}`;
  const runtime = `Node ${process.versions.node}${process.versions.electron ? ` (Electron ${process.versions.electron})` : ''}, module ABI ${process.versions.modules}`;
  const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
  if (code === 'MODULE_NOT_FOUND') {
    return new CodeloupeError('E_NATIVE_MODULE', `The native module ${name}, needed for ${PURPOSE[name]}, is not installed.`, {
      hint: `Install the codeloupe VSIX built for ${where}, or in a source checkout run npm ci (it compiles the native modules: see native/README.md).`,
      cause: err,
    });
  }
  return new CodeloupeError('E_NATIVE_MODULE', `The native module ${name}, needed for ${PURPOSE[name]}, could not be loaded on ${where} with ${runtime}: ${detail}`, {
    hint: `It was built for another platform or Node version. Install the codeloupe VSIX built for ${where}, or in a source checkout run npm rebuild ${name} (see native/README.md).`,
    cause: err,
  });
}

let sqliteAddon: object | undefined;

/**
 * better-sqlite3's compiled addon, loaded here so that a missing or foreign one is E_NATIVE_MODULE too. Unlike
 * the other two it is not N-API: it only loads in the runtime ABI it was built for, and VS Code runs the
 * engine on its Electron (desktop) or its server's Node (remote). A VSIX from the release workflow carries
 * one build per ABI in native/better-sqlite3/<platform>-<arch>-abi<N>/ and the matching one is taken;
 * otherwise the one npm built in node_modules.
 */
export function loadSqliteAddon(): object {
  if (sqliteAddon === undefined) {
    loadNative('better-sqlite3');
    const file = sqliteAddonPath();
    try {
      sqliteAddon = nodeRequire(file) as object;
    } catch (err) {
      throw nativeModuleError('better-sqlite3', err);
    }
  }
  return sqliteAddon;
}

export function sqliteAddonPath(): string {
  const abiFolder = `${process.platform}-${process.arch}-abi${process.versions.modules}`;
  // dist/ in a bundle, src/core/native/ from source: the package root is one or three folders up.
  for (const root of [join(__dirname, '..'), join(__dirname, '..', '..', '..')]) {
    const perAbi = join(root, 'native', 'better-sqlite3', abiFolder, 'better_sqlite3.node');
    if (existsSync(perAbi)) return perAbi;
  }
  return join(dirname(nodeRequire.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
}
