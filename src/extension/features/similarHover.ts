import * as vscode from 'vscode';
import { CancellationSource } from '../../core/cancellation';
import { isCancelled } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { EngineService } from '../engine/engineService';
import { hoverMatches, isOnDeclaration, shouldAskForHover } from '../format/hoverContent';
import { formatScore, labelOf, location, snippetFromDeclaration } from '../format/resultPresentation';
import type { SettingsSource } from '../settings/settingsSource';
import { findSimilarLink, openResultLink } from './openResult';

const SNIPPET_LINES = 4;

/**
 * Hovering the name of a function or class where it is declared shows its closest matches elsewhere
 * (`codeloupe.hover.maxResults`, one by default) and "more…" for the rest, kept short so that the language
 * server's own hover stays in view. It answers from the vector already stored for that unit (no model call)
 * and shows nothing while the folder has none. The decisions are in format/hoverContent.ts.
 */
export class SimilarHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly engine: EngineService,
    private readonly settings: SettingsSource,
    private readonly logger: Logger,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const located = this.engine.locate(document.uri);
    const { hoverShow, hoverMaxResults } = this.settings.read(located?.folder.uri);
    const wordRange = document.getWordRangeAtPosition(position);
    const word = wordRange && document.getText(wordRange);
    if (!located || !wordRange || !shouldAskForHover({ show: hoverShow, dirty: document.isDirty, hasVectors: located.folder.hasVectors, word })) return undefined;
    const source = new CancellationSource();
    const subscription = token.onCancellationRequested(() => source.cancel());
    try {
      // One more than shown: whether "more…" has something to show.
      const target = { folderId: located.folder.id, file: located.path, line: position.line + 1 };
      const answer = await this.engine.request('similar', { target, k: hoverMaxResults + 1, folderIds: [located.folder.id], storedVectorsOnly: true }, source.token);
      const q = answer.query;
      if (!q || answer.mode !== 'semantic' || answer.results.length === 0) return undefined;
      if (!isOnDeclaration(q, word!, position.line + 1, (line) => document.lineAt(line - 1).text)) return undefined;
      const { shown, more } = hoverMatches(answer.results, hoverMaxResults);
      const md = new vscode.MarkdownString(undefined, true);
      md.isTrusted = { enabledCommands: ['codeloupe.openResult', 'codeloupe.findSimilarAt'] };
      md.appendMarkdown(`$(references) **Similar code** · codeloupe\n\n`);
      for (const r of shown) {
        md.appendMarkdown(`[\`${location(r)}\`](${openResultLink(r).toString()}) · \`${labelOf(r)}\` · ${formatScore(r.score)}\n`);
        md.appendCodeblock(snippetFromDeclaration(r.snippet, r.name, SNIPPET_LINES), languageIdOf(r.language));
      }
      if (more) md.appendMarkdown(`[more…](${findSimilarLink({ folderId: located.folder.id, file: located.path, line: q.startLine }).toString()} "All the code similar to ${q.name}")`);
      return new vscode.Hover(md, wordRange);
    } catch (err) {
      if (!isCancelled(err)) this.logger.debug(`Similar-code hover: ${String(err)}`);
      return undefined;
    } finally {
      subscription.dispose();
    }
  }
}

/** The engine's language names are mostly VS Code's language ids; the few that differ are mapped. */
function languageIdOf(language: string): string {
  const ids: Record<string, string> = { tsx: 'typescriptreact', 'c-sharp': 'csharp', bash: 'shellscript' };
  return ids[language] ?? language;
}
