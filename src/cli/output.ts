/**
 * Everything the CLI writes to the terminal goes through here: results to stdout, the rest to stderr.
 * Lines carry names, paths and snippets from the indexed repository, which is untrusted: control
 * characters in them are shown as escapes instead of reaching the terminal.
 */
import type { Logger } from '../core/logger';
import { neutralizeControls, terminalSafeJson } from '../core/safeText';

export function out(line: string): void {
  process.stdout.write(`${neutralizeControls(line)}\n`);
}

export function err(line: string): void {
  process.stderr.write(`${neutralizeControls(line)}\n`);
}

export function json(value: unknown): void {
  process.stdout.write(`${terminalSafeJson(JSON.stringify(value))}\n`);
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
