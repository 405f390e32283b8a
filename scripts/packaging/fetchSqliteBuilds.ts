// Release workflow step: puts a better-sqlite3 build for each runtime VS Code runs the engine on into
// native/better-sqlite3/<platform>-<arch>-abi<N>/ (chosen at run time by src/core/native/nativeModules.ts).
// better-sqlite3 is not N-API, so one build loads in one runtime ABI only: VS Code desktop runs the engine
// on its Electron, VS Code Server (remote, WSL, containers) on its own Node.
//   node --import tsx scripts/packaging/fetchSqliteBuilds.ts electron@35.5.1 node@22.15.1 ...
// Each build is downloaded by better-sqlite3's own prebuild-install, or compiled by node-gyp against that
// runtime's headers when there is no prebuild. Needs the network (GitHub, electronjs.org, nodejs.org).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkgDir = join(root, 'node_modules', 'better-sqlite3');
const built = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
const nodeAbi = require(join(root, 'node_modules', 'node-abi')) as { getAbi(target: string, runtime: string): string };
const prebuildInstall = join(root, 'node_modules', 'prebuild-install', 'bin.js');

const runtimes = process.argv.slice(2);
if (runtimes.length === 0) throw new Error('Name the runtimes: electron@VERSION or node@VERSION, one or more.');
const npmBuild = `${built}.npm`;
renameSync(built, npmBuild);
try {
  for (const spec of runtimes) {
    const [runtime, version] = spec.split('@') as [string, string];
    if ((runtime !== 'electron' && runtime !== 'node') || !version) throw new Error(`Not a runtime: ${spec} (electron@VERSION or node@VERSION).`);
    const abi = nodeAbi.getAbi(version, runtime);
    const args = ['--runtime', runtime, '--target', version, '--arch', process.arch, '--platform', process.platform];
    try {
      execFileSync(process.execPath, [prebuildInstall, ...args], { cwd: pkgDir, stdio: 'inherit' });
    } catch {
      console.log(`No better-sqlite3 prebuild for ${spec}: compiling it against ${runtime} ${version}'s headers.`);
      const headers = runtime === 'electron' ? ['--dist-url=https://electronjs.org/headers'] : [];
      execFileSync('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--runtime=${runtime}`, `--target=${version}`, `--arch=${process.arch}`, ...headers], { cwd: pkgDir, stdio: 'inherit', shell: process.platform === 'win32' });
    }
    if (!existsSync(built)) throw new Error(`No better-sqlite3 build for ${spec}.`);
    const target = join(root, 'native', 'better-sqlite3', `${process.platform}-${process.arch}-abi${abi}`, 'better_sqlite3.node');
    mkdirSync(dirname(target), { recursive: true });
    renameSync(built, target);
    console.log(`${spec} (ABI ${abi}): ${target}`);
  }
} finally {
  // The tests and the CLI of this checkout go on using the build npm made for this Node.
  renameSync(npmBuild, built);
}
