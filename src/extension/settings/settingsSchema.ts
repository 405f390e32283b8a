/**
 * The one definition of codeloupe's settings. package.json's `contributes.configuration` is generated from
 * it (`npm run manifest`), `readSettings` validates against it, and a test fails when package.json is stale.
 * No VS Code import: the generator script and the tests load it in plain Node.
 */
import { DEVICE_REQUESTS, type DeviceRequest } from '../../core/embed/devices';
import { SEARCH_MODES, type SearchMode } from '../../core/types';
import { HOVER_SHOW } from '../format/hoverContent';
import { definedProps } from '../../core/definedProps';

export const SECTION = 'codeloupe';

type Scope = 'application' | 'machine-overridable' | 'window' | 'resource';

interface BaseSpec {
  markdownDescription: string;
  /** Shown instead of the description for a setting kept only so that old values still work. */
  markdownDeprecationMessage?: string;
  scope: Scope;
  order: number;
}

export interface StringSpec extends BaseSpec {
  type: 'string';
  default: string;
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
}
export interface BooleanSpec extends BaseSpec {
  type: 'boolean';
  default: boolean;
}
export interface IntegerSpec extends BaseSpec {
  type: 'integer';
  default: number;
  minimum: number;
  maximum: number;
}
export interface StringArraySpec extends BaseSpec {
  type: 'array';
  default: readonly string[];
}
export type SettingSpec = StringSpec | BooleanSpec | IntegerSpec | StringArraySpec;

const DEVICE_DESCRIPTIONS: Record<DeviceRequest, string> = {
  auto: 'The best device the platform has (CUDA or WebGPU on Linux, DirectML on Windows, CoreML on macOS), falling back to the CPU; the log says why a device was not used.',
  cpu: 'The CPU.',
  cuda: 'NVIDIA GPUs on Linux x64 (needs the CUDA 12 libraries).',
  dml: 'DirectML on Windows.',
  coreml: 'CoreML on macOS.',
  webgpu: 'WebGPU (Vulkan, Direct3D 12 or Metal).',
};

const SEARCH_MODE_DESCRIPTIONS: Record<SearchMode, string> = {
  hybrid: 'Meaning and keywords together (vector search fused with BM25).',
  semantic: 'Meaning only (vector search); falls back to keywords while vectors are being computed.',
  lexical: 'Keywords only (BM25 over code-aware tokens).',
};

export const SETTINGS = {
  model: {
    type: 'string',
    // Empty: the default for the device (docs/models.md), decided when the folder's engine opens.
    default: '',
    // Not 'machine-overridable': in a remote window VS Code drops machine-scoped values from the local user
    // settings when it re-reads them, so the model read one way at activation and another after any change
    // in the Settings UI (issue 14). 'resource' resolves the same way everywhere: user, then remote, then
    // workspace and folder settings; a remote machine sets its own on the Remote tab.
    scope: 'resource',
    order: 0,
    markdownDescription:
      'The embedding model. Empty (the default): `onnx-community/granite-embedding-small-english-r2-ONNX` on the CPU (fast), `Alibaba-NLP/gte-modernbert-base` where a GPU starts (the best code retrieval). Otherwise a Hugging Face model id (looked for in the extension\'s storage under `models/<id>`, then in the codeloupe cache shared with the CLI, and downloaded into the extension\'s storage on first use, through `http.proxy` when set) or the absolute path of a local model folder (`config.json`, `tokenizer.json`, `onnx/model*.onnx`). Until a model is available, search is lexical only. Use **codeloupe: Select Model** to pick one.',
  },
  device: {
    type: 'string',
    default: 'auto',
    enum: DEVICE_REQUESTS,
    enumDescriptions: DEVICE_REQUESTS.map((d) => DEVICE_DESCRIPTIONS[d]),
    // 'resource', as the model: see there.
    scope: 'resource',
    order: 1,
    markdownDescription: 'Where the embedding model runs. An explicitly chosen device that cannot start is an error; `auto` falls back to the CPU.',
  },
  threads: {
    type: 'integer',
    default: 0,
    minimum: 0,
    maximum: 256,
    // 'resource', as the model and the device: see there.
    scope: 'resource',
    order: 2,
    markdownDescription:
      'CPU threads the embedding model may use on the CPU; `0` means all cores but one, which leaves a core to the editor. The embedding worker also runs at below-normal OS priority, so typing, builds and tests come first.',
  },
  include: {
    type: 'array',
    default: [],
    scope: 'resource',
    order: 3,
    markdownDescription: 'Glob patterns a file must match to be indexed (for example `src/**`, `*.py`); empty indexes every file that is not ignored. Applied on top of `.gitignore` and `.codeloupeignore`.',
  },
  exclude: {
    type: 'array',
    default: [],
    scope: 'resource',
    order: 4,
    markdownDescription: 'Extra gitignore-style patterns to leave out of the index (for example `fixtures/`, `*.generated.ts`), on top of `.gitignore` and `.codeloupeignore`.',
  },
  maxFileSize: {
    type: 'integer',
    default: 1_048_576,
    minimum: 1024,
    maximum: 104_857_600,
    scope: 'resource',
    order: 5,
    markdownDescription: 'Files larger than this many bytes are skipped (and logged as skipped).',
  },
  searchMode: {
    type: 'string',
    default: 'hybrid',
    enum: SEARCH_MODES,
    enumDescriptions: SEARCH_MODES.map((m) => SEARCH_MODE_DESCRIPTIONS[m]),
    scope: 'window',
    order: 6,
    markdownDescription: 'How **codeloupe: Search Code** ranks results.',
  },
  maxResults: {
    type: 'integer',
    default: 30,
    minimum: 1,
    maximum: 200,
    scope: 'window',
    order: 7,
    markdownDescription: 'How many results search and find-similar show.',
  },
  'hover.show': {
    type: 'string',
    default: 'declaration',
    enum: HOVER_SHOW,
    enumDescriptions: ['When hovering the name of a function, method or class where it is declared.', 'Never.'],
    scope: 'window',
    order: 8,
    markdownDescription:
      'When the similar-code hover appears. It lists the closest match elsewhere (see `#codeloupe.hover.maxResults#`) with a link, a few lines from its declaration, and **more…** for the rest. Answered from stored vectors only, so it never shows before the index has vectors.',
  },
  'hover.maxResults': {
    type: 'integer',
    default: 1,
    minimum: 1,
    maximum: 5,
    scope: 'window',
    order: 9,
    markdownDescription: 'How many similar snippets the hover lists (the rest is one click away, under **more…**).',
  },
  'hover.enabled': {
    type: 'boolean',
    default: true,
    scope: 'window',
    order: 10,
    markdownDescription: 'Show the similar-code hover.',
    markdownDeprecationMessage: 'Use `#codeloupe.hover.show#` (`off` turns the hover off). `false` here still turns it off.',
  },
  indexOnStartup: {
    type: 'boolean',
    default: true,
    scope: 'window',
    order: 11,
    markdownDescription: 'Bring the index up to date when a workspace opens (only changed files are re-read). Saved files are always re-indexed.',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;

/** The `contributes.configuration` block of package.json. */
export function configurationContribution(): { title: string; properties: Record<string, unknown> } {
  const properties: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [SettingKey, SettingSpec][]) {
    const base = {
      type: spec.type,
      default: spec.default,
      scope: spec.scope,
      order: spec.order,
      markdownDescription: spec.markdownDescription,
      ...definedProps({ markdownDeprecationMessage: spec.markdownDeprecationMessage }),
    };
    if (spec.type === 'string') {
      properties[`${SECTION}.${key}`] = { ...base, ...(spec.enum && { enum: spec.enum, enumDescriptions: spec.enumDescriptions }) };
    } else if (spec.type === 'integer') {
      properties[`${SECTION}.${key}`] = { ...base, minimum: spec.minimum, maximum: spec.maximum };
    } else if (spec.type === 'array') {
      properties[`${SECTION}.${key}`] = { ...base, items: { type: 'string' } };
    } else {
      properties[`${SECTION}.${key}`] = base;
    }
  }
  return { title: 'codeloupe', properties };
}
