import { join } from 'node:path';
import * as vscode from 'vscode';
import type { UnitRef } from '../../shared/protocol';
import type { EngineService } from '../engine/engineService';

/** Where a result is: enough to open it, and to pass through a command link. */
export type ResultLocation = Pick<UnitRef, 'folderId' | 'file' | 'startLine' | 'endLine'>;

/** Opens the result's file and selects its lines (1-based, inclusive), revealed in the centre. */
export async function openResult(engine: EngineService, target: ResultLocation): Promise<void> {
  const folder = engine.folder(target.folderId);
  if (!folder) {
    void vscode.window.showWarningMessage(`codeloupe: the folder of ${target.file} is no longer open.`);
    return;
  }
  const uri = vscode.Uri.file(join(folder.root, ...target.file.split('/')));
  const document = await vscode.workspace.openTextDocument(uri);
  const last = Math.min(target.endLine, document.lineCount) - 1;
  const first = Math.min(target.startLine - 1, last);
  const range = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(range.start, range.start), preview: true });
  editor.selection = new vscode.Selection(range.end, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * A `command:` link that opens a result, for markdown (hovers). Only the location travels in the link:
 * a whole result (snippet, score) would become a huge tooltip.
 */
export function openResultLink(target: ResultLocation): vscode.Uri {
  const location: ResultLocation = { folderId: target.folderId, file: target.file, startLine: target.startLine, endLine: target.endLine };
  return vscode.Uri.parse(`command:codeloupe.openResult?${encodeURIComponent(JSON.stringify([location]))}`);
}
