import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';

/** The engine's Logger port over the extension's LogOutputChannel (levels, timestamps, "Show Log"). */
export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}
