/**
 * Whether ONNX Runtime's CUDA execution provider can be used here, and if not, exactly what is missing.
 * The provider's libraries are not in the onnxruntime-node npm package (too large): its install step
 * downloads them, which codeloupe's default install skips. The assessment is pure; gathering the facts
 * reads the file system and asks `ldconfig` which system libraries the loader knows.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Placed into onnxruntime-node's bin folder by its install step (`--onnxruntime-node-install=cuda12`). */
export const CUDA_PROVIDER_FILES = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'] as const;

/** What the CUDA 12 provider loads from the system: the CUDA 12 runtime, cuBLAS, cuFFT, cuRAND and cuDNN 9. */
export const CUDA_SYSTEM_LIBRARIES = ['libcudart.so.12', 'libcublas.so.12', 'libcublasLt.so.12', 'libcufft.so.11', 'libcurand.so.10', 'libcudnn.so.9'] as const;

export interface CudaFacts {
  platform: NodeJS.Platform;
  arch: string;
  /** onnxruntime-node's package folder. */
  ortRoot: string;
  /** Which of CUDA_PROVIDER_FILES are in the bin folder. */
  providerFilesPresent: ReadonlySet<string>;
  /** Library names the dynamic loader can find; undefined when that could not be determined. */
  systemLibraries: ReadonlySet<string> | undefined;
  /** Whether an NVIDIA kernel driver is loaded; undefined when unknown. */
  nvidiaDriver: boolean | undefined;
}

export interface CudaProvisioning {
  /** CUDA is offered by onnxruntime-node on Linux x64 only (Windows GPUs go through DirectML). */
  applicable: boolean;
  /** The provider libraries are in place (the system libraries are checked when the session starts). */
  ready: boolean;
  binDir: string;
  missingProviderFiles: string[];
  /** By name, as the loader cache lists them; empty when unknown. */
  missingSystemLibraries: string[];
  systemLibrariesChecked: boolean;
  nvidiaDriver: boolean | undefined;
  /** The command that provisions the provider libraries. */
  command: string;
  /** One line for people. */
  summary: string;
}

export function ortBinDir(ortRoot: string, platform: NodeJS.Platform, arch: string): string {
  return path.join(ortRoot, 'bin', 'napi-v6', platform, arch);
}

export function provisionCommand(ortRoot: string): string {
  return `cd "${ortRoot}" && ONNXRUNTIME_NODE_INSTALL=cuda12 node script/install`;
}

export function assessCuda(facts: CudaFacts): CudaProvisioning {
  const binDir = ortBinDir(facts.ortRoot, facts.platform, facts.arch);
  const command = provisionCommand(facts.ortRoot);
  const base = { binDir, command, nvidiaDriver: facts.nvidiaDriver, systemLibrariesChecked: facts.systemLibraries !== undefined };
  if (facts.platform !== 'linux' || facts.arch !== 'x64') {
    const instead = facts.platform === 'win32' ? ' Use DirectML (--device dml), built in.' : facts.platform === 'darwin' ? ' Use CoreML (--device coreml), built in.' : '';
    return { ...base, applicable: false, ready: false, missingProviderFiles: [], missingSystemLibraries: [], summary: `onnxruntime-node offers CUDA on Linux x64 only, not ${facts.platform}-${facts.arch}.${instead}` };
  }
  const missingProviderFiles = CUDA_PROVIDER_FILES.filter((f) => !facts.providerFilesPresent.has(f));
  const missingSystemLibraries = facts.systemLibraries ? CUDA_SYSTEM_LIBRARIES.filter((l) => !facts.systemLibraries!.has(l)) : [];
  const ready = missingProviderFiles.length === 0;
  const parts: string[] = [];
  if (!ready) parts.push(`the CUDA provider libraries are not installed (missing ${missingProviderFiles.join(', ')} in ${binDir}); run: ${command}`);
  if (missingSystemLibraries.length > 0) parts.push(`the loader finds no ${missingSystemLibraries.join(', ')} (install the CUDA 12 runtime and cuDNN 9, or add their folder to LD_LIBRARY_PATH)`);
  if (facts.nvidiaDriver === false) parts.push('no NVIDIA driver is loaded (/proc/driver/nvidia/version is missing)');
  const summary = parts.length === 0 ? `CUDA provider libraries are installed in ${binDir}.` : `CUDA is not ready: ${parts.join('; ')}.`;
  return { ...base, applicable: true, ready, missingProviderFiles, missingSystemLibraries, summary };
}

/** Reads the facts of this machine. Never throws: what cannot be read is reported as unknown. */
export function gatherCudaFacts(ortRoot = onnxRuntimeRoot(), platform = process.platform, arch = process.arch, env = process.env): CudaFacts {
  const binDir = ortBinDir(ortRoot, platform, arch);
  const present = new Set<string>(CUDA_PROVIDER_FILES.filter((f) => existsSync(path.join(binDir, f))));
  const onLinux = platform === 'linux';
  return {
    platform,
    arch,
    ortRoot,
    providerFilesPresent: present,
    systemLibraries: onLinux ? loaderLibraries(env) : undefined,
    nvidiaDriver: onLinux ? existsSync('/proc/driver/nvidia/version') : undefined,
  };
}

export function cudaProvisioning(): CudaProvisioning {
  return assessCuda(gatherCudaFacts());
}

/** onnxruntime-node's package folder, as Node resolves it from here. */
export function onnxRuntimeRoot(): string {
  return path.dirname(require.resolve('onnxruntime-node/package.json'));
}

/** Library file names in the loader cache and in LD_LIBRARY_PATH folders; undefined if ldconfig is unavailable. */
function loaderLibraries(env: NodeJS.ProcessEnv): Set<string> | undefined {
  let listing: string;
  try {
    listing = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'], env: { ...env, PATH: `${env['PATH'] ?? ''}:/sbin:/usr/sbin` } });
  } catch {
    return undefined; // unknown: the session start reports what the loader misses
  }
  const names = new Set<string>();
  for (const line of listing.split('\n')) {
    const m = /^\s*(\S+)\s+\(/.exec(line);
    if (m) names.add(m[1]!);
  }
  for (const dir of (env['LD_LIBRARY_PATH'] ?? '').split(':').filter(Boolean)) {
    try {
      for (const f of readdirSync(dir)) names.add(f);
    } catch {
      // a folder in LD_LIBRARY_PATH that does not exist holds nothing
    }
  }
  return names;
}
