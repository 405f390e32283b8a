import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import type { ModelDownloads } from '../models/modelDownloads';
import type { SettingsSource } from '../settings/vscodeSettings';
import { chooseModelFolder } from './selectModel';

/**
 * Says once per reason when the model cannot be used, why, and what to do, while keyword search
 * keeps working. A model id being downloaded (or whose download failed) is the downloader's to tell.
 */
export function registerModelNotice(engine: EngineService, settings: SettingsSource, downloads: Pick<ModelDownloads, 'isHandling'>): vscode.Disposable {
  const told = new Set<string>();
  const check = () => {
    const folder = engine.folders().find((f) => f.status && 'unavailable' in f.status.model);
    if (!folder?.status || !('unavailable' in folder.status.model)) return;
    // Keyed by the engine's reason, not the setting: a status not yet refreshed after a model change
    // still carries the old reason, which was already told.
    const reason = folder.status.model.unavailable;
    if (told.has(reason)) return;
    told.add(reason);
    const current = settings.read(folder.uri);
    const location = settings.model(current);
    // The downloader's own reasons (downloading, failed, cancelled) are told by the downloader.
    if (location.kind === 'id' && downloads.isHandling(location.id)) return;
    const message = `codeloupe: semantic search is off: ${reason.replace(/\.+$/, '')}. Search works by keywords only; choose a model folder or another model.`;
    void vscode.window.showWarningMessage(message, 'Choose Folder…', 'Select Model…', 'Show Log').then(async (choice) => {
      if (choice === 'Choose Folder…') {
        const dir = await chooseModelFolder();
        if (dir) await settings.update('model', dir);
      } else if (choice === 'Select Model…') {
        await vscode.commands.executeCommand('codeloupe.selectModel');
      } else if (choice === 'Show Log') {
        await vscode.commands.executeCommand('codeloupe.showLog');
      }
    });
  };
  return engine.onDidChange(check);
}
