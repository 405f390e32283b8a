import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { CudaSupport } from '../models/cudaSupport';
import { clearIndex } from '../features/clearIndex';
import { isResultLocation, isUnitLine, type ResultLocation } from '../features/openResult';
import { RESULTS_VIEW } from '../features/resultsView';
import { searchCode, type PickerContext } from '../features/searchPicker';
import { selectModel } from '../features/selectModel';
import { findSimilarAt, findSimilarFromEditor } from '../features/similarPicker';
import { WALKTHROUGH_ID } from '../manifest/walkthrough';
import { showStatus } from '../features/statusPanel';
import { COMMANDS, type CommandId } from './commandSpecs';

/** What command handlers may use. */
export interface CommandContext extends PickerContext {
  logger: Logger;
  channel: vscode.LogOutputChannel;
  cuda: CudaSupport;
}

type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/** One handler per command id; the compiler checks that every contributed command has one. */
export const COMMAND_TABLE: Record<CommandId, Handler> = {
  'codeloupe.search': (ctx) => searchCode(ctx),
  'codeloupe.findSimilar': (ctx) => findSimilarFromEditor(ctx),
  'codeloupe.reindex': ({ engine }) => {
    for (const f of engine.folders()) engine.index(f.id);
  },
  'codeloupe.pauseIndexing': ({ engine }) => engine.request('pause', {}),
  'codeloupe.resumeIndexing': ({ engine }) => engine.resumeIndexing(),
  'codeloupe.cancelIndexing': ({ engine }) => engine.stopIndexing(),
  'codeloupe.clearIndex': ({ engine }) => clearIndex(engine),
  'codeloupe.showStatus': ({ engine }) => showStatus(engine),
  'codeloupe.showLog': ({ channel }) => channel.show(true),
  'codeloupe.selectModel': ({ settings }) => selectModel(settings),
  'codeloupe.restartEngine': ({ engine }) => engine.restart(),
  'codeloupe.installCudaSupport': ({ cuda }) => cuda.install(),
  'codeloupe.openResult': ({ opener }, target) => (isResultLocation(target) ? opener.open(target) : undefined),
  'codeloupe.openResultToSide': ({ opener }, arg) => {
    const target = resultArgument(arg);
    return target ? opener.open(target, { side: true }) : undefined;
  },
  'codeloupe.findSimilarAt': (ctx, arg) => {
    const target = resultArgument(arg);
    if (target) return findSimilarAt(ctx, { folderId: target.folderId, file: target.file, line: target.window?.unitStartLine ?? target.startLine });
    return isUnitLine(arg) ? findSimilarAt(ctx, arg) : undefined;
  },
  'codeloupe.showResults': () => vscode.commands.executeCommand(`${RESULTS_VIEW}.focus`),
  'codeloupe.results.searchAgain': ({ results }) => results.searchAgain(),
  'codeloupe.results.clear': ({ results }) => results.clear(),
  'codeloupe.openWalkthrough': () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false),
};

/** Registers every command of the table; a failing command is logged and shown, never lost. */
export function registerCommands(ctx: CommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...(Object.keys(COMMANDS) as CommandId[]).map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await COMMAND_TABLE[id](ctx, ...args);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          ctx.logger.error(`${id} failed: ${message}`);
          void vscode.window.showErrorMessage(`codeloupe: ${COMMANDS[id].title} failed: ${message}`, 'Show Log').then((c) => c && ctx.channel.show());
        }
      }),
    ),
  );
}

/** A result from a command link's argument, or from a results view row (the view passes its tree node). */
function resultArgument(value: unknown): ResultLocation | undefined {
  if (isResultLocation(value)) return value;
  const node = value as { kind?: unknown; result?: unknown } | undefined;
  return node?.kind === 'result' && isResultLocation(node.result) ? node.result : undefined;
}
