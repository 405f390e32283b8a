import { parentPort, workerData } from 'node:worker_threads';
import type { CancellationToken } from '../../cancellation';
import { CancelledError, toCodeloupeError } from '../../errors';
import { Chunker } from '../chunker';
import { countingKey, loadTokenCounter, type TokenCounter, type TokenCounting } from '../tokenCounting';
import type { ChunkJob, ChunkJobReply, ChunkThreadMessage, ChunkThreadSetup } from './chunkThreadProtocol';

/**
 * The body of one chunk thread: a chunker of its own (tree-sitter keeps one runtime per thread) and the
 * token counter the jobs ask for, loaded once. Jobs are done one at a time, in the order they arrive.
 */
export function runChunkThread(): void {
  const port = parentPort;
  if (port === null) throw new Error('The chunk thread must run in a worker thread.');
  const setup = workerData as ChunkThreadSetup;
  const cancelledUpTo = new Int32Array(setup.cancelledUpTo);
  const chunker = Chunker.create({ ...(setup.grammarDir !== undefined && { grammarDir: setup.grammarDir }), ...(setup.parseTimeoutMs !== undefined && { parseTimeoutMs: setup.parseTimeoutMs }) });
  const counters = new Map<string, Promise<TokenCounter>>();
  const counterFor = (spec: TokenCounting): Promise<TokenCounter> => {
    const key = countingKey(spec);
    let counter = counters.get(key);
    if (counter === undefined) {
      counter = loadTokenCounter(spec);
      counter.catch(() => counters.delete(key));
      counters.set(key, counter);
    }
    return counter;
  };
  // Jobs arrive while one is being done (grammar and tokenizer loads are asynchronous): a chain keeps them in order.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: ChunkThreadMessage) => {
    if (message.type === 'warm') {
      // Loads in the background; a failure here shows (and is handled) in the first job that needs it.
      void counterFor(message.counting).catch(() => undefined);
      void chunker.then((c) => c.prepare(message.paths)).catch(() => undefined);
      return;
    }
    queue = queue.then(async () => port.postMessage(await doJob(message)));
  });

  async function doJob(job: ChunkJob): Promise<ChunkJobReply> {
    const started = performance.now();
    const token: CancellationToken = {
      get isCancellationRequested() {
        return Atomics.load(cancelledUpTo, 0) >= job.id;
      },
      onCancellationRequested: () => ({ dispose: () => undefined }),
    };
    try {
      if (token.isCancellationRequested) throw new CancelledError();
      const counter = await counterFor(job.counting);
      const outcome = await (await chunker).chunk({ path: job.path, text: job.text }, { maxTokens: job.maxTokens, ...counter, token });
      return { type: 'chunked', id: job.id, outcome, chunkMs: performance.now() - started };
    } catch (err) {
      return { type: 'failed', id: job.id, error: toCodeloupeError(err).serialize() };
    }
  }
}
