import { definedProps } from './definedProps';
/**
 * Errors that cross module and process boundaries carry a stable code, a message that says what failed,
 * and a hint that says what the user can do. Callers branch on `code`, never on message text.
 */
export type ErrorCode =
  | 'E_BAD_ARGUMENT'
  | 'E_FOLDER_NOT_FOUND'
  | 'E_MODEL_NOT_FOUND'
  | 'E_MODEL_INVALID'
  | 'E_MODEL_UNAVAILABLE'
  | 'E_DEVICE_UNAVAILABLE'
  /** A native module (better-sqlite3, hnswlib-node, onnxruntime-node) is missing or built for another platform. */
  | 'E_NATIVE_MODULE'
  /** A model download failed: network, HTTP status, or an interrupted transfer (the partial file is kept). */
  | 'E_DOWNLOAD_FAILED'
  /** A downloaded file did not match the size or hash the Hub reports; it was deleted, nothing was placed. */
  | 'E_DOWNLOAD_CORRUPT'
  | 'E_WORKER_CRASHED'
  | 'E_WORKER_TIMEOUT'
  | 'E_EMBED_FAILED'
  | 'E_INDEX_MISSING'
  | 'E_INDEX_CORRUPT'
  /** The index store could not be opened for another reason than damage (permissions, a missing directory). */
  | 'E_INDEX_UNREADABLE'
  /** The index directory belongs to another folder (`--index-dir` pointing at another folder's index). */
  | 'E_INDEX_FOREIGN'
  | 'E_INDEX_LOCKED'
  | 'E_NO_VECTORS'
  | 'E_FILE_UNREADABLE'
  | 'E_CANCELLED'
  | 'E_INTERNAL';

export interface SerializedError {
  code: ErrorCode;
  message: string;
  hint?: string;
  /** Where it was thrown, in the process that threw it. */
  stack?: string;
  /** What caused it, when something did. */
  cause?: SerializedCause;
}

/** A cause as far as it survives a process boundary: any error's name, message, errno-style code and stack. */
export interface SerializedCause {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SerializedCause;
}

/** Causes are followed this deep when serialized (a cycle or a very long chain stops here). */
const MAX_CAUSE_DEPTH = 4;

export class CodeloupeError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodeloupeError';
    this.code = code;
    this.hint = options.hint;
  }

  /** One line for people: what failed, then what to do. */
  describe(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }

  /** Plain data that crosses a process boundary (structured clone or JSON) and keeps stack and cause. */
  serialize(): SerializedError {
    const cause = serializeCause(this.cause, MAX_CAUSE_DEPTH);
    return {
      code: this.code,
      message: this.message,
      ...definedProps({ hint: this.hint, stack: this.stack, cause }),
    };
  }

  /** The error again on this side, with the stack of the side that threw it and its cause chain. */
  static deserialize(e: SerializedError): CodeloupeError {
    if (e.code === 'E_CANCELLED') return new CancelledError();
    const error = new CodeloupeError(e.code, e.message, { ...definedProps({ hint: e.hint }), ...(e.cause !== undefined && { cause: reviveCause(e.cause) }) });
    if (e.stack !== undefined) error.stack = e.stack;
    return error;
  }
}

function serializeCause(cause: unknown, depth: number): SerializedCause | undefined {
  if (cause === undefined || depth <= 0) return undefined;
  if (!(cause instanceof Error)) return { name: typeof cause, message: String(cause) };
  const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  const inner = serializeCause(cause.cause, depth - 1);
  return {
    name: cause.name,
    message: cause.message,
    ...definedProps({ code, stack: cause.stack, cause: inner }),
  };
}

function reviveCause(c: SerializedCause): Error {
  const error = new Error(c.message, c.cause === undefined ? undefined : { cause: reviveCause(c.cause) });
  error.name = c.name;
  if (c.stack !== undefined) error.stack = c.stack;
  if (c.code !== undefined) Object.assign(error, { code: c.code });
  return error;
}

/** The one cancellation error. Error reporting ignores it: cancelling is not a failure. */
export class CancelledError extends CodeloupeError {
  constructor() {
    super('E_CANCELLED', 'Cancelled.');
    this.name = 'CancelledError';
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof CodeloupeError && err.code === 'E_CANCELLED';
}

/** Wraps anything thrown into a CodeloupeError, keeping the original as `cause`. */
export function toCodeloupeError(err: unknown, fallback: ErrorCode = 'E_INTERNAL'): CodeloupeError {
  if (err instanceof CodeloupeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CodeloupeError(fallback, message, { cause: err });
}

export function errorMessage(err: unknown): string {
  if (err instanceof CodeloupeError) return err.describe();
  return err instanceof Error ? err.message : String(err);
}
