import * as vscode from 'vscode';
import type { EngineService } from '../engine/engineService';
import { isIncomplete, statusSummary } from '../format/statusSummary';

/** The status bar item (index state and device) and the context keys that enable pause/resume/cancel. */
export function registerStatusBar(engine: EngineService): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('codeloupe.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'codeloupe';
  item.command = 'codeloupe.showStatus';
  const render = () => {
    const summary = statusSummary(engine.state, engine.folders());
    item.text = summary.text;
    const tooltip = new vscode.MarkdownString(summary.tooltip, true);
    item.tooltip = tooltip;
    item.backgroundColor =
      summary.severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : summary.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const activities = engine.folders().map((f) => f.status?.activity.state);
    void vscode.commands.executeCommand('setContext', 'codeloupe.indexing', activities.includes('indexing') || activities.includes('embedding'));
    void vscode.commands.executeCommand('setContext', 'codeloupe.paused', activities.includes('paused'));
    void vscode.commands.executeCommand('setContext', 'codeloupe.incomplete', engine.folders().some((f) => f.status?.activity.state === 'idle' && isIncomplete(f.status)));
  };
  render();
  item.show();
  return vscode.Disposable.from(item, engine.onDidChange(render));
}
