import type { SkipReason } from '../types';

/**
 * Files skipped by name alone, before anything is read. Content checks (NUL bytes, UTF-8, minified
 * text) happen later, in readSource.ts, when a file is actually read.
 */
export interface NameVerdict {
  readonly reason: SkipReason;
  readonly detail: string;
}

/** Lockfiles and other files tools write: long, repetitive and useless to search. Lower-case. */
const GENERATED_NAMES: ReadonlySet<string> = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'bun.lock',
  'deno.lock',
  'cargo.lock',
  'poetry.lock',
  'pipfile.lock',
  'pdm.lock',
  'uv.lock',
  'composer.lock',
  'gemfile.lock',
  'podfile.lock',
  'pubspec.lock',
  'mix.lock',
  'flake.lock',
  'go.sum',
  'packages.lock.json',
  'gradle.lockfile',
]);

/** Name endings of minified bundles and source maps. Lower-case. */
const GENERATED_SUFFIXES: readonly string[] = ['.min.js', '.min.mjs', '.min.cjs', '.min.css', '.map'];

/** Extensions (lower-case, no dot) of formats that are binary even when their first bytes hold no NUL. */
const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  // Images.
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'webp', 'avif', 'heic', 'tif', 'tiff', 'psd', 'xcf',
  // Audio and video.
  'mp3', 'wav', 'ogg', 'flac', 'aac', 'm4a', 'mp4', 'm4v', 'mov', 'avi', 'mkv', 'webm',
  // Archives and packages.
  'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'lz4', '7z', 'rar', 'tar', 'jar', 'war', 'ear', 'whl', 'nupkg',
  'apk', 'aab', 'ipa', 'deb', 'rpm', 'dmg', 'iso', 'vsix', 'crx',
  // Compiled code and native libraries.
  'exe', 'dll', 'so', 'dylib', 'a', 'lib', 'o', 'obj', 'bin', 'class', 'pyc', 'pyo', 'pyd', 'wasm', 'node',
  // Models, tensors and data stores.
  'onnx', 'pt', 'pth', 'ckpt', 'safetensors', 'h5', 'pb', 'tflite', 'npy', 'npz', 'pkl', 'parquet',
  'arrow', 'feather', 'db', 'sqlite', 'sqlite3', 'mdb',
  // Fonts.
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  // Documents.
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp',
]);

/** Why a file is skipped by its name, or undefined when its name says nothing against it. */
export function checkFileName(fileName: string): NameVerdict | undefined {
  const lower = fileName.toLowerCase();
  if (GENERATED_NAMES.has(lower)) return { reason: 'generated', detail: 'lockfile' };
  const suffix = GENERATED_SUFFIXES.find((s) => lower.endsWith(s) && lower.length > s.length);
  if (suffix !== undefined) {
    return { reason: 'generated', detail: suffix === '.map' ? 'source map (*.map)' : `minified bundle (*${suffix})` };
  }
  const dot = lower.lastIndexOf('.');
  if (dot > 0 && BINARY_EXTENSIONS.has(lower.slice(dot + 1))) {
    return { reason: 'binary', detail: `binary file type (.${lower.slice(dot + 1)})` };
  }
  return undefined;
}
