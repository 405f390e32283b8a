import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DocSetSource } from './sources';

function digest(path: string, algorithm: 'sha512' | 'sha256'): string {
  const hash = createHash(algorithm).update(readFileSync(path));
  return algorithm === 'sha512' ? `sha512-${hash.digest('base64')}` : hash.digest('hex');
}

function fileStem(source: DocSetSource): string {
  return `${source.name.replace(/^@/, '').replace(/[@/]/g, '-')}-${source.version}`;
}

/** The package file in `cacheDir`, fetched when absent (npm pack, or apt-get download), checked against its pin. */
export function fetchPackage(source: DocSetSource, cacheDir: string): string {
  mkdirSync(cacheDir, { recursive: true });
  const origin = source.origin;
  let file: string;
  let actual: string;
  let expected: string;
  if (origin.registry === 'npm') {
    file = join(cacheDir, `${fileStem(source)}.tgz`);
    if (!existsSync(file)) {
      execFileSync('npm', ['pack', `${source.name}@${source.version}`, '--pack-destination', cacheDir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    actual = digest(file, 'sha512');
    expected = origin.integrity;
  } else {
    const debName = (): string | undefined => readdirSync(cacheDir).find((f) => f.startsWith(`${origin.package.split('=')[0]}_`) && f.endsWith('.deb'));
    if (debName() === undefined) {
      try {
        execFileSync('apt-get', ['download', origin.package], { cwd: cacheDir, stdio: ['ignore', 'ignore', 'inherit'] });
      } catch (err) {
        throw new Error(`apt-get download ${origin.package} failed (run \`apt-get update\` first; Debian's archive must be reachable): ${String(err)}`);
      }
    }
    file = join(cacheDir, debName()!);
    actual = digest(file, 'sha256');
    expected = origin.sha256;
  }
  if (actual !== expected) throw new Error(`${file} has hash ${actual}, expected ${expected}: delete it and run again, or check the registry.`);
  return file;
}

/** Unpacks the package file into `dir` (emptied first); returns the package root (npm: `package/`). */
export function unpackPackage(source: DocSetSource, file: string, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (source.origin.registry === 'npm') {
    execFileSync('tar', ['-xzf', file, '-C', dir], { stdio: 'inherit' });
    return join(dir, 'package');
  }
  execFileSync('dpkg-deb', ['-x', file, dir], { stdio: 'inherit' });
  return dir;
}
