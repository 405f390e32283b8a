import { CancellationTokenSource, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CancellationToken } from '../core/cancellation';
import { CancelledError, CodeloupeError } from '../core/errors';
import { Emitter, type Disposable } from '../shared/lifecycle';
import { fromRpcError } from '../shared/engineRpc';
import type { Method, NotificationName, Notifications, ParamsOf, ResultOf } from '../shared/protocol';

/**
 * The typed client of one engine server process, over a JSON-RPC connection. Cancelling a request's
 * token rejects it at once and sends `$/cancelRequest`, so the server stops the work (down to the
 * embedding worker). When the process goes away, `close` fails every request still waiting.
 */
export class EngineClient implements Disposable {
  /** How each waiting request fails when the client closes. */
  private readonly waiting = new Set<(err: CodeloupeError) => void>();
  private readonly notifications = new Emitter<{ method: string; params: unknown }>();
  private closedWith: CodeloupeError | undefined;

  /** Takes over `connection` (not yet listening): it listens now and is disposed with the client. */
  constructor(private readonly connection: MessageConnection) {
    connection.onNotification((method: string, params: unknown) => this.notifications.fire({ method, params }));
    connection.listen();
  }

  request<M extends Method>(method: M, params: ParamsOf<M>, token?: CancellationToken): Promise<ResultOf<M>> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (token?.isCancellationRequested) return Promise.reject(new CancelledError());
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const rpcCancel = new CancellationTokenSource();
      const settle = (action: () => void) => {
        if (!this.waiting.delete(fail)) return;
        subscription?.dispose();
        rpcCancel.dispose();
        action();
      };
      const fail = (err: CodeloupeError) => settle(() => reject(err));
      this.waiting.add(fail);
      const subscription = token?.onCancellationRequested(() => {
        rpcCancel.cancel();
        fail(new CancelledError());
      });
      let sent: Promise<ResultOf<M>>;
      try {
        sent = this.connection.sendRequest<ResultOf<M>>(method, params, rpcCancel.token);
      } catch (err) {
        fail(fromRpcError(err, method));
        return;
      }
      sent.then(
        (result) => settle(() => resolve(result)),
        (err: unknown) => fail(fromRpcError(err, method)),
      );
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
    for (const fail of [...this.waiting]) fail(reason);
    this.notifications.dispose();
    this.connection.dispose();
  }

  dispose(): void {
    this.close(new CodeloupeError('E_CANCELLED', 'The engine client was disposed.'));
  }
}
