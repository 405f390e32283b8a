import * as vscode from 'vscode';
import { CancellationSource } from '../../core/cancellation';
import { isCancelled } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { EngineService } from '../engine/engineService';
import { formatScore, location, snippetFromDeclaration } from '../format/resultPresentation';
import type { SettingsSource } from '../settings/vscodeSettings';
import { openResultLink } from './openResult';

const HOVER_RESULTS = 3;
const SNIPPET_LINES = 4;

/**
 * Hovering the name of a function or class shows up to 3 similar snippets from elsewhere. It answers from
 * the vector already stored for that unit (no model call) and shows nothing while the folder has none.
 */
export class SimilarHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly engine: EngineService,
    private readonly settings: SettingsSource,
    private readonly logger: Logger,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (document.isDirty || !this.settings.read(document.uri).hoverEnabled) return undefined;
    const located = this.engine.locate(document.uri);
    if (!located?.folder.hasVectors) return undefined;
    const wordRange = document.getWordRangeAtPosition(position);
    if (!wordRange) return undefined;
    const word = document.getText(wordRange);
    const source = new CancellationSource();
    const subscription = token.onCancellationRequested(() => source.cancel());
    try {
      const answer = await this.engine.request(
        'similar',
        { target: { folderId: located.folder.id, file: located.path, line: position.line + 1 }, k: HOVER_RESULTS, folderIds: [located.folder.id], storedVectorsOnly: true },
        source.token,
      );
      const q = answer.query;
      if (!q || answer.mode !== 'semantic' || answer.results.length === 0) return undefined;
      if (q.name.split(/[.:#]/).pop() !== word || declarationLine(document, q.startLine - 1, position.line, word) !== position.line) return undefined;
      const md = new vscode.MarkdownString(undefined, true);
      md.isTrusted = { enabledCommands: ['codeloupe.openResult'] };
      md.appendMarkdown(`$(references) **Similar code** · codeloupe\n\n`);
      for (const r of answer.results) {
        md.appendMarkdown(`[\`${location(r)}\`](${openResultLink(r).toString()}) · \`${r.name}\` · ${formatScore(r.score)}\n`);
        md.appendCodeblock(snippetFromDeclaration(r.snippet, r.name, SNIPPET_LINES), languageIdOf(r.language));
      }
      return new vscode.Hover(md, wordRange);
    } catch (err) {
      if (!isCancelled(err)) this.logger.debug(`Similar-code hover: ${String(err)}`);
      return undefined;
    } finally {
      subscription.dispose();
    }
  }
}

/** The first line from the unit's start that names it (its declaration: units start at their doc comment). */
function declarationLine(document: vscode.TextDocument, from: number, to: number, word: string): number | undefined {
  const pattern = new RegExp(`\\b${word.replace(/[$]/g, '\\$&')}\\b`);
  for (let line = Math.max(0, from); line <= to; line++) {
    const text = document.lineAt(line).text.trim();
    if (pattern.test(text) && !/^(\/\/|\/\*|\*|#)/.test(text)) return line;
  }
  return undefined;
}

/** The engine's language names are mostly VS Code's language ids; the few that differ are mapped. */
function languageIdOf(language: string): string {
  const ids: Record<string, string> = { tsx: 'typescriptreact', 'c-sharp': 'csharp', bash: 'shellscript' };
  return ids[language] ?? language;
}
