import * as vscode from 'vscode';
import { DEFAULT_CPU_MODEL_ID, DEFAULT_MODEL_ID } from '../../core/paths';
import type { SettingsSource } from '../settings/vscodeSettings';

interface ModelItem extends vscode.QuickPickItem {
  choose: () => Promise<string | undefined>;
}

const KNOWN_MODELS = [
  { id: DEFAULT_CPU_MODEL_ID, detail: 'The default on the CPU: granite-embedding-small-english-r2, 384 dimensions, about 3x faster than the base models (CoIR 53.4).' },
  { id: DEFAULT_MODEL_ID, detail: '768 dimensions, CLS pooling; the best code retrieval of the ModernBERT embedders (CoIR 79.3).' },
  { id: 'nomic-ai/modernbert-embed-base', detail: '768 dimensions, mean pooling with search_query/search_document prefixes.' },
];

/** Asks for a local model folder and returns it (or undefined when the dialog is dismissed). */
export async function chooseModelFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use This Model', title: 'codeloupe: choose a model folder (config.json, tokenizer.json, onnx/)' });
  return picked?.[0]?.fsPath;
}

/** codeloupe.selectModel: a known model id, a local folder, or another id; the engines restart on their own. */
export async function selectModel(settings: SettingsSource): Promise<void> {
  const current = settings.read().model;
  const items: ModelItem[] = [
    ...KNOWN_MODELS.map((m) => ({
      label: m.id,
      iconPath: new vscode.ThemeIcon(m.id === current ? 'check' : 'symbol-namespace'),
      description: locateFound(settings, m.id) ? 'downloaded' : 'downloads when selected',
      detail: m.detail,
      choose: async () => m.id,
    })),
    { label: 'Choose a model folder…', iconPath: new vscode.ThemeIcon('folder-opened'), detail: 'A folder with config.json, tokenizer.json and onnx/model*.onnx.', choose: chooseModelFolder },
    {
      label: 'Enter a model id or path…',
      iconPath: new vscode.ThemeIcon('edit'),
      choose: async () => vscode.window.showInputBox({ title: 'codeloupe: model', prompt: 'A Hugging Face model id (owner/name) or an absolute folder path', value: current }),
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'codeloupe: Select Model', placeHolder: `Current: ${current}` });
  const value = (await picked?.choose())?.trim();
  if (!value || value === current) return;
  await settings.update('model', value);
  void vscode.window.showInformationMessage(`codeloupe: model set to ${value}. The index is re-embedded with it.`);
}

function locateFound(settings: SettingsSource, id: string): boolean {
  const location = settings.model({ ...settings.read(), model: id });
  return location.kind === 'id' && location.found;
}
