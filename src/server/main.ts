/**
 * The engine server: a child process forked by the extension (IPC, 'advanced' serialization) that hosts
 * one CodeIndex per workspace folder, so that no scanning, parsing, SQLite or HNSW work runs on the
 * extension host's thread. It exits when its parent goes away.
 */
import { EmbedderPool } from '../core/embed/embedderPool';
import { codeIndexOpener } from './codeIndexAdapter';
import { EngineHost } from './engineHost';
import type { ServerMessage } from '../shared/protocol';

const ORPHAN_GRACE_MS = 5000;

function main(): void {
  const send = process.send?.bind(process);
  if (!send) {
    process.stderr.write('codeloupe engine server: start me with child_process.fork (an IPC channel is required).\n');
    process.exit(2);
  }
  let lastSend: Promise<void> = Promise.resolve();
  const post = (message: ServerMessage): void => {
    if (!process.connected) return;
    lastSend = new Promise((resolve) => {
      send(message, undefined, undefined, () => resolve());
    });
  };
  const host = new EngineHost(codeIndexOpener(new EmbedderPool()), post, () => {
    void lastSend.then(() => process.exit(0));
  });
  process.on('message', (message) => host.handle(message));
  // The parent died or closed the channel: nobody is left to answer. Close the indexes cleanly (runs end
  // after their current batch), but never outlive the parent by more than a few seconds.
  process.on('disconnect', () => {
    setTimeout(() => process.exit(0), ORPHAN_GRACE_MS).unref();
    void host.closeAll().finally(() => process.exit(0));
  });
  process.on('uncaughtException', (err) => {
    post({ type: 'notification', method: 'log', params: { level: 'error', message: `Engine server crashed: ${err.stack ?? err.message}` } });
    void lastSend.then(() => process.exit(1));
  });
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    post({ type: 'notification', method: 'log', params: { level: 'error', message: `Engine server: unhandled rejection: ${text}` } });
  });
}

main();
