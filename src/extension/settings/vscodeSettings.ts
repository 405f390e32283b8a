import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { cacheRoot } from '../../core/paths';
import { SECTION } from './settingsSchema';
import { SettingsSource, type ConfigurationPort } from './settingsSource';

export { SettingsSource } from './settingsSource';

/** codeloupe's settings read from VS Code, re-read on VS Code's configuration change events. */
export function createSettingsSource(logger: Logger, globalStorage: string): { settings: SettingsSource; subscription: vscode.Disposable } {
  const port: ConfigurationPort = {
    // A folder scope is passed as its URI string: VS Code resolves resource settings by URI.
    get: (key, scope) => vscode.workspace.getConfiguration(SECTION, scope === undefined ? undefined : vscode.Uri.parse(scope.toString())).get(key),
    update: async (key, value) => {
      await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
    },
    warn: (message) => {
      void vscode.window.showWarningMessage(message, 'Show Log').then((choice) => choice && vscode.commands.executeCommand('codeloupe.showLog'));
    },
  };
  const settings = new SettingsSource(port, logger, { globalStorage, sharedCache: cacheRoot(), home: homedir() }, existsSync);
  // Every event, not only codeloupe's: a re-read of the user settings for another section is when a value
  // can drift without being named (see SettingsSource).
  const subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    settings.refresh((key, scope) => e.affectsConfiguration(`${SECTION}.${key}`, scope === undefined ? undefined : vscode.Uri.parse(scope.toString())));
  });
  return { settings, subscription: vscode.Disposable.from(subscription, { dispose: () => settings.dispose() }) };
}
