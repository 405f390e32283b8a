/**
 * How the engine protocol travels: JSON-RPC (vscode-jsonrpc, what VS Code's language clients use) over the
 * `child_process` IPC channel, with `$/cancelRequest` for cancellation. Both ends use this module, so the
 * error mapping and the channel live in one place.
 */
import type { ChildProcess } from 'node:child_process';
import {
  AbstractMessageWriter,
  ConnectionError,
  ErrorCodes,
  IPCMessageReader,
  ResponseError,
  createMessageConnection,
  type Message,
  type MessageConnection,
  type MessageWriter,
} from 'vscode-jsonrpc/node';
import type { CancellationToken } from '../core/cancellation';
import { CodeloupeError, toCodeloupeError, type SerializedError } from '../core/errors';
import type { Logger } from '../core/logger';
import { METHODS, type Method, type ParamsOf, type ResultOf } from './protocol';

/** The Language Server Protocol's code for a request that was cancelled (`LSPErrorCodes.RequestCancelled`). */
const REQUEST_CANCELLED = -32800;
/** JSON-RPC's range for implementation-defined server errors starts here; the stable code is in `data`. */
const ENGINE_ERROR = -32000;

/** A process end of an IPC channel: the child as the parent sees it, or `process` inside the child. */
export type IpcChannel = ChildProcess | NodeJS.Process;

/** Hands each message to `send` and resolves once Node has written it, so a process can exit after a reply. */
class IpcWriter extends AbstractMessageWriter implements MessageWriter {
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly channel: IpcChannel) {
    super();
    channel.on('error', (err: Error) => this.fireError(err));
    channel.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const sent = new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        this.fireError(err, message);
        reject(err);
      };
      if (!this.channel.connected || !this.channel.send) {
        fail(new Error('the IPC channel is closed'));
        return;
      }
      try {
        this.channel.send(message, undefined, undefined, (err: Error | null) => (err ? fail(err) : resolve()));
      } catch (err) {
        fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
    this.last = sent.catch(() => undefined);
    return sent;
  }

  /** Resolves when every message written so far has been sent (or failed). */
  flushed(): Promise<void> {
    return this.last;
  }

  end(): void {}
}

export interface IpcConnection {
  connection: MessageConnection;
  /** Resolves when every message written so far has left the process. */
  flushed(): Promise<void>;
}

/** A JSON-RPC connection over a process's IPC channel (not yet listening). */
export function ipcConnection(channel: IpcChannel, logger?: Logger): IpcConnection {
  const writer = new IpcWriter(channel);
  const rpcLogger = logger && { error: logger.error.bind(logger), warn: logger.warn.bind(logger), info: logger.debug.bind(logger), log: logger.debug.bind(logger) };
  const connection = createMessageConnection(new IPCMessageReader(channel), writer, rpcLogger);
  return { connection, flushed: () => writer.flushed() };
}

/** What a request fails with on the wire: the stable error in `data`, cancellation with LSP's code. */
export function toResponseError(err: unknown): ResponseError<SerializedError> {
  const error = toCodeloupeError(err);
  return new ResponseError(error.code === 'E_CANCELLED' ? REQUEST_CANCELLED : ENGINE_ERROR, error.message, error.serialize());
}

/** The client's view of a failed request: the server's own error, or what went wrong with the channel. */
export function fromRpcError(err: unknown, method: string): CodeloupeError {
  if (err instanceof ResponseError) {
    if (isSerializedError(err.data)) return CodeloupeError.deserialize(err.data);
    if (err.code === ErrorCodes.PendingResponseRejected) return serverGone(method, err);
    return new CodeloupeError('E_INTERNAL', `The engine server could not handle ${method}: ${err.message}`, { cause: err });
  }
  if (err instanceof ConnectionError) return serverGone(method, err);
  return toCodeloupeError(err);
}

function serverGone(method: string, cause: Error): CodeloupeError {
  return new CodeloupeError('E_WORKER_CRASHED', `The engine server went away before it answered ${method} (${cause.message}).`, {
    hint: 'It restarts on its own; see the codeloupe log.',
    cause,
  });
}

function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && code.startsWith('E_') && typeof message === 'string';
}

/** Answers every protocol method through `handle`; its failures reach the client as stable errors. */
export type EngineRequestHandler = <M extends Method>(method: M, params: ParamsOf<M>, token: CancellationToken) => Promise<ResultOf<M>>;

export function serveEngineRequests(connection: MessageConnection, handle: EngineRequestHandler): void {
  for (const method of METHODS) {
    connection.onRequest(method, async (params: ParamsOf<typeof method>, token) => {
      try {
        return await handle(method, params, token);
      } catch (err) {
        throw toResponseError(err);
      }
    });
  }
}
