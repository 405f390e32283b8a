import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import type { FolderEntry } from '../engine/folderEntry';
import { isVisibleRun, progressMessage } from '../format/progressText';

const NOTIFY_AFTER_MS = 1500;

/**
 * A progress notification with counts for each whole-folder index run (the first index, a re-index, the
 * catch-up after a restart) and each big run of changed paths (a branch switch). Its Cancel button stops
 * the run; a save's run gets none.
 */
export function registerIndexProgress(engine: EngineService): vscode.Disposable {
  const shown = new Set<string>();
  const check = () => {
    for (const folder of engine.folders()) {
      const a = folder.status?.activity;
      if (!a || !isVisibleRun(a) || a.state !== 'indexing') continue;
      const key = `${folder.id}#${a.runId}`;
      if (shown.has(key)) continue;
      shown.add(key);
      // Only runs that take a while get a notification: a catch-up run on startup usually ends at once.
      const runId = a.runId;
      setTimeout(() => {
        const now = folder.status?.activity;
        if (now?.state === 'indexing' && now.runId === runId) void Promise.resolve(showRun(engine, folder, runId)).finally(() => shown.delete(key));
        else shown.delete(key);
      }, NOTIFY_AFTER_MS);
    }
  };
  check();
  return engine.onDidChange(check);
}

function showRun(engine: EngineService, folder: FolderEntry, runId: number): Thenable<void> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `codeloupe: indexing ${folder.name}`, cancellable: true },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let reported = 0;
        const update = () => {
          const a = folder.status?.activity;
          if (a?.state !== 'indexing' || a.runId !== runId) {
            subscription.dispose();
            resolve();
            return;
          }
          const shown = folder.status && progressMessage(folder.status);
          if (!shown) return;
          progress.report({ message: shown.message, increment: Math.max(0, shown.percent - reported) });
          reported = Math.max(reported, shown.percent);
        };
        const subscription = engine.onDidChange(update);
        token.onCancellationRequested(() => void engine.stopIndexing(folder.id).catch(() => undefined));
        update();
      }),
  );
}
