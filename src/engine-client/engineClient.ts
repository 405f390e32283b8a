import type { CancellationToken } from '../core/cancellation';
import { CancelledError, CodeloupeError } from '../core/errors';
import { Emitter, type Disposable } from '../shared/lifecycle';
import {
  isServerMessage,
  type Method,
  type NotificationName,
  type Notifications,
  type ParamsOf,
  type RequestMessage,
  type ResultOf,
  type ServerMessage,
} from '../shared/protocol';

/** The channel to one server process: `child_process` IPC in the extension, anything in tests. */
export interface EngineTransport {
  send(message: RequestMessage): void;
  onMessage(listener: (message: unknown) => void): Disposable;
}

interface Pending {
  method: Method;
  resolve(result: unknown): void;
  reject(err: unknown): void;
  unsubscribe?: () => void;
}

/**
 * The typed client of one engine server process. Requests get ids and promises; cancelling a request's
 * token rejects it at once and tells the server to stop the work. When the process goes away, `close`
 * fails every request still waiting.
 */
export class EngineClient implements Disposable {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly notifications = new Emitter<ServerMessage & { type: 'notification' }>();
  private readonly subscription: Disposable;
  private closedWith: CodeloupeError | undefined;

  constructor(private readonly transport: EngineTransport) {
    this.subscription = transport.onMessage((message) => this.receive(message));
  }

  request<M extends Method>(method: M, params: ParamsOf<M>, token?: CancellationToken): Promise<ResultOf<M>> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (token?.isCancellationRequested) return Promise.reject(new CancelledError());
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const entry: Pending = { method, resolve: (r) => resolve(r as ResultOf<M>), reject };
      this.pending.set(id, entry);
      if (token) {
        const subscription = token.onCancellationRequested(() => {
          if (!this.pending.delete(id)) return;
          reject(new CancelledError());
          this.notifyCancel(id);
        });
        entry.unsubscribe = () => subscription.dispose();
      }
      try {
        this.transport.send({ type: 'request', id, method, params });
      } catch (err) {
        this.settle(id, (p) => p.reject(new CodeloupeError('E_WORKER_CRASHED', `Could not send ${method} to the engine server: ${String(err)}.`, { cause: err })));
      }
    });
  }

  onNotification<N extends NotificationName>(method: N, listener: (params: Notifications[N]) => void): Disposable {
    return this.notifications.event((message) => {
      if (message.method === method) listener(message.params as Notifications[N]);
    });
  }

  /** Fails every waiting request with `reason`; later requests fail at once. */
  close(reason: CodeloupeError): void {
    if (this.closedWith) return;
    this.closedWith = reason;
    for (const id of [...this.pending.keys()]) this.settle(id, (p) => p.reject(reason));
    this.subscription.dispose();
    this.notifications.dispose();
  }

  dispose(): void {
    this.close(new CodeloupeError('E_CANCELLED', 'The engine client was disposed.'));
  }

  private notifyCancel(requestId: number): void {
    try {
      this.transport.send({ type: 'request', id: this.nextId++, method: 'cancel', params: { requestId } });
    } catch {
      // The process is gone: there is nothing left to cancel.
    }
  }

  private receive(message: unknown): void {
    if (!isServerMessage(message)) return;
    if (message.type === 'notification') {
      this.notifications.fire(message);
      return;
    }
    this.settle(message.id, (p) => (message.ok ? p.resolve(message.result) : p.reject(CodeloupeError.deserialize(message.error))));
  }

  private settle(id: number, action: (p: Pending) => void): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.unsubscribe?.();
    action(entry);
  }
}
