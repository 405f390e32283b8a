import * as vscode from 'vscode';
import { ChangeWatcher } from '../engine/changeWatcher';
import type { EngineService } from '../engine/engineService';
import { Emitter } from '../../shared/lifecycle';

/** Saves and the file watcher's events, fed to the ChangeWatcher that re-indexes what changed. */
export function registerIndexOnChange(engine: EngineService): vscode.Disposable {
  const changes = new Emitter<vscode.Uri>();
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const changeWatcher = new ChangeWatcher(engine, changes.event);
  return vscode.Disposable.from(
    changeWatcher,
    changes,
    watcher,
    vscode.workspace.onDidSaveTextDocument((doc) => changes.fire(doc.uri)),
    watcher.onDidCreate((uri) => changes.fire(uri)),
    watcher.onDidChange((uri) => changes.fire(uri)),
    watcher.onDidDelete((uri) => changes.fire(uri)),
  );
}
