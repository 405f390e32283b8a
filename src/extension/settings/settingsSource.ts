/**
 * codeloupe's settings as the rest of the extension sees them: validated, and the same on every read until
 * VS Code announces a change. No VS Code import: the editor is behind `ConfigurationPort`.
 *
 * Why a snapshot: in a remote window (code-server, SSH, WSL, containers) VS Code filters the local user
 * settings by scope when it re-reads them, so a value could read one way at activation and another after
 * an unrelated change in the Settings UI, with no change event for it (issue 14: the model setting was
 * silently lost). Values are read once per scope and re-read only when a change event names them; a value
 * that differs on a re-read the event did not name is kept as it was, logged as an error and shown.
 */
import type { Logger } from '../../core/logger';
import { Emitter, type Event } from '../../shared/lifecycle';
import { locateModel, type ModelLocation, type ModelPlaces } from './modelLocation';
import { readSettings, type Settings } from './readSettings';
import { SETTINGS, type SettingKey } from './settingsSchema';

/** What settings are read for: a workspace folder's URI; undefined reads the window's settings. */
export interface SettingsScope {
  toString(): string;
}

/** The editor's configuration, narrowed to what codeloupe needs. */
export interface ConfigurationPort {
  get(key: SettingKey, scope: SettingsScope | undefined): unknown;
  /** Writes a user (all workspaces) setting. */
  update(key: SettingKey, value: unknown): Promise<void>;
  /** Tells the user something went wrong with the settings (a warning with "Show Log"). */
  warn(message: string): void;
}

/** The settings of one scope changed: these keys (as VS Code announced them and as they now read). */
export interface SettingsChange {
  scope: SettingsScope | undefined;
  keys: SettingKey[];
}

const KEYS = Object.keys(SETTINGS) as SettingKey[];

interface ScopeReading {
  scope: SettingsScope | undefined;
  /** The raw values as last read (JSON), per key. */
  raw: Map<SettingKey, string>;
  settings: Settings;
}

export class SettingsSource {
  private readonly readings = new Map<string, ScopeReading>();
  private readonly reported = new Set<string>();
  private readonly changeEmitter = new Emitter<SettingsChange[]>();

  /** Fired after `refresh` with the scopes whose settings changed. */
  readonly onDidChange: Event<SettingsChange[]> = this.changeEmitter.event;

  constructor(
    private readonly config: ConfigurationPort,
    private readonly logger: Logger,
    private readonly modelPlaces: ModelPlaces,
    private readonly exists: (dir: string) => boolean,
  ) {}

  /** The validated settings of `scope` (a folder), or of the window. */
  read(scope?: SettingsScope): Settings {
    const key = scopeKey(scope);
    let reading = this.readings.get(key);
    if (!reading) {
      const raw = new Map(KEYS.map((k) => [k, rawValue(this.config.get(k, scope))]));
      reading = { scope, raw, settings: this.validate(raw) };
      this.readings.set(key, reading);
    }
    return reading.settings;
  }

  /** Where the model setting of `settings` points. */
  model(settings: Settings): ModelLocation {
    return locateModel(settings.model, this.modelPlaces, this.exists);
  }

  /** Writes a setting for the user (all workspaces); the change event that follows updates the readings. */
  update(key: SettingKey, value: unknown): Promise<void> {
    return this.config.update(key, value);
  }

  /**
   * Re-reads the settings that VS Code says changed (`affects`, from a configuration change event). A
   * value that changed although the event did not name it keeps its previous reading and is reported.
   */
  refresh(affects: (key: SettingKey, scope: SettingsScope | undefined) => boolean): void {
    const changes: SettingsChange[] = [];
    for (const reading of this.readings.values()) {
      const keys: SettingKey[] = [];
      for (const key of KEYS) {
        const now = rawValue(this.config.get(key, reading.scope));
        const before = reading.raw.get(key);
        if (now === before) continue;
        if (!affects(key, reading.scope)) {
          this.reportDrift(key, reading.scope, before, now);
          continue;
        }
        reading.raw.set(key, now);
        keys.push(key);
      }
      if (keys.length === 0) continue;
      reading.settings = this.validate(reading.raw);
      changes.push({ scope: reading.scope, keys });
    }
    if (changes.length > 0) this.changeEmitter.fire(changes);
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private validate(raw: ReadonlyMap<SettingKey, string>): Settings {
    const { settings, problems } = readSettings((key) => parseRaw(raw.get(key)));
    for (const p of problems) this.once(p, () => this.logger.warn(p));
    return settings;
  }

  private reportDrift(key: SettingKey, scope: SettingsScope | undefined, before: string | undefined, now: string): void {
    const where = scope === undefined ? 'this window' : `folder ${scope.toString()}`;
    const was = shown(before);
    const reads = shown(now);
    const message =
      `codeloupe.${key} now reads ${reads} for ${where}, but VS Code announced no change to it (it read ${was}). ` +
      `codeloupe keeps ${was} until the setting is changed; this is a bug in how the setting resolves, please report it with the log.`;
    this.once(`drift:${key}:${scopeKey(scope)}:${now}`, () => {
      this.logger.error(message);
      this.config.warn(`codeloupe: ${message}`);
    });
  }

  private once(key: string, action: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    action();
  }
}

function scopeKey(scope: SettingsScope | undefined): string {
  return scope === undefined ? '' : scope.toString();
}

/** Values are compared as JSON: arrays and objects from VS Code are new objects on every read. */
function rawValue(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function shown(raw: string | undefined): string {
  return raw === undefined || raw === 'undefined' ? '(unset)' : raw;
}

function parseRaw(raw: string | undefined): unknown {
  return raw === undefined || raw === 'undefined' ? undefined : (JSON.parse(raw) as unknown);
}
