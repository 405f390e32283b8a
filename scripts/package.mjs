// Packages the extension as codeloupe-<version>.vsix for the platform it runs on: vsce bundles the
// production node_modules (native addons built here), filtered by .vscodeignore plus the exclusion of
// onnxruntime-node binaries for other platforms, and marks the VSIX with its target (e.g. linux-x64).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const target = `${process.platform}-${process.arch}`;
const ortDir = `node_modules/onnxruntime-node/bin/napi-v6`;
// Only this platform's onnxruntime binaries (the package ships all six: about 290 MB).
const ignore = [readFileSync(join(root, '.vscodeignore'), 'utf8'), `# Added by scripts/package.mjs for ${target}`, `!${ortDir}/${process.platform}/${process.arch}/**`, ''].join('\n');
const tmp = mkdtempSync(join(tmpdir(), 'codeloupe-package-'));
const ignoreFile = join(tmp, 'vscodeignore');
writeFileSync(ignoreFile, ignore);
const out = join(root, `codeloupe-${pkg.version}.vsix`);
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
