/**
 * Which proxy model downloads (and the CUDA install) go through, from VS Code's `http.*` settings and the
 * environment. VS Code routes its own requests through `http.proxy`, but codeloupe downloads with undici,
 * which VS Code does not patch, so the setting is read here. Pure.
 */
import type { ProxySetting } from '../../core/models/httpDispatcher';

/** VS Code's settings as read (`http.proxy`, `http.proxySupport`, `http.noProxy`), unvalidated. */
export interface VsProxySettings {
  proxy?: unknown;
  proxySupport?: unknown;
  noProxy?: unknown;
}

export interface ResolvedProxy {
  /** A proxy URL, `false` for a direct connection, undefined for HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy: ProxySetting;
  /** Where it came from, for the log. */
  source: string;
}

/**
 * `http.proxy` wins (VS Code's rule: the setting, else the environment), unless `http.proxySupport` is
 * `off` or the target's host is in `http.noProxy`. A proxy given without a scheme is taken as http://.
 */
export function resolveProxy(settings: VsProxySettings, targetUrl: string, env: NodeJS.ProcessEnv = process.env): ResolvedProxy {
  const fromEnv = envProxy(env);
  const environment: ResolvedProxy = { proxy: undefined, source: fromEnv ? `the environment (${fromEnv})` : 'none (direct connection)' };
  if (settings.proxySupport === 'off') return { ...environment, source: `${environment.source}; http.proxySupport is off` };
  const configured = typeof settings.proxy === 'string' ? settings.proxy.trim() : '';
  if (configured === '') return environment;
  const host = hostOf(targetUrl);
  if (host !== undefined && bypasses(host, listOf(settings.noProxy))) return { proxy: false, source: `none: ${host} is in http.noProxy` };
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(configured) ? configured : `http://${configured}`;
  return { proxy: url, source: `http.proxy (${redact(url)})` };
}

/** The environment for onnxruntime-node's install script, whose downloads go through global-agent (GLOBAL_AGENT_*). */
export function installEnv(resolved: ResolvedProxy, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  if (resolved.proxy === false) {
    for (const key of ['GLOBAL_AGENT_HTTP_PROXY', 'GLOBAL_AGENT_HTTPS_PROXY', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete out[key];
    return out;
  }
  if (typeof resolved.proxy === 'string') {
    out['GLOBAL_AGENT_HTTP_PROXY'] = resolved.proxy;
    out['GLOBAL_AGENT_HTTPS_PROXY'] = resolved.proxy;
    return out;
  }
  const https = env['HTTPS_PROXY'] ?? env['https_proxy'];
  const http = env['HTTP_PROXY'] ?? env['http_proxy'];
  const noProxy = env['NO_PROXY'] ?? env['no_proxy'];
  if (out['GLOBAL_AGENT_HTTPS_PROXY'] === undefined && (https ?? http)) out['GLOBAL_AGENT_HTTPS_PROXY'] = https ?? http;
  if (out['GLOBAL_AGENT_HTTP_PROXY'] === undefined && http) out['GLOBAL_AGENT_HTTP_PROXY'] = http;
  if (out['GLOBAL_AGENT_NO_PROXY'] === undefined && noProxy) out['GLOBAL_AGENT_NO_PROXY'] = noProxy;
  return out;
}

/** `localhost`, `example.com` (and its subdomains), `.example.com`, `*.example.com`, `*`. */
export function bypasses(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((raw) => {
    const p = raw.trim().toLowerCase().replace(/^\*\./, '.').replace(/:\d+$/, '');
    if (p === '*') return true;
    if (p === '') return false;
    const bare = p.startsWith('.') ? p.slice(1) : p;
    return h === bare || h.endsWith(`.${bare}`);
  });
}

function envProxy(env: NodeJS.ProcessEnv): string | undefined {
  const key = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].find((k) => (env[k] ?? '').trim() !== '');
  return key === undefined ? undefined : `${key}=${redact(env[key]!.trim())}`;
}

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined; // not a URL: no host to compare with http.noProxy
  }
}

/** A proxy URL without its password, for logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
