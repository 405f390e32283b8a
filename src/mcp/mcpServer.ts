/**
 * `codeloupe mcp`: a Model Context Protocol server over stdio (the official TypeScript SDK) that serves one
 * or more folders through the same engine as the CLI and the extension. Stdout carries protocol messages
 * and nothing else: the transport gets its own handle on it, and anything else written there (a stray
 * console.log in a dependency) goes to stderr, with the logs.
 */
import { Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Logger } from '../core/logger';
import { EngineSession, type FolderSettings } from './engineSession';
import type { ServedFolder } from './servedFolders';
import { registerFindSimilar } from './tools/findSimilar';
import { registerIndexStatus } from './tools/indexStatus';
import { registerReindex } from './tools/reindex';
import { registerSearchCode } from './tools/searchCode';

export interface McpServeOptions {
  folders: ServedFolder[];
  settings: () => FolderSettings;
  logger: Logger;
  version: string;
  /** Re-index changed files while serving (default true). */
  watch?: boolean;
}

const INSTRUCTIONS =
  'codeloupe searches the code of the folders it serves with a local index (by meaning and by keywords). Use search_code to find where ' +
  'something is implemented before reading files, and find_similar to see whether code like a draft already exists. If a call says a ' +
  'folder has no index yet, call reindex once. index_status says what is indexed and whether search by meaning is available.';

/** A close that takes longer than this (an index run finishing its batch) is cut short. */
const CLOSE_TIMEOUT_MS = 5000;

/** Serves until the client closes stdin or the process is told to stop; resolves when closed. */
export async function serveMcp(options: McpServeOptions): Promise<void> {
  const protocolOut = stdoutForProtocolOnly();
  const session = EngineSession.start({ folders: options.folders, settings: options.settings, logger: options.logger, watch: options.watch ?? true });
  const server = new McpServer({ name: 'codeloupe', version: options.version }, { instructions: INSTRUCTIONS });
  registerSearchCode(server, session);
  registerFindSimilar(server, session);
  registerIndexStatus(server, session);
  registerReindex(server, session);

  const transport = new StdioServerTransport(process.stdin, protocolOut);
  const closed = new Promise<void>((resolve) => {
    let closing = false;
    const close = (why: string): void => {
      if (closing) return;
      closing = true;
      options.logger.info(`codeloupe mcp: ${why}; closing.`);
      const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      void Promise.allSettled([server.close(), session.close()]).then(() => {
        clearTimeout(timer);
        resolve();
      });
    };
    process.stdin.once('end', () => close('the client closed the connection'));
    process.once('SIGTERM', () => close('SIGTERM'));
    process.once('SIGINT', () => close('SIGINT'));
    transport.onclose = () => close('the transport closed');
  });
  server.server.onerror = (err) => options.logger.warn(`MCP: ${err.message}`);
  await server.connect(transport);
  options.logger.info(`codeloupe mcp serving ${options.folders.map((f) => f.root).join(', ')}.`);
  await closed;
  process.stdin.destroy();
}

/**
 * A stream on the process's stdout for the transport alone; `process.stdout.write` itself is pointed at
 * stderr, so console output and any other write cannot corrupt the protocol stream.
 */
function stdoutForProtocolOnly(): Writable {
  const write = process.stdout.write.bind(process.stdout);
  const protocolOut = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      write(chunk, (err) => callback(err ?? null));
    },
  });
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  return protocolOut;
}
