/**
 * Entry of the embedding worker process (bundled to dist/embed-worker.js). The host forks it with an IPC
 * channel using `serialization: 'advanced'`; inference blocks this process's thread, not the editor's.
 */
import { runEmbedWorker } from './embedWorker';
import { processPort } from './processPort';

runEmbedWorker(processPort(), (code) => process.exit(code));
