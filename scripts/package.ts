// Packages the extension as a VSIX: `npm run package -- --target T` makes codeloupe-<version>-T.vsix, plain
// `npm run package` codeloupe-<version>.vsix for this machine's target. vsce bundles the production node_modules, filtered by .vscodeignore plus the
// onnxruntime-node binaries of T. The native modules are built by npm ci on the machine that packs, so
// this refuses to pack unless every native binary was built for T (see native/README.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { binaryTargets, hostTarget } from './packaging/binaryTarget';

/** VS Code targets the natives can be built for (vsce's list, less web and armhf). */
const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64', 'alpine-x64', 'alpine-arm64'];
/** The natives npm ci compiles here; a VSIX must carry them built for its target. */
const NATIVES = ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/hnswlib-node/build/Release/addon.node'];

const root = join(__dirname, '..');
const { values } = parseArgs({ options: { target: { type: 'string' }, 'check-only': { type: 'boolean' } } });
const target = values.target ?? hostTarget();
if (!TARGETS.includes(target)) fail(`Unknown --target ${target}; one of ${TARGETS.join(', ')}.`);

// Builds of better-sqlite3 per runtime ABI that the release workflow adds (see src/core/native/nativeModules.ts).
const [os, arch] = target.split('-') as [string, string];
const perAbi = join(root, 'native', 'better-sqlite3');
const abiBuilds = existsSync(perAbi) ? readdirSync(perAbi).map((dir) => `native/better-sqlite3/${dir}/better_sqlite3.node`) : [];
const foreignAbiFolders = abiBuilds.filter((file) => !file.startsWith(`native/better-sqlite3/${os === 'alpine' ? 'linux' : os}-${arch}-abi`));
if (foreignAbiFolders.length > 0) fail(`Refusing to pack a ${target} VSIX: ${foreignAbiFolders.join(', ')} belong to another platform; empty native/better-sqlite3 first.`);

const wrong = [...NATIVES, ...abiBuilds].flatMap((file) => {
  const path = join(root, file);
  if (!existsSync(path)) return [`${file} is missing (run npm ci first)`];
  const built = binaryTargets(readFileSync(path));
  return built.includes(target) ? [] : [`${file} is built for ${built.join(', ') || 'an unknown platform'}`];
});
if (wrong.length > 0) {
  fail(`Refusing to pack a ${target} VSIX: ${wrong.join('; ')}. Native modules are built by npm ci for the machine it runs on: pack on a ${target} machine (the release workflow in .github/workflows/release.yml does), after npm ci there.`);
}
if (values['check-only']) {
  console.log(`The native modules are built for ${target}.`);
  process.exit(0);
}

// onnxruntime-node ships binaries for six platforms (about 290 MB): only the target's go in. It has none
// for Alpine (its Linux builds need glibc) nor, in 1.30, for macOS x64: there codeloupe searches by keywords.
const ortDir = `node_modules/onnxruntime-node/bin/napi-v6/${os === 'alpine' ? 'none' : os}/${arch}`;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const ignore = [readFileSync(join(root, '.vscodeignore'), 'utf8'), `# Added by scripts/package.ts for ${target}`, `!${ortDir}/**`, ''].join('\n');
const tmp = mkdtempSync(join(tmpdir(), 'codeloupe-package-'));
const ignoreFile = join(tmp, 'vscodeignore');
writeFileSync(ignoreFile, ignore);
// An explicit --target names the file after it (the release workflow packs several); else codeloupe-<version>.vsix.
const out = join(root, `codeloupe-${pkg.version}${values.target === undefined ? '' : `-${target}`}.vsix`);
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
try {
  // vscode:prepublish builds dist/ first.
  execFileSync(process.execPath, [vsce, 'package', '--target', target, '--ignoreFile', ignoreFile, '--out', out, '--allow-missing-repository', '--no-rewrite-relative-links'], {
    cwd: root,
    stdio: 'inherit',
  });
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MB for ${target}`);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
