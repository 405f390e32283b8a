/**
 * The embedding worker's behaviour, independent of how messages travel: loads the model on `init`,
 * embeds requests one at a time in arrival order, drops cancelled work, and exits on `shutdown`.
 */
import { CancelledError, toCodeloupeError } from '../../errors';
import type { Logger } from '../../logger';
import { BatchEmbedder, batchLimitsFor } from '../batchEmbedder';
import { OnnxEncoder } from '../onnxEncoder';
import { ModelTokenizer } from '../tokenizer';
import { lowerOwnPriority } from './processPriority';
import type { HostMessage, WorkerInit, WorkerPort } from './protocol';

interface Loaded {
  embedder: BatchEmbedder;
  encoder: OnnxEncoder;
}

interface Request {
  requestId: number;
  texts: string[];
}

export function runEmbedWorker(port: WorkerPort, exit: (code: number) => void): void {
  const worker = new EmbedWorker(port, exit);
  port.onMessage((message) => worker.handle(message));
}

class EmbedWorker {
  private loading: Promise<Loaded | undefined> | undefined;
  private readonly queue: Request[] = [];
  private readonly cancelled = new Set<number>();
  private draining: Promise<void> | undefined;
  private shuttingDown = false;
  private readonly logger: Logger;

  constructor(
    private readonly port: WorkerPort,
    private readonly exit: (code: number) => void,
  ) {
    const log = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => port.send({ type: 'log', level, message });
    this.logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'init':
        this.loading ??= this.load(message.init);
        return;
      case 'embed':
        if (this.shuttingDown) return;
        this.queue.push({ requestId: message.requestId, texts: message.texts });
        this.draining ??= this.drain().finally(() => (this.draining = undefined));
        return;
      case 'cancel':
        this.cancel(message.requestId);
        return;
      case 'shutdown':
        void this.shutdown();
        return;
    }
  }

  private async load(init: WorkerInit): Promise<Loaded | undefined> {
    if (init.priority !== 'normal') {
      const problem = lowerOwnPriority();
      if (problem) this.logger.warn(problem);
    }
    try {
      const tokenizer = await ModelTokenizer.load(init.model);
      const encoder = await OnnxEncoder.create(init.model, { device: init.device, threads: init.threads, logger: this.logger });
      const limits = batchLimitsFor(encoder.device, init.batchTokens);
      this.logger.debug(`Embedding batches hold up to ${limits.maxTokens} padded tokens and ${limits.maxBatchSize} inputs.`);
      this.port.send({ type: 'ready', device: encoder.device, fallbacks: encoder.fallbacks, dimension: init.model.dimension });
      return { encoder, embedder: new BatchEmbedder(init.model, tokenizer, encoder, limits) };
    } catch (err) {
      this.port.send({ type: 'initFailed', error: toCodeloupeError(err, 'E_MODEL_INVALID').serialize() });
      return undefined;
    }
  }

  private async drain(): Promise<void> {
    for (let request = this.queue.shift(); request !== undefined; request = this.queue.shift()) {
      const { requestId, texts } = request;
      if (this.cancelled.delete(requestId)) {
        this.port.send({ type: 'cancelled', requestId });
        continue;
      }
      try {
        const loaded = await this.loading;
        if (loaded === undefined) throw toCodeloupeError(new Error('The embedding worker received work before a successful init.'), 'E_INTERNAL');
        const outcome = await loaded.embedder.embed(
          texts,
          () => this.cancelled.has(requestId) || this.shuttingDown,
          (done) => this.port.send({ type: 'progress', requestId, done }),
        );
        if (outcome === 'cancelled') throw new CancelledError();
        this.port.send({ type: 'result', requestId, ...outcome });
      } catch (err) {
        const error = toCodeloupeError(err, 'E_EMBED_FAILED');
        this.port.send(error.code === 'E_CANCELLED' ? { type: 'cancelled', requestId } : { type: 'failed', requestId, error: error.serialize() });
      } finally {
        this.cancelled.delete(requestId);
      }
    }
  }

  private cancel(requestId: number): void {
    const queued = this.queue.findIndex((r) => r.requestId === requestId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.port.send({ type: 'cancelled', requestId });
    } else {
      this.cancelled.add(requestId);
    }
  }

  /** Finishes nothing new: queued work is dropped, the running batch ends, the session is released. */
  private async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const r of this.queue.splice(0)) this.port.send({ type: 'cancelled', requestId: r.requestId });
    await this.draining;
    const loaded = await this.loading;
    await loaded?.encoder.dispose();
    this.exit(0);
  }
}
