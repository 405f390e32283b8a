/**
 * The engine server: a child process forked by the extension (JSON-RPC over IPC) that hosts one
 * CodeIndex per workspace folder, so that no scanning, parsing, SQLite or HNSW work runs on the extension
 * host's thread. It exits when its parent goes away.
 */
import { EmbedderPool } from '../core/embed/embedderPool';
import { ipcConnection, serveEngineRequests } from '../shared/engineRpc';
import { codeIndexOpener } from './codeIndexAdapter';
import { EngineHost } from './engineHost';

const ORPHAN_GRACE_MS = 5000;

function main(): void {
  if (!process.send) {
    process.stderr.write('codeloupe engine server: start me with child_process.fork (an IPC channel is required).\n');
    process.exit(2);
  }
  const { connection, flushed } = ipcConnection(process);
  /** Exits once everything sent so far (the shutdown answer, a last log line) has left. */
  const exitAfterSends = (code: number) => setImmediate(() => void flushed().then(() => process.exit(code)));
  const host = new EngineHost(
    codeIndexOpener(new EmbedderPool()),
    (method, params) => {
      if (process.connected) connection.sendNotification(method, params).catch(() => undefined);
    },
    () => exitAfterSends(0),
  );
  serveEngineRequests(connection, (method, params, token) => host.handle(method, params, token));
  connection.listen();
  // The parent died or closed the channel: nobody is left to answer. Close the indexes cleanly (runs end
  // after their current batch), but never outlive the parent by more than a few seconds.
  process.on('disconnect', () => {
    setTimeout(() => process.exit(0), ORPHAN_GRACE_MS).unref();
    void host.closeAll().finally(() => process.exit(0));
  });
  process.on('uncaughtException', (err) => {
    host.notify('log', { level: 'error', message: `Engine server crashed: ${err.stack ?? err.message}` });
    exitAfterSends(1);
  });
  process.on('unhandledRejection', (reason) => {
    const text = reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
    host.notify('log', { level: 'error', message: `Engine server: unhandled rejection: ${text}` });
  });
}

main();
