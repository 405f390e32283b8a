import { homedir } from 'node:os';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { cacheRoot } from '../../core/paths';
import type { Logger } from '../../core/logger';
import { locateModel, type ModelLocation } from './modelLocation';
import { readSettings, type Settings } from './readSettings';
import { SECTION, type SettingKey } from './settingsSchema';

/** Reads validated settings from VS Code, logging each distinct problem once. */
export class SettingsSource {
  private readonly reported = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly globalStorage: string,
  ) {}

  read(scope?: vscode.Uri): Settings {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const { settings, problems } = readSettings((key) => config.get(key));
    for (const p of problems) {
      if (this.reported.has(p)) continue;
      this.reported.add(p);
      this.logger.warn(p);
    }
    return settings;
  }

  model(settings: Settings): ModelLocation {
    return locateModel(settings.model, { globalStorage: this.globalStorage, sharedCache: cacheRoot(), home: homedir() }, existsSync);
  }

  /** Writes a setting for the user (all workspaces). */
  async update(key: SettingKey, value: unknown): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }
}
