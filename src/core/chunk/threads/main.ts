/** Entry of a chunk thread (bundled to dist/chunk-thread.js); the pool in chunkThreadPool.ts starts it. */
import { runChunkThread } from './chunkThread';

runChunkThread();
