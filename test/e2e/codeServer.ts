/**
 * code-server (VS Code served to a browser) for the end-to-end tests: installing an extension into a fresh
 * user-data and extensions folder, and one server process in its own process group, killed by group id.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CodeServerPlaces {
  /** The install folder printed by scripts/e2e/install-code-server.sh. */
  installDir: string;
  userDataDir: string;
  extensionsDir: string;
}

function entry(places: CodeServerPlaces): string {
  return join(places.installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function placeArgs(places: CodeServerPlaces): string[] {
  return ['--user-data-dir', places.userDataDir, '--extensions-dir', places.extensionsDir];
}

/** VS Code keeps its own list of installed extensions: a VSIX must go through --install-extension. */
export async function installExtension(places: CodeServerPlaces, vsix: string): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [entry(places), ...placeArgs(places), '--install-extension', vsix], { maxBuffer: 16 * 1024 * 1024 });
  return `${stdout}${stderr}`;
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port was assigned'))));
    });
  });
}

/** One running code-server; `stop()` kills its whole process group (extension host, watchers, terminals). */
export class CodeServer {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** What the server printed (stdout and stderr), for failure reports. */
  get log(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(places: CodeServerPlaces, folder: string, onExitHook: (kill: () => void) => void): Promise<CodeServer> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [entry(places), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...placeArgs(places), folder],
      // Its own process group, so that stop() (and the exit hook) reach everything it started.
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CODELOUPE_E2E: '1' } },
    );
    const server = new CodeServer(child, `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`);
    onExitHook(() => server.killGroup('SIGKILL'));
    await server.listening();
    return server;
  }

  /** Resolves when the server says it listens; rejects if it exits first or stays silent for a minute. */
  private listening(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start listening within 60 s:\n${this.output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (/HTTP server listening on/.test(this.output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.child.stdout!.on('data', onData);
      this.child.stderr!.on('data', onData);
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (code ${code}, signal ${signal}) before listening:\n${this.output}`));
      });
    });
  }

  /** SIGTERM to the group, then SIGKILL if it has not exited within 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      this.killGroup('SIGKILL');
      return;
    }
    this.killGroup('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
    await Promise.race([this.exited, timeout]);
    // Whatever of the group is left (the server itself may be gone while a child lingers).
    this.killGroup('SIGKILL');
  }

  private killGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch (err) {
      // ESRCH: the group is already gone, which is what stopping wants.
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}
