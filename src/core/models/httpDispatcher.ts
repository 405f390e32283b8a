/**
 * The HTTP connection pool model downloads use. Node 20's built-in fetch ignores HTTPS_PROXY; undici's
 * EnvHttpProxyAgent reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case), and an explicit proxy URL
 * (VS Code's http.proxy setting) goes through ProxyAgent.
 */
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

/** A proxy URL; `false` for a direct connection whatever the environment says; undefined: the environment's. */
export type ProxySetting = string | false | undefined;

const TIMEOUTS = {
  /** Connecting to a host that does not answer. */
  connect: { timeout: 15_000 },
  /** Waiting for response headers. */
  headersTimeout: 30_000,
  /** A transfer that stalls this long is dropped (and resumed on the next try). */
  bodyTimeout: 60_000,
};

export function createDispatcher(proxy: ProxySetting): Dispatcher {
  if (proxy === false) return new Agent(TIMEOUTS);
  if (proxy) return new ProxyAgent({ uri: proxy, ...TIMEOUTS });
  return new EnvHttpProxyAgent(TIMEOUTS);
}

/** What to say about a failed request: the cause's code (ECONNREFUSED, ENOTFOUND...) or message. */
export function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}
