import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of all files under `dir`, recursively. */
export function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sum + folderBytes(path);
    return entry.isFile() ? sum + statSync(path).size : sum;
  }, 0);
}

/** Relative paths of all files under `dir`, '/'-separated, sorted. */
export function listFolder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listFolder(join(dir, entry.name), rel);
      return entry.isFile() ? [rel] : [];
    })
    .sort();
}
