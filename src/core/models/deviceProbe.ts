/**
 * Checks whether an ONNX Runtime execution provider starts here, in a child process, so that a provider
 * that crashes natively (a driver fault) cannot take the caller down. Without a model it uses the tiny
 * built-in probe model and also runs it once; with one it opens that model's session.
 */
import { spawn } from 'node:child_process';
import type { Device } from '../embed/devices';
import { PROBE_INPUT, probeModelBytes } from './probeModel';

export interface ProbeResult {
  device: Device;
  ok: boolean;
  /** Session creation (and the probe model's one run), when it worked. */
  ms?: number;
  /** Why it did not start. */
  reason?: string;
}

export interface RuntimeInfo {
  version: string;
  /** Providers compiled into this binary; `bundled: false` ones need libraries installed separately. */
  backends: { name: string; bundled: boolean }[];
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** The child's program: plain CommonJS run with `node -e`; it prints one JSON line. */
function childScript(): string {
  const probe = Buffer.from(probeModelBytes()).toString('base64');
  return `
const [mode, ortRoot, device, model] = process.argv.slice(1);
const say = (v) => process.stdout.write(JSON.stringify(v) + '\\n');
const ort = require(ortRoot);
if (mode === 'runtime') {
  say({ version: require(ortRoot + '/package.json').version, backends: ort.listSupportedBackends() });
} else {
  const t0 = Date.now();
  const source = model ? model : Buffer.from('${probe}', 'base64');
  ort.InferenceSession.create(source, { executionProviders: [device], logSeverityLevel: 3 }).then(async (s) => {
    if (!model) {
      const input = Float32Array.from(${JSON.stringify(PROBE_INPUT)});
      const y = (await s.run({ x: new ort.Tensor('float32', input, [1, input.length]) })).y.data;
      if (!input.every((v, i) => Math.abs(y[i] - 2 * v) < 1e-3)) throw new Error('the probe model computed a wrong result: ' + Array.from(y).join(', '));
    }
    await s.release();
    say({ ok: true, ms: Date.now() - t0 });
  }).catch((e) => say({ ok: false, reason: String((e && e.message) || e).trim() }));
}`;
}

interface ChildOutcome {
  json?: unknown;
  failure?: string;
}

function runChild(args: string[], timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    // ELECTRON_RUN_AS_NODE: inside VS Code, process.execPath is the editor's Electron binary.
    const child = spawn(process.execPath, ['-e', childScript(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ failure: `could not start a child process: ${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop();
      if (line) {
        try {
          resolve({ json: JSON.parse(line) as unknown });
          return;
        } catch {
          // not our JSON line: reported below with the output
        }
      }
      const tail = stderr.trim().split('\n').slice(-3).join(' ');
      const how = signal === 'SIGKILL' ? `did not finish within ${Math.round(timeoutMs / 1000)} s` : signal ? `crashed (${signal})` : `exited with code ${code}`;
      resolve({ failure: `the check process ${how}${tail ? `: ${tail}` : ''}` });
    });
  });
}

export async function runtimeInfo(ortRoot: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<RuntimeInfo | { error: string }> {
  const { json, failure } = await runChild(['runtime', ortRoot], timeoutMs);
  const info = json as Partial<RuntimeInfo> | undefined;
  if (info && typeof info.version === 'string' && Array.isArray(info.backends)) return { version: info.version, backends: info.backends };
  return { error: `onnxruntime-node could not be loaded from ${ortRoot}: ${failure ?? 'unexpected output'}` };
}

export async function probeDevice(device: Device, opts: { ortRoot: string; onnxPath?: string; timeoutMs?: number }): Promise<ProbeResult> {
  const { json, failure } = await runChild(['probe', opts.ortRoot, device, opts.onnxPath ?? ''], opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const r = json as { ok?: unknown; ms?: unknown; reason?: unknown } | undefined;
  if (r && r.ok === true) return { device, ok: true, ms: typeof r.ms === 'number' ? r.ms : 0 };
  return { device, ok: false, reason: r && typeof r.reason === 'string' ? conciseReason(r.reason) : (failure ?? 'no answer') };
}

/** ONNX Runtime prefixes messages with the source location and the failed check; people need the rest. */
export function conciseReason(message: string): string {
  const m = /^\/onnxruntime_src\/\S+:\d+ .*? (?:was false|failed)\. (.+)$/s.exec(message.trim());
  return m ? m[1]!.trim() : message.trim();
}
