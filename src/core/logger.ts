/** The engine's one logging port. The CLI writes to stderr, the extension to a LogOutputChannel. */
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

/** A logger that keeps lines in memory; tests and the engine server use it. */
export class MemoryLogger implements Logger {
  readonly lines: { level: LogLevel; message: string }[] = [];
  debug(message: string): void { this.lines.push({ level: 'debug', message }); }
  info(message: string): void { this.lines.push({ level: 'info', message }); }
  warn(message: string): void { this.lines.push({ level: 'warn', message }); }
  error(message: string): void { this.lines.push({ level: 'error', message }); }
}
