import { existsSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CodeloupeError } from '../core/errors';

/** One folder the MCP server serves. Its engine id is its real path, which is also what tools show. */
export interface ServedFolder {
  readonly root: string;
  /** The folder's base name, which tools also accept when it is unambiguous. */
  readonly name: string;
  readonly indexDir: string;
}

export function servedFolder(root: string, indexDir: string): ServedFolder {
  return { root, name: basename(root), indexDir };
}

/** The folders of one server, and how a tool's `folder` and `file` arguments map onto them. */
export class ServedFolders {
  constructor(readonly all: readonly ServedFolder[]) {}

  byRoot(root: string): ServedFolder | undefined {
    return this.all.find((f) => f.root === root);
  }

  /** The folder named by path (absolute or relative to the server's directory) or by name; all when none is named. */
  select(folder: string | undefined): ServedFolder[] {
    if (folder === undefined || folder.trim() === '') return [...this.all];
    const asPath = resolve(folder);
    const found = this.all.find((f) => f.root === asPath || f.root === realPath(asPath)) ?? this.uniqueByName(folder);
    if (!found) {
      throw new CodeloupeError('E_BAD_ARGUMENT', `"${folder}" is not a folder this server serves.`, {
        hint: `Use one of: ${this.all.map((f) => f.root).join(', ')} (or leave folder out to use all).`,
      });
    }
    return [found];
  }

  /**
   * A file given absolute or relative to its folder: its folder and its '/'-separated path in it. A
   * relative path with several folders served needs `folder`, unless exactly one folder has that file.
   */
  locate(file: string, folder: string | undefined): { folder: ServedFolder; file: string } {
    if (isAbsolute(file)) {
      const abs = realPath(file);
      const owner = this.all.filter((f) => isInside(f.root, abs)).sort((a, b) => b.root.length - a.root.length)[0];
      if (!owner) throw new CodeloupeError('E_BAD_ARGUMENT', `${file} is not inside a folder this server serves.`, { hint: `Served folders: ${this.all.map((f) => f.root).join(', ')}.` });
      return { folder: owner, file: toSlashes(relative(owner.root, abs)) };
    }
    const rel = toSlashes(file).replace(/^\.\//, '');
    const candidates = folder !== undefined ? this.select(folder) : this.all.length === 1 ? [...this.all] : this.all.filter((f) => existsSync(join(f.root, rel)));
    if (candidates.length === 1) return { folder: candidates[0]!, file: rel };
    throw new CodeloupeError('E_BAD_ARGUMENT', `${file} ${candidates.length === 0 ? 'is in none' : 'is in several'} of the served folders.`, {
      hint: `Pass folder (one of: ${this.all.map((f) => f.root).join(', ')}), or an absolute path.`,
    });
  }

  private uniqueByName(name: string): ServedFolder | undefined {
    const matches = this.all.filter((f) => f.name === name);
    return matches.length === 1 ? matches[0] : undefined;
  }
}

function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The real path when the path exists; a path that does not exist (yet) is compared as given. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function toSlashes(path: string): string {
  return path.split(sep).join('/');
}
