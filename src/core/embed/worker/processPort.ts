/** The worker's side of the fork IPC channel. The process exits when its parent goes away. */
import type { HostMessage, WorkerMessage, WorkerPort } from './protocol';

export function processPort(): WorkerPort {
  const send = process.send?.bind(process);
  if (send === undefined) {
    process.stderr.write('The codeloupe embedding worker must be started by codeloupe (it needs an IPC channel).\n');
    process.exit(2);
  }
  // No orphan workers: when the parent dies or disconnects, the channel closes and we leave.
  process.on('disconnect', () => process.exit(0));
  return {
    onMessage: (listener) => process.on('message', (message) => listener(message as HostMessage)),
    send: (message: WorkerMessage) => {
      if (!process.connected) return;
      // With a callback, a send that races the parent's disconnect reports here instead of crashing the process.
      send(message, undefined, undefined, (err: Error | null) => {
        if (err && process.connected) process.stderr.write(`codeloupe embedding worker could not send '${message.type}': ${err.message}\n`);
      });
    },
  };
}
