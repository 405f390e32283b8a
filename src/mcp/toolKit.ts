/** What every tool shares: turning answers and errors into MCP results, and abort signals into tokens. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CancellationSource, type CancellationToken } from '../core/cancellation';
import { toCodeloupeError } from '../core/errors';
import { neutralizeControls } from '../core/safeText';

/**
 * A structured answer (checked against the tool's output schema by the SDK) with its short text rendering
 * for clients that show text. The text carries names and snippets from the repository: control characters
 * are shown as escapes, as in the CLI, since some clients print tool output to a terminal.
 */
export function toolAnswer(structured: Record<string, unknown>, text: string): CallToolResult {
  return { structuredContent: structured, content: [{ type: 'text', text: neutralizeControls(text) }] };
}

/** A failure the agent can act on: stable code, what failed, what to do next. */
export function toolError(err: unknown): CallToolResult {
  const error = toCodeloupeError(err);
  const text = `${error.code}: ${error.message}${error.hint ? ` ${error.hint}` : ''}`;
  return { isError: true, content: [{ type: 'text', text: neutralizeControls(text) }] };
}

/** Runs a tool's body; its failures become tool errors (cancellation is left to the SDK, which answers nothing). */
export async function answering(body: () => Promise<CallToolResult>, signal: AbortSignal): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    if (signal.aborted) throw err;
    return toolError(err);
  }
}

export function tokenOf(signal: AbortSignal): CancellationToken {
  const source = new CancellationSource();
  if (signal.aborted) source.cancel();
  else signal.addEventListener('abort', () => source.cancel(), { once: true });
  return source.token;
}
