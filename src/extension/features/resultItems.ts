import * as vscode from 'vscode';
import type { FolderResult } from '../../shared/protocol';
import type { EngineService } from '../engine/engineService';
import { presentResult } from '../format/resultPresentation';
import { definedProps } from '../../core/definedProps';

export interface ResultItem extends vscode.QuickPickItem {
  result?: FolderResult;
  /** A state or hint row; accepting it runs this instead of opening a result. */
  action?: () => void;
}

export const FIND_SIMILAR_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('references'), tooltip: 'Find similar code' };

/** Picker rows for results: kind icon, name, `path:line` (and folder, score), first snippet line. */
export function resultItems(results: readonly FolderResult[], engine: EngineService, options: { showScore: boolean }): ResultItem[] {
  const multiRoot = engine.folders().length > 1;
  return results.map((result) => {
    const folderName = multiRoot ? engine.folder(result.folderId)?.name : undefined;
    const p = presentResult(result, { showScore: options.showScore, ...definedProps({ folderName }) });
    return {
      label: p.label,
      iconPath: new vscode.ThemeIcon(p.icon),
      description: p.description,
      detail: p.detail,
      alwaysShow: true,
      buttons: [FIND_SIMILAR_BUTTON],
      result,
    };
  });
}

/** A row that tells the state (empty index, no match, an error) rather than a result. */
export function messageItem(icon: string, label: string, detail?: string, action?: () => void): ResultItem {
  return { label, iconPath: new vscode.ThemeIcon(icon), alwaysShow: true, ...definedProps({ detail }), ...(action && { action }) };
}
