/**
 * The results view's tree: results grouped by folder (in a multi-root workspace) and by file. Files come
 * in the order of their best result; a file's results in the order of their lines. Pure.
 */
import type { FolderResult } from '../../shared/protocol';

export interface FileGroup {
  folderId: string;
  file: string;
  results: FolderResult[];
}

export interface FolderGroup {
  folderId: string;
  name: string;
  files: FileGroup[];
}

export function groupResults(results: readonly FolderResult[], folderName: (folderId: string) => string | undefined): FolderGroup[] {
  const folders = new Map<string, FolderGroup>();
  const files = new Map<string, FileGroup>();
  for (const result of results) {
    let folder = folders.get(result.folderId);
    if (!folder) {
      folder = { folderId: result.folderId, name: folderName(result.folderId) ?? result.folderId, files: [] };
      folders.set(result.folderId, folder);
    }
    const key = `${result.folderId}\n${result.file}`;
    let file = files.get(key);
    if (!file) {
      file = { folderId: result.folderId, file: result.file, results: [] };
      files.set(key, file);
      folder.files.push(file);
    }
    file.results.push(result);
  }
  for (const file of files.values()) file.results.sort((a, b) => a.startLine - b.startLine);
  return [...folders.values()];
}

/** "src/upload" for "src/upload/retry.ts"; "" at the top. */
export function directoryOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}
