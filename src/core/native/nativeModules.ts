/**
 * The three native modules, loaded in one place and only when first needed, so that a module that is
 * missing or built for another platform fails as a value a user can act on (E_NATIVE_MODULE: which
 * module, what it is for, what to do) instead of a crash at startup, and so that the rest keeps working:
 * without onnxruntime-node, indexing and keyword search go on and semantic search says why it cannot run.
 */
import { createRequire } from 'node:module';
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
