/**
 * The engine's one logging port. The CLI writes to stderr, the extension to its LogOutputChannel, and the
 * engine server and the embedding worker forward lines to their parent as `log` messages.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const nullLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
