/**
 * A small stand-in for the Hugging Face Hub on 127.0.0.1 (random free port): `paths-info` and `resolve`
 * for one repository built from local files, with sizes, git blob ids / sha256 as the Hub reports them,
 * HTTP Range support, and switches to misbehave (drop a connection mid-file, serve altered bytes).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface HubServerOptions {
  /** Repository id served, e.g. 'codeloupe/test-model'. */
  id: string;
  /** Repository path → bytes. */
  files: Map<string, Buffer>;
  /** Paths stored in LFS (reported with a sha256); default: *.onnx. */
  isLfs?: (repoPath: string) => boolean;
}

export interface LoggedRequest {
  method: string;
  url: string;
  range: string | undefined;
}

export class HubServer {
  readonly requests: LoggedRequest[] = [];
  /** The next GET of this path sends this many bytes, then destroys the connection (once). */
  dropOnce: { path: string; afterBytes: number } | undefined;
  /** GETs of this path serve the file with one byte changed (same size). */
  corrupt: string | undefined;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    private readonly opts: HubServerOptions,
    readonly endpoint: string,
  ) {}

  static async start(opts: HubServerOptions): Promise<HubServer> {
    const holder: { hub?: HubServer } = {};
    const server = createServer((req, res) => holder.hub?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.hub = new HubServer(server, opts, `http://127.0.0.1:${port}`);
    return holder.hub;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = decodeURIComponent(req.url ?? '');
    this.requests.push({ method: req.method ?? '', url, range: req.headers.range });
    const api = `/api/models/${this.opts.id}/paths-info/`;
    const resolve = `/${this.opts.id}/resolve/`;
    if (req.method === 'POST' && url.startsWith(api)) return this.pathsInfo(req, res);
    if (req.method === 'GET' && url.startsWith(resolve)) {
      const rest = url.slice(resolve.length);
      return this.serveFile(rest.slice(rest.indexOf('/') + 1), req, res);
    }
    res.writeHead(404, { 'x-error-code': 'RepoNotFound' }).end('Repository not found');
  }

  private pathsInfo(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { paths } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { paths: string[] };
      const entries = paths.flatMap((p) => {
        const bytes = this.opts.files.get(p);
        if (!bytes) return [];
        const gitOid = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
        const lfs = this.isLfs(p) ? { oid: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, pointerSize: 134 } : undefined;
        return [{ type: 'file', path: p, size: lfs ? 134 : bytes.length, oid: lfs ? 'pointer-oid' : gitOid, ...(lfs && { lfs }) }];
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(entries));
    });
  }

  private serveFile(repoPath: string, req: IncomingMessage, res: ServerResponse): void {
    const original = this.opts.files.get(repoPath);
    if (!original) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
      return;
    }
    let bytes = original;
    if (this.corrupt === repoPath) {
      bytes = Buffer.from(original);
      bytes[bytes.length >> 1] ^= 0xff;
    }
    const etag = this.isLfs(repoPath) ? createHash('sha256').update(original).digest('hex') : createHash('sha1').update(`blob ${original.length}\0`).update(original).digest('hex');
    const headers: Record<string, string> = { etag: `"${etag}"`, 'x-linked-etag': `"${etag}"`, 'x-linked-size': String(original.length), 'accept-ranges': 'bytes' };
    let start = 0;
    let end = bytes.length - 1;
    // `bytes=START-` (a resume from a partial file) or `bytes=START-END` (undici's RetryAgent resuming a body).
    const m = req.headers.range ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range) : null;
    if (m) {
      start = Number(m[1]);
      if (m[2]) end = Math.min(end, Number(m[2]));
      if (start >= bytes.length || start > end) {
        res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
        return;
      }
      headers['content-range'] = `bytes ${start}-${end}/${bytes.length}`;
    }
    const body = bytes.subarray(start, end + 1);
    res.writeHead(m ? 206 : 200, { ...headers, 'content-length': String(body.length), 'content-type': 'application/octet-stream' });
    const drop = this.dropOnce;
    if (drop && drop.path === repoPath) {
      this.dropOnce = undefined;
      res.write(body.subarray(0, drop.afterBytes), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(body);
  }

  private isLfs(repoPath: string): boolean {
    return (this.opts.isLfs ?? ((p) => p.endsWith('.onnx')))(repoPath);
  }
}

/** Every file of a local model folder, keyed by its '/'-separated path inside it. */
export function filesOf(dir: string, extra: Record<string, string> = {}): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string): void => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else files.set(rel, readFileSync(path.join(dir, rel)));
    }
  };
  walk('');
  for (const [as, from] of Object.entries(extra)) files.set(as, files.get(from)!);
  return files;
}

/** A port that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
