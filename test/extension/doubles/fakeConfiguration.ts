/**
 * VS Code's configuration for SettingsSource's tests: values per scope (a folder's URI string, or '' for
 * the user), folder values over user values as VS Code resolves them. `drop` makes a value vanish without
 * an event, as a remote window's scope filtering did (issue 14).
 */
import type { SettingKey } from '../../../src/extension/settings/settingsSchema';
import type { ConfigurationPort, SettingsScope } from '../../../src/extension/settings/settingsSource';

export class FakeConfiguration implements ConfigurationPort {
  private readonly values = new Map<string, Map<SettingKey, unknown>>();
  readonly warnings: string[] = [];
  readonly writes: { key: SettingKey; value: unknown }[] = [];

  constructor(user: Partial<Record<SettingKey, unknown>> = {}) {
    this.values.set('', new Map(Object.entries(user) as [SettingKey, unknown][]));
  }

  get(key: SettingKey, scope: SettingsScope | undefined): unknown {
    const folder = scope === undefined ? undefined : this.values.get(scope.toString());
    return folder?.has(key) ? folder.get(key) : this.values.get('')!.get(key);
  }

  async update(key: SettingKey, value: unknown): Promise<void> {
    this.writes.push({ key, value });
    this.set(key, value);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Sets a value for the user, or for one folder; the test then calls `refresh` as VS Code's event would. */
  set(key: SettingKey, value: unknown, scope?: SettingsScope): void {
    const id = scope === undefined ? '' : scope.toString();
    const map = this.values.get(id) ?? new Map<SettingKey, unknown>();
    map.set(key, value);
    this.values.set(id, map);
  }

  drop(key: SettingKey): void {
    for (const map of this.values.values()) map.delete(key);
  }

  /** What VS Code's change event would say for a change of `keys` (in every scope). */
  static affects(...keys: SettingKey[]): (key: SettingKey) => boolean {
    return (key) => keys.includes(key);
  }
}
