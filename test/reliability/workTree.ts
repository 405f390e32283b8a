/**
 * The working tree a randomized run edits: real files on disk under `root`, changed the way people and
 * tools change them. Every write sets a whole-second mtime, so that an edit which restores the old mtime
 * (cp -p, rsync -a, tar x, touch -r) restores it exactly and only ctime and inode can tell.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export class WorkTree {
  /** Files deleted by the run, by path, so that a later step can restore them. */
  readonly deleted = new Map<string, Buffer>();

  constructor(
    readonly root: string,
    /** A folder outside the tree, for symbolic links that point out of it. */
    readonly outside: string,
  ) {
    mkdirSync(root, { recursive: true });
    mkdirSync(outside, { recursive: true });
  }

  /** Regular files (not links), relative and '/'-separated, sorted. */
  files(): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const abs = join(dir, entry.name);
        if (entry.isDirectory()) walk(abs);
        else if (entry.isFile()) out.push(relative(this.root, abs).split('\\').join('/'));
      }
    };
    walk(this.root);
    return out.sort();
  }

  exists(path: string): boolean {
    try {
      lstatSync(this.abs(path));
      return true;
    } catch {
      return false;
    }
  }

  isLink(path: string): boolean {
    try {
      return lstatSync(this.abs(path)).isSymbolicLink();
    } catch {
      return false;
    }
  }

  read(path: string): Buffer {
    return readFileSync(this.abs(path));
  }

  write(path: string, content: string | Buffer, mtimeSeconds = Math.floor(Date.now() / 1000)): void {
    const abs = this.abs(path);
    mkdirSync(dirname(abs), { recursive: true });
    rmSync(abs, { force: true });
    writeFileSync(abs, content);
    utimesSync(abs, mtimeSeconds, mtimeSeconds);
  }

  /** Rewrites the file in place (same inode) and puts its old mtime back: only its ctime changes. */
  writeKeepingMtime(path: string, content: Buffer): void {
    const abs = this.abs(path);
    const before = statSync(abs);
    writeFileSync(abs, content);
    utimesSync(abs, before.atimeMs / 1000, before.mtimeMs / 1000);
  }

  remove(path: string): void {
    this.deleted.set(path, this.read(path));
    rmSync(this.abs(path), { force: true });
  }

  move(from: string, to: string): void {
    mkdirSync(dirname(this.abs(to)), { recursive: true });
    renameSync(this.abs(from), this.abs(to));
  }

  /** Replaces the file at `path` by a symbolic link to `target` (absolute). */
  linkTo(path: string, target: string): void {
    rmSync(this.abs(path), { force: true });
    symlinkSync(target, this.abs(path));
  }

  abs(path: string): string {
    return join(this.root, ...path.split('/'));
  }

  /** Path, bytes of every regular file: what a clean rebuild sees. */
  contents(): Map<string, Buffer> {
    return new Map(this.files().map((p) => [p, this.read(p)]));
  }
}
