import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';

/** codeloupe.clearIndex: deletes the stored index of one or all folders after asking. */
export async function clearIndex(engine: EngineService): Promise<void> {
  const folders = engine.folders();
  if (folders.length === 0) return;
  let chosen = folders;
  if (folders.length > 1) {
    const picked = await vscode.window.showQuickPick(
      [{ label: 'All folders', ids: folders.map((f) => f.id) }, ...folders.map((f) => ({ label: f.name, description: f.root, ids: [f.id] }))],
      { title: 'codeloupe: Clear Index', placeHolder: 'Which index to delete' },
    );
    if (!picked) return;
    chosen = folders.filter((f) => picked.ids.includes(f.id));
  }
  const names = chosen.map((f) => f.name).join(', ');
  const confirm = await vscode.window.showWarningMessage(
    `Delete the codeloupe index of ${names}?`,
    { modal: true, detail: 'Chunks and vectors are removed from the extension\'s storage; your files are not touched. Re-indexing rebuilds everything.' },
    'Delete Index',
  );
  if (confirm !== 'Delete Index') return;
  for (const f of chosen) await engine.clear(f.id);
  const again = await vscode.window.showInformationMessage(`codeloupe: the index of ${names} was deleted.`, 'Re-index Now');
  if (again) for (const f of chosen) engine.index(f.id);
}
