/**
 * Lets the event loop run before going on (I/O callbacks, IPC and worker messages that have arrived), for a
 * loop of synchronous work that must stay interruptible: a cancel between two inference runs, a chunk
 * thread's reply between two files chunked on the calling thread.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
