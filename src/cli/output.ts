/** Everything the CLI writes to the terminal goes through here: results to stdout, the rest to stderr. */
import type { Logger } from '../core/logger';

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function err(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function json(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Why results are keyword matches although semantic ranking was asked for. */
export function lexicalOnlyWarning(reason: string): string {
  return `semantic search unavailable, keyword results only: ${reason.replace(/\.+$/, '')}.`;
}

/** A warning printed the first time only (a condition met by every query of a batch is said once). */
export function warnOnce<T>(message: (value: T) => string): (value: T) => void {
  let said = false;
  return (value) => {
    if (said) return;
    said = true;
    err(`warning: ${message(value)}`);
  };
}

/** Info and debug lines only with --verbose; warnings and errors always, on stderr. */
export function cliLogger(verbose: boolean): Logger {
  return {
    debug: (m) => verbose && err(`debug: ${m}`),
    info: (m) => verbose && err(m),
    warn: (m) => err(`warning: ${m}`),
    error: (m) => err(`error: ${m}`),
  };
}

/** A one-line progress bar on stderr, redrawn in place; silent when stderr is not a terminal. */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled = process.stderr.isTTY === true;

  update(label: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 80 && done < total) return;
    this.lastDraw = now;
    const width = 28;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const bar = total > 0 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}` : '';
    process.stderr.write(`\r\x1b[2K${label.padEnd(8)} ${bar}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}
