import { join } from 'node:path';
import * as vscode from 'vscode';
import { CancellationSource } from '../../core/cancellation';
import type { SearchMode } from '../../core/types';
import { Emitter } from '../../shared/lifecycle';
import type { SearchScope } from '../../core/search/searchScope';
import type { FolderResult, SimilarTarget } from '../../shared/protocol';
import type { EngineService } from '../engine/engineService';
import { declarationLineOf, kindIcon, labelOf, partText, presentResult, whyText } from '../format/resultPresentation';
import { directoryOf, groupResults, type FileGroup, type FolderGroup } from '../format/resultTree';
import { RESULTS_VIEW_ID } from '../manifest/contributions';

/** What the view keeps: the last search or find-similar, with what it takes to run it again. */
export type ResultSet =
  | { kind: 'search'; query: string; mode: SearchMode; k: number; folderIds?: string[]; scope?: SearchScope; results: FolderResult[] }
  | { kind: 'similar'; title: string; target: SimilarTarget; k: number; results: FolderResult[] };

type Node = { kind: 'folder'; group: FolderGroup } | { kind: 'file'; group: FileGroup } | { kind: 'result'; result: FolderResult };

export const RESULTS_VIEW = RESULTS_VIEW_ID;

/**
 * The codeloupe Results view: the last search or find-similar as a tree (folder, file, result), kept
 * until the next one; "Search Again" runs it again against the current index.
 */
export class ResultsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private set: ResultSet | undefined;
  private readonly changed = new Emitter<Node | undefined>();
  private readonly view: vscode.TreeView<Node>;
  private running: CancellationSource | undefined;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly engine: EngineService) {
    this.view = vscode.window.createTreeView(RESULTS_VIEW, { treeDataProvider: this, showCollapseAll: true });
  }

  get current(): ResultSet | undefined {
    return this.set;
  }

  /** Keeps `set` as the view's content; `reveal` opens the view. */
  async show(set: ResultSet, reveal = false): Promise<void> {
    this.set = set;
    this.view.description = describe(set);
    this.view.message = set.results.length === 0 ? 'No results.' : undefined;
    void vscode.commands.executeCommand('setContext', 'codeloupe.hasResults', true);
    this.changed.fire(undefined);
    if (reveal) await vscode.commands.executeCommand(`${RESULTS_VIEW}.focus`);
  }

  /** Runs the kept search or find-similar again and shows what it finds now. */
  async searchAgain(): Promise<void> {
    const set = this.set;
    if (!set) {
      await vscode.commands.executeCommand('codeloupe.search');
      return;
    }
    this.running?.cancel();
    const source = (this.running = new CancellationSource());
    await vscode.window.withProgress({ location: { viewId: RESULTS_VIEW } }, async () => {
      if (set.kind === 'search') {
        const { query, mode, k, folderIds, scope } = set;
        const answer = await this.engine.request('search', { query, mode, k, ...(folderIds && { folderIds }), ...(scope && { scope }) }, source.token);
        await this.show({ ...set, results: answer.results });
      } else {
        const answer = await this.engine.request('similar', { target: set.target, k: set.k }, source.token);
        await this.show({ ...set, results: answer.results });
      }
    });
  }

  clear(): void {
    this.set = undefined;
    this.view.description = undefined;
    this.view.message = undefined;
    void vscode.commands.executeCommand('setContext', 'codeloupe.hasResults', false);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const set = this.set;
    if (!set) return [];
    if (!node) {
      const groups = groupResults(set.results, (id) => this.engine.folder(id)?.name);
      // One folder: its files at the top.
      if (this.engine.folders().length <= 1 && groups.length <= 1) return (groups[0]?.files ?? []).map((group) => ({ kind: 'file', group }));
      return groups.map((group) => ({ kind: 'folder', group }));
    }
    if (node.kind === 'folder') return node.group.files.map((group) => ({ kind: 'file', group }));
    if (node.kind === 'file') return node.group.results.map((result) => ({ kind: 'result', result }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.group.name, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.description = count(node.group.files.reduce((n, f) => n + f.results.length, 0));
      return item;
    }
    if (node.kind === 'file') {
      const folder = this.engine.folder(node.group.folderId);
      const item = new vscode.TreeItem(node.group.file.split('/').pop() ?? node.group.file, vscode.TreeItemCollapsibleState.Expanded);
      if (folder) item.resourceUri = vscode.Uri.file(join(folder.root, ...node.group.file.split('/')));
      item.iconPath = vscode.ThemeIcon.File;
      item.description = directoryOf(node.group.file);
      item.contextValue = 'codeloupe.file';
      return item;
    }
    const r = node.result;
    const set = this.set;
    const p = presentResult(r);
    const item = new vscode.TreeItem(labelOf(r), vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(kindIcon(r.kind));
    const why = set?.kind === 'search' && set.mode === 'hybrid' ? whyText(r.matchedBy) : undefined;
    item.description = [`line ${declarationLineOf(r)}`, partText(r), why, set?.kind === 'similar' ? r.score.toFixed(2) : undefined].filter(Boolean).join(' · ');
    item.tooltip = new vscode.MarkdownString().appendText(`${p.description}\n`).appendCodeblock(p.detail, r.language);
    item.contextValue = 'codeloupe.result';
    const target = { folderId: r.folderId, file: r.file, startLine: r.startLine, endLine: r.endLine, name: r.name, ...(r.window && { window: r.window }) };
    item.command = { command: 'codeloupe.openResult', title: 'Open', arguments: [target] };
    return item;
  }

  dispose(): void {
    this.running?.cancel();
    this.view.dispose();
    this.changed.dispose();
  }
}

function describe(set: ResultSet): string {
  const what = set.kind === 'search' ? `“${set.query}”` : set.title;
  return `${what} · ${count(set.results.length)}`;
}

function count(n: number): string {
  return `${n.toLocaleString('en-US')} result${n === 1 ? '' : 's'}`;
}
