/**
 * One end-to-end session: code-server installed (cached), the VSIX built with the project's packaging
 * command and installed into a fresh profile, code-server started on the fixture workspace and opened in
 * headless Chromium. Screenshots and, on failure, logs go to `.artifacts/e2e/`.
 */
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CodeServer, installExtension, type CodeServerPlaces } from './codeServer';
import { recordStatusTexts, recordedStatusTexts, STATUS_ITEM_ID } from './inPage';
import { reapLeftovers } from './leftovers';
import { createSandbox, removeSandbox, type Sandbox } from './sandbox';
import { Workbench } from './workbench';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS_DIR = join(REPO_ROOT, '.artifacts', 'e2e');

/** The flags from ../shared/notes/real-vscode.md: no sandbox (root in a container), nothing in the background. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CHROMIUM = process.env.CODELOUPE_E2E_CHROMIUM ?? '/usr/bin/chromium';

export class E2eSession {
  private failures = 0;

  private constructor(
    readonly sandbox: Sandbox,
    readonly places: CodeServerPlaces,
    private readonly server: CodeServer,
    private readonly browser: Browser,
    readonly workbench: Workbench,
    private readonly releaseExitHook: () => void,
  ) {}

  /** Everything up to a workbench showing the fixture workspace. Cleans up what it started if it fails. */
  static async start(log: (line: string) => void): Promise<E2eSession> {
    await rm(ARTIFACTS_DIR, { recursive: true, force: true });
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    const installDir = await installCodeServer();
    log(`code-server in ${installDir}`);
    const vsix = await buildVsix(log);
    const sandbox = await createSandbox(REPO_ROOT);
    log(`sandbox ${sandbox.root}; artifacts in ${ARTIFACTS_DIR}`);
    const places = { installDir, userDataDir: sandbox.userDataDir, extensionsDir: sandbox.extensionsDir };
    let kill: (() => void) | undefined;
    const onExit = () => kill?.();
    const onSignal = (signal: NodeJS.Signals) => {
      onExit();
      rmSync(sandbox.root, { recursive: true, force: true });
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on('exit', onExit);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const release = () => {
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    try {
      log((await installExtension(places, vsix)).trim());
      server = await CodeServer.start(places, sandbox.workspace, (k) => (kill = k));
      log(`code-server pid ${server.pid} (its own process group) at ${server.url}`);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      log(`Chromium ${browser.version()} started`);
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      await page.addInitScript(recordStatusTexts, STATUS_ITEM_ID);
      const workbench = new Workbench(page);
      const session = new E2eSession(sandbox, places, server, browser, workbench, release);
      try {
        await workbench.open(server.url);
        log('workbench open');
      } catch (err) {
        await session.saveFailure('00-open-workbench', err);
        throw err;
      }
      return session;
    } catch (err) {
      await browser?.close();
      await server?.stop();
      release();
      await saveLogs(sandbox, server);
      await removeSandbox(sandbox);
      throw err;
    }
  }

  /** Every status bar text shown since the page (re)loaded, oldest first. */
  statusHistory(): Promise<string[]> {
    return this.workbench.page.evaluate(recordedStatusTexts);
  }

  async screenshot(name: string): Promise<string> {
    const path = join(ARTIFACTS_DIR, `${name}.png`);
    await this.workbench.page.screenshot({ path });
    return path;
  }

  /**
   * Runs one step; on failure saves a screenshot and the logs, says where, and rethrows. A step whose
   * predecessor left the window unusable still runs: each step starts from the command palette.
   */
  async step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (err) {
      this.failures++;
      await this.saveFailure(name, err);
      throw err;
    }
  }

  /** Closes the browser, stops code-server (by process group) and reaps what outlived it. */
  async finish(log: (line: string) => void): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await this.server.stop();
      this.releaseExitHook();
    }
    log('browser closed, code-server stopped');
    const killed = await reapLeftovers(this.sandbox.root, 10_000);
    if (killed.length > 0) log(`processes still running 10 s after code-server stopped, killed:\n${killed.join('\n')}`);
    if (this.failures > 0 || killed.length > 0) await saveLogs(this.sandbox, this.server);
    await removeSandbox(this.sandbox);
    log(`screenshots${this.failures > 0 ? ' and logs' : ''} in ${relative(process.cwd(), ARTIFACTS_DIR) || ARTIFACTS_DIR}`);
  }

  private async saveFailure(name: string, err: unknown): Promise<void> {
    const shot = await this.screenshot(`${name}-FAILED`).catch((e: unknown) => `(no screenshot: ${String(e)})`);
    const logs = await saveLogs(this.sandbox, this.server);
    const history = await this.statusHistory().catch(() => []);
    process.stderr.write(
      `\n[e2e] step ${name} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n` +
        `[e2e]   screenshot: ${shot}\n[e2e]   extension host logs: ${logs}\n[e2e]   status bar texts seen: ${JSON.stringify(history)}\n`,
    );
  }
}

/** Copies VS Code's logs (extension host, codeloupe's output channel) and code-server's output. */
async function saveLogs(sandbox: Sandbox, server: CodeServer | undefined): Promise<string> {
  const target = join(ARTIFACTS_DIR, 'logs');
  await rm(target, { recursive: true, force: true });
  await cp(join(sandbox.userDataDir, 'logs'), target, { recursive: true }).catch(() => undefined);
  if (server) await writeFile(join(ARTIFACTS_DIR, 'code-server.log'), server.log);
  return `${target}/<time>/exthost*/remoteexthost.log and exthost*/codeloupe.codeloupe/codeloupe.log`;
}

/** scripts/e2e/install-code-server.sh: instant when its cache is complete; prints the folder last. */
async function installCodeServer(): Promise<string> {
  const script = join(REPO_ROOT, 'scripts', 'e2e', 'install-code-server.sh');
  const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} failed (exit ${code})`);
  const dir = stdout.trim().split('\n').pop();
  if (!dir) throw new Error(`${script} printed no install folder`);
  return dir;
}

/** `npm run package`, the project's packaging command; CODELOUPE_E2E_VSIX names a VSIX built before. */
async function buildVsix(log: (line: string) => void): Promise<string> {
  const prebuilt = process.env.CODELOUPE_E2E_VSIX;
  if (prebuilt) return prebuilt;
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const started = Date.now();
  try {
    await run('npm', ['run', 'package'], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`npm run package failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
  const vsix = join(REPO_ROOT, `codeloupe-${pkg.version}.vsix`);
  log(`packaged ${relative(REPO_ROOT, vsix)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return vsix;
}
