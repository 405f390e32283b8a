import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FolderResult } from '../../shared/protocol';
import type { EngineService } from '../engine/engineService';
import { openPlan, type LineRange } from '../format/openPlan';
import { definedProps } from '../../core/definedProps';

/** What opening a result needs: where it is, and for a part of a long unit, its name and where the unit starts. */
export type ResultTarget = Pick<FolderResult, 'folderId' | 'file' | 'startLine' | 'endLine'> & { name?: string; window?: { unitStartLine?: number } };

export interface OpenOptions {
  /** Open in the preview tab and keep the focus where it is (a picker previewing while arrowing). */
  preview?: boolean;
  /** Beside the active editor. */
  side?: boolean;
}

/** The active editor before a picker previewed results, to come back to when it is dismissed. */
export interface EditorSnapshot {
  uri: vscode.Uri;
  selection: vscode.Selection;
  visible: vscode.Range | undefined;
  viewColumn: vscode.ViewColumn | undefined;
}

/**
 * Opens results in the editor: a whole unit selected, a part of a long unit at the unit's declaration
 * with the matching part highlighted (see openPlan). One highlight at a time.
 */
export class ResultOpener implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.rangeHighlightForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private highlighted: vscode.TextEditor | undefined;
  private previewed: vscode.Uri | undefined;

  constructor(private readonly engine: Pick<EngineService, 'folder'>) {}

  async open(target: ResultTarget, options: OpenOptions = {}): Promise<vscode.TextEditor | undefined> {
    const folder = this.engine.folder(target.folderId);
    if (!folder) {
      void vscode.window.showWarningMessage(`codeloupe: the folder of ${target.file} is no longer open.`);
      return undefined;
    }
    const uri = vscode.Uri.file(join(folder.root, ...target.file.split('/')));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, {
      preview: true,
      preserveFocus: options.preview === true,
      ...(options.side && { viewColumn: vscode.ViewColumn.Beside }),
    });
    const visible = editor.visibleRanges[0];
    const plan = openPlan(
      { startLine: target.startLine, endLine: target.endLine, ...definedProps({ name: target.name }), ...(target.window?.unitStartLine !== undefined && { unitStartLine: target.window.unitStartLine }) },
      { lineCount: document.lineCount, lineAt: (line) => document.lineAt(line - 1).text },
      visible ? visible.end.line - visible.start.line + 1 : 30,
    );
    const selection = toRange(document, plan.selection);
    editor.selection = plan.selection.start === plan.selection.end && plan.highlight ? new vscode.Selection(selection.start, selection.start) : new vscode.Selection(selection.end, selection.start);
    this.highlighted?.setDecorations(this.decoration, []);
    this.highlighted = plan.highlight ? editor : undefined;
    if (plan.highlight) editor.setDecorations(this.decoration, [toRange(document, plan.highlight)]);
    editor.revealRange(toRange(document, plan.reveal), plan.reveal.at === 'top' ? vscode.TextEditorRevealType.AtTop : vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.previewed = options.preview ? uri : undefined;
    return editor;
  }

  snapshot(): EditorSnapshot | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    return { uri: editor.document.uri, selection: editor.selection, visible: editor.visibleRanges[0], viewColumn: editor.viewColumn };
  }

  /** Back to where the user was before previews: that editor, selection and scroll; or no editor again. */
  async restore(before: EditorSnapshot | undefined): Promise<void> {
    const previewed = this.previewed;
    this.previewed = undefined;
    this.highlighted?.setDecorations(this.decoration, []);
    this.highlighted = undefined;
    if (!previewed) return;
    if (!before) {
      if (vscode.window.activeTextEditor?.document.uri.toString() === previewed.toString()) await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      return;
    }
    const editor = await vscode.window.showTextDocument(before.uri, { selection: before.selection, ...definedProps({ viewColumn: before.viewColumn }) });
    if (before.visible) editor.revealRange(before.visible, vscode.TextEditorRevealType.AtTop);
  }

  dispose(): void {
    this.decoration.dispose();
  }
}

function toRange(document: vscode.TextDocument, lines: LineRange): vscode.Range {
  const last = Math.min(lines.end, document.lineCount) - 1;
  const first = Math.min(lines.start - 1, last);
  return new vscode.Range(first, 0, last, document.lineAt(last).text.length);
}
