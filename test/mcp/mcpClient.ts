/** Starts `codeloupe mcp` (the built CLI) and connects the SDK's own client to it over stdio. */
import { resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const CLI = resolve(__dirname, '..', '..', 'bin', 'codeloupe.js');

export interface McpSession {
  client: Client;
  /** Everything the server wrote to stderr so far (its logs). */
  stderr(): string;
  /** Errors the client's transport met: a line on stdout that is not a protocol message lands here. */
  transportErrors: Error[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
}

export async function startMcp(t: TestContext, args: string[]): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args, '--verbose'],
    env: { ...(process.env as Record<string, string>), CODELOUPE_CACHE_DIR: '/nonexistent-cache-for-tests', HF_ENDPOINT: 'http://127.0.0.1:9' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'codeloupe-test', version: '1.0.0' });
  const transportErrors: Error[] = [];
  client.onerror = (err) => transportErrors.push(err);
  await client.connect(transport);
  const pid = transport.pid;
  t.after(async () => {
    await client.close();
    // The server may still be finishing background work (embedding after the last save): wait for it to exit,
    // so that the test's temporary folders are not removed under it.
    for (let waited = 0; pid !== null && isRunning(pid) && waited < 15_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  });
  return {
    client,
    stderr: () => stderr,
    transportErrors,
    call: async (name, toolArgs = {}) => (await client.callTool({ name, arguments: toolArgs }, undefined, { timeout: 120_000 })) as CallToolResult,
  };
}

/** The text of a tool result. */
export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** Polls `probe` until it returns a value (or the time runs out): for effects of the file watcher. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false; // ESRCH: the process is gone
  }
}
