import { CancelledError } from './errors';

/** A read-only view of a cancellation signal, passed down into long work. */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export const neverCancelled: CancellationToken = Object.freeze({
  isCancellationRequested: false,
  onCancellationRequested: () => ({ dispose: () => undefined }),
});

class SourceToken implements CancellationToken {
  cancelled = false;
  readonly listeners = new Set<() => void>();

  get isCancellationRequested(): boolean {
    return this.cancelled;
  }

  onCancellationRequested(listener: () => void): { dispose(): void } {
    if (this.cancelled) {
      listener();
      return { dispose: () => undefined };
    }
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }
}

export class CancellationSource {
  private readonly sourceToken = new SourceToken();

  /** Cancelled when this source is cancelled or, if given, when `parent` is. */
  constructor(parent?: CancellationToken) {
    parent?.onCancellationRequested(() => this.cancel());
  }

  get token(): CancellationToken {
    return this.sourceToken;
  }

  cancel(): void {
    const t = this.sourceToken;
    if (t.cancelled) return;
    t.cancelled = true;
    for (const l of [...t.listeners]) l();
    t.listeners.clear();
  }
}

export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new CancelledError();
}
