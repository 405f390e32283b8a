import { posix, win32 } from 'node:path';

/** Where the `codeloupe.model` setting points. */
export type ModelLocation =
  | { kind: 'folder'; dir: string }
  | { kind: 'id'; id: string; dir: string; found: boolean; searched: string[] }
  | { kind: 'invalid'; reason: string };

export interface ModelPlaces {
  /** The extension's global storage: models live under `<globalStorage>/models/<id>`. */
  globalStorage: string;
  /** The codeloupe cache shared with the CLI (`<cache>/models/<id>`). */
  sharedCache: string;
  home: string;
}

const MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

/**
 * Tells a model id from a folder path and finds the id's folder: the extension's storage first, then the
 * cache the CLI uses. A path must be absolute (or start with `~`), since a workspace has no one base folder.
 */
export function locateModel(setting: string, places: ModelPlaces, exists: (dir: string) => boolean): ModelLocation {
  const value = setting.trim();
  if (value.startsWith('~')) return { kind: 'folder', dir: joinFor(places.home, value.slice(1).replace(/^[\\/]/, '')) };
  if (posix.isAbsolute(value) || win32.isAbsolute(value)) return { kind: 'folder', dir: value };
  if (value.startsWith('.') || value.includes('\\')) {
    return { kind: 'invalid', reason: `The model folder "${value}" is a relative path; give an absolute path or a model id such as Alibaba-NLP/gte-modernbert-base.` };
  }
  if (!MODEL_ID.test(value)) return { kind: 'invalid', reason: `"${value}" is neither a model id (owner/name) nor an absolute folder path.` };
  const parts = value.split('/');
  const searched = [joinFor(places.globalStorage, 'models', ...parts), joinFor(places.sharedCache, 'models', ...parts)];
  const dir = searched.find(exists);
  return { kind: 'id', id: value, dir: dir ?? searched[0]!, found: dir !== undefined, searched };
}

function joinFor(base: string, ...parts: string[]): string {
  return (win32.isAbsolute(base) && !posix.isAbsolute(base) ? win32 : posix).join(base, ...parts);
}
