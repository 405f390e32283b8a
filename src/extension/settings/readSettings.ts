import type { SearchMode } from '../../core/types';
import { HOVER_SHOW, type HoverShow } from '../format/hoverContent';
import type { DeviceRequest } from '../../core/embed/devices';
import { DEVICE_REQUESTS } from '../../core/embed/devices';
import { SEARCH_MODES } from '../../core/types';
import { cudaProvisioning } from '../../core/models/cudaProvisioning';
import { defaultModelId } from '../../core/models/defaultModel';
import type { PrecisionContext } from '../../core/models/precision';
import { SETTINGS, type SettingKey } from './settingsSchema';

/** codeloupe's settings, validated: every field has a usable value. */
export interface Settings {
  model: string;
  device: DeviceRequest;
  /** CPU threads for the model; 0 = the engine's default (all cores but one). */
  threads: number;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  searchMode: SearchMode;
  maxResults: number;
  /** When the similar-code hover appears ('off' also when the deprecated hover.enabled is false). */
  hoverShow: HoverShow;
  hoverMaxResults: number;
  indexOnStartup: boolean;
}

export interface SettingsReading {
  settings: Settings;
  /** One line per invalid value, naming the setting, what was wrong and the value used instead. */
  problems: string[];
}

/** Reads and validates every setting through `get` (VS Code's `WorkspaceConfiguration.get` in the extension). */
/** `machine` decides the default model for the device (a GPU where CUDA is provisioned gets the GPU default). */
export function readSettings(get: (key: SettingKey) => unknown, machine: () => PrecisionContext = thisMachine): SettingsReading {
  const problems: string[] = [];
  const fallback = <T>(key: SettingKey, value: unknown, why: string, used: T): T => {
    problems.push(`Setting codeloupe.${key} ${why} (got ${JSON.stringify(value)}); using ${JSON.stringify(used)}.`);
    return used;
  };
  const oneOf = <T extends string>(key: SettingKey, allowed: readonly T[], def: T): T => {
    const value = get(key);
    if (value === undefined) return def;
    return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback(key, value, `must be one of ${allowed.join(', ')}`, def);
  };
  const integer = (key: 'maxFileSize' | 'maxResults' | 'hover.maxResults' | 'threads'): number => {
    const spec = SETTINGS[key];
    const value = get(key);
    if (value === undefined) return spec.default;
    if (typeof value !== 'number' || !Number.isInteger(value)) return fallback(key, value, 'must be a whole number', spec.default);
    if (value < spec.minimum || value > spec.maximum) return fallback(key, value, `must be between ${spec.minimum} and ${spec.maximum}`, Math.min(spec.maximum, Math.max(spec.minimum, value)));
    return value;
  };
  const flag = (key: 'hover.enabled' | 'indexOnStartup'): boolean => {
    const value = get(key);
    if (value === undefined) return SETTINGS[key].default;
    return typeof value === 'boolean' ? value : fallback(key, value, 'must be true or false', SETTINGS[key].default);
  };
  const globs = (key: 'include' | 'exclude'): string[] => {
    const value = get(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) return fallback(key, value, 'must be a list of glob patterns', []);
    const strings = value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
    if (strings.length !== value.length) problems.push(`Setting codeloupe.${key} has entries that are not patterns; they are ignored.`);
    return strings;
  };
  const device = oneOf('device', DEVICE_REQUESTS, 'auto');
  const modelValue = get('model');
  // Unset or empty: the default model for the device (fast on the CPU, the best where a GPU starts).
  const automatic = (): string => defaultModelId(device, machine());
  const model =
    modelValue === undefined || (typeof modelValue === 'string' && modelValue.trim() === '')
      ? automatic()
      : typeof modelValue === 'string'
        ? modelValue.trim()
        : fallback('model', modelValue, 'must be a model id or a folder path', automatic());
  return {
    settings: {
      model,
      device,
      threads: integer('threads'),
      include: globs('include'),
      exclude: globs('exclude'),
      maxFileSize: integer('maxFileSize'),
      searchMode: oneOf('searchMode', SEARCH_MODES, 'hybrid'),
      maxResults: integer('maxResults'),
      hoverShow: flag('hover.enabled') ? oneOf('hover.show', HOVER_SHOW, 'declaration') : 'off',
      hoverMaxResults: integer('hover.maxResults'),
      indexOnStartup: flag('indexOnStartup'),
    },
    problems,
  };
}

/** Settings whose change means re-opening a folder's engine (and re-indexing what they affect). */
export const ENGINE_SETTINGS: readonly SettingKey[] = ['model', 'device', 'threads', 'include', 'exclude', 'maxFileSize'];

function thisMachine(): PrecisionContext {
  return { platform: process.platform, arch: process.arch, cudaReady: cudaProvisioning().ready };
}
