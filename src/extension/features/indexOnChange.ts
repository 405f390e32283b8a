import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import { PathBatcher } from '../../shared/pathBatcher';

/** Quiet time after the last save or file event before the changed files are re-indexed. */
const BATCH_DELAY_MS = 500;
const IGNORED_SEGMENTS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * Re-indexes what changed: a saved file (that file only), and files changed outside the editor (git
 * checkout, generators) seen by a file watcher, debounced and batched per folder.
 */
export function registerIndexOnChange(engine: EngineService): vscode.Disposable {
  const batcher = new PathBatcher(BATCH_DELAY_MS, (batch) => engine.index(batch.folderId, 'all' in batch ? undefined : batch.paths));
  const queue = (uri: vscode.Uri) => {
    const located = engine.locate(uri);
    if (!located || located.path.split('/').some((s) => IGNORED_SEGMENTS.has(s))) return;
    batcher.add(located.folder.id, located.path);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  return vscode.Disposable.from(
    { dispose: () => batcher.dispose() },
    watcher,
    vscode.workspace.onDidSaveTextDocument((doc) => queue(doc.uri)),
    watcher.onDidCreate(queue),
    watcher.onDidChange(queue),
    watcher.onDidDelete(queue),
  );
}
