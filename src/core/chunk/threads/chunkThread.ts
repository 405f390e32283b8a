import { parentPort, workerData } from 'node:worker_threads';
import type { CancellationToken } from '../../cancellation';
import { CancelledError, toCodeloupeError } from '../../errors';
import { Chunker } from '../chunker';
import type { CountingTables } from '../../embed/tokenizer';
import { countingKey, loadTokenCounter, type TokenCounter, type TokenCounting } from '../tokenCounting';
import { CLAIMED_BY_THREAD, claimSlot, UNCLAIMED, type ChunkJob, type ChunkJobReply, type ChunkThreadMessage, type ChunkThreadSetup } from './chunkThreadProtocol';

/**
 * The body of one chunk thread: a chunker of its own (tree-sitter keeps one runtime per thread) and the
 * token counter the jobs ask for, rebuilt from the calling thread's when the warm-up brings it as data, else
 * loaded once. Jobs are done one at a time, in the order they arrive.
 */
export function runChunkThread(): void {
  const port = parentPort;
  if (port === null) throw new Error('The chunk thread must run in a worker thread.');
  const setup = workerData as ChunkThreadSetup;
  const cancelledUpTo = new Int32Array(setup.cancelledUpTo);
  const claims = new Int32Array(setup.claims);
  const chunker = Chunker.create({ ...(setup.grammarDir !== undefined && { grammarDir: setup.grammarDir }), ...(setup.parseTimeoutMs !== undefined && { parseTimeoutMs: setup.parseTimeoutMs }) });
  const counters = new Map<string, Promise<TokenCounter>>();
  const counterFor = (spec: TokenCounting, tables?: CountingTables): Promise<TokenCounter> => {
    const key = countingKey(spec);
    let counter = counters.get(key);
    if (counter === undefined) {
      counter = loadTokenCounter(spec, tables);
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
      void counterFor(message.counting, message.tables).catch(() => undefined);
      void chunker.then((c) => c.prepare(message.paths)).catch(() => undefined);
      return;
    }
    queue = queue.then(async () => {
      const claimed = Atomics.compareExchange(claims, claimSlot(message.id), UNCLAIMED, CLAIMED_BY_THREAD) === UNCLAIMED;
      port.postMessage(claimed ? await doJob(message) : { type: 'taken', id: message.id });
    });
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
