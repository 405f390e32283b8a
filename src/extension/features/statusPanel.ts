import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import { folderLine, isIncomplete } from '../format/statusSummary';
import type { CommandId } from '../commands/commandSpecs';

interface StatusItem extends vscode.QuickPickItem {
  command?: CommandId;
}

/** codeloupe.showStatus: each folder's index in detail, then the actions that apply now. */
export async function showStatus(engine: EngineService): Promise<void> {
  const items: StatusItem[] = [{ label: 'Folders', kind: vscode.QuickPickItemKind.Separator }];
  for (const f of engine.folders()) {
    const s = f.status;
    if (!s) {
      items.push({ label: f.name, iconPath: new vscode.ThemeIcon('error'), description: 'could not be opened', detail: f.openError ?? 'opening…', command: 'codeloupe.showLog' });
      continue;
    }
    const a = s.activity;
    const [state, ...counts] = folderLine(f).split(' · ');
    items.push({
      label: f.name,
      iconPath: new vscode.ThemeIcon(a.state === 'indexing' || a.state === 'embedding' ? 'sync~spin' : a.state === 'failed' ? 'error' : a.state === 'paused' ? 'debug-pause' : isIncomplete(s) ? 'warning' : 'database'),
      description: state ?? '',
      detail: `${counts.join(' · ')}${s.lastIndexedAt ? ` · indexed ${new Date(s.lastIndexedAt).toLocaleString()}` : ''}`,
    });
  }
  const states = engine.folders().map((f) => f.status?.activity.state);
  const action = (command: CommandId, icon: string, label: string): StatusItem => ({ label, iconPath: new vscode.ThemeIcon(icon), command });
  items.push({ label: 'Actions', kind: vscode.QuickPickItemKind.Separator }, action('codeloupe.search', 'search', 'Search Code'));
  if (engine.state === 'stopped') items.push(action('codeloupe.restartEngine', 'debug-restart', 'Restart Engine'));
  if ((states.includes('indexing') || states.includes('embedding')) && !states.includes('paused')) items.push(action('codeloupe.pauseIndexing', 'debug-pause', 'Pause Indexing'), action('codeloupe.cancelIndexing', 'debug-stop', 'Cancel Indexing'));
  // Resume goes on after a pause, and after a cancelled or interrupted run (semantic search covers part of the folder).
  const incomplete = engine.folders().some((f) => f.status && f.status.activity.state === 'idle' && isIncomplete(f.status));
  if (states.includes('paused') || incomplete) items.push(action('codeloupe.resumeIndexing', 'debug-continue', 'Resume Indexing'));
  items.push(
    action('codeloupe.reindex', 'refresh', 'Re-index Workspace'),
    action('codeloupe.selectModel', 'symbol-namespace', 'Select Model…'),
    action('codeloupe.clearIndex', 'trash', 'Clear Index…'),
    action('codeloupe.showLog', 'output', 'Show Log'),
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'codeloupe: Index Status', placeHolder: 'Pick an action' });
  if (picked?.command) await vscode.commands.executeCommand(picked.command);
}
