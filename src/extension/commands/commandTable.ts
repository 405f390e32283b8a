import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { EngineService } from '../engine/engineService';
import type { CudaSupport } from '../models/cudaSupport';
import type { SettingsSource } from '../settings/vscodeSettings';
import { clearIndex } from '../features/clearIndex';
import { openResult, type ResultLocation } from '../features/openResult';
import { searchCode } from '../features/searchPicker';
import { selectModel } from '../features/selectModel';
import { findSimilarFromEditor } from '../features/similarPicker';
import { showStatus } from '../features/statusPanel';
import { COMMANDS, type CommandId } from './commandSpecs';

/** What command handlers may use. */
export interface CommandContext {
  engine: EngineService;
  settings: SettingsSource;
  logger: Logger;
  channel: vscode.LogOutputChannel;
  cuda: CudaSupport;
}

type Handler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/** One handler per command id; the compiler checks that every contributed command has one. */
export const COMMAND_TABLE: Record<CommandId, Handler> = {
  'codeloupe.search': ({ engine, settings }) => searchCode(engine, settings),
  'codeloupe.findSimilar': ({ engine, settings }) => findSimilarFromEditor(engine, settings),
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
  'codeloupe.openResult': ({ engine }, target) => (isResultLocation(target) ? openResult(engine, target) : undefined),
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

function isResultLocation(value: unknown): value is ResultLocation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.folderId === 'string' && typeof v.file === 'string' && typeof v.startLine === 'number' && typeof v.endLine === 'number';
}
