import * as vscode from 'vscode';
import { CancellationSource } from '../../core/cancellation';
import type { Logger } from '../../core/logger';
import type { FolderResult } from '../../shared/protocol';
import type { EngineService } from '../engine/engineService';
import { location } from '../format/resultPresentation';
import type { SettingsSource } from '../settings/vscodeSettings';
import { LM_TOOL_NAME, type SearchToolInput } from './lmToolSpec';

const DEFAULT_RESULTS = 10;
const MAX_RESULTS = 50;

/** The search as a language model tool that chat agents can call; nothing when the API is missing. */
export function registerSearchTool(engine: EngineService, settings: SettingsSource, logger: Logger): vscode.Disposable {
  const lm = (vscode as { lm?: Partial<typeof vscode.lm> }).lm;
  if (typeof lm?.registerTool !== 'function') {
    logger.info('This editor has no language model tools API; the codeloupe search tool is not registered.');
    return { dispose: () => undefined };
  }
  const tool: vscode.LanguageModelTool<SearchToolInput> = {
    prepareInvocation: (options) => ({ invocationMessage: `Searching the code for “${options.input.query}”` }),
    invoke: async (options, token) => {
      const source = new CancellationSource();
      const subscription = token.onCancellationRequested(() => source.cancel());
      try {
        const k = Math.min(MAX_RESULTS, Math.max(1, Math.floor(options.input.maxResults ?? DEFAULT_RESULTS)));
        const answer = await engine.request('search', { query: options.input.query, k, mode: settings.read().searchMode }, source.token);
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(toolText(engine, options.input.query, answer.results))]);
      } finally {
        subscription.dispose();
      }
    },
  };
  return lm.registerTool(LM_TOOL_NAME, tool);
}

function toolText(engine: EngineService, query: string, results: readonly FolderResult[]): string {
  if (results.length === 0) return `No code found for "${query}".`;
  const multiRoot = engine.folders().length > 1;
  return results
    .map((r, i) => {
      const folder = engine.folder(r.folderId);
      const where = multiRoot && folder ? `${folder.name}/${location(r)}` : location(r);
      return `${i + 1}. ${r.kind} ${r.name} at ${where} (lines ${r.startLine}-${r.endLine})\n\`\`\`${r.language}\n${r.snippet}\n\`\`\``;
    })
    .join('\n\n');
}
