/**
 * A folder with what real repositories hold besides plain source: odd names, encodings, links, special
 * files, sizes. Each entry says how a run must treat it (indexed, or skipped for a stated reason).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostileEntry {
  path: string;
  what: string;
  /** 'indexed', or the skip reason the report must give. */
  expect: 'indexed' | 'ignored' | 'binary' | 'not-utf8' | 'too-large' | 'minified' | 'symlink' | 'unreadable' | 'generated';
}

export function writeHostileCorpus(root: string, outside: string): HostileEntry[] {
  const entries: HostileEntry[] = [];
  const file = (path: string, content: string | Buffer, what: string, expect: HostileEntry['expect']): void => {
    const abs = join(root, ...path.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    entries.push({ path, what, expect });
  };
  const fn = (name: string) => `export function ${name}(): number {\n  return ${name.length};\n}\n`;
  file('src/plain.ts', fn('plainFunction'), 'an ordinary file', 'indexed');
  file('src/with space/and café ☕.ts', fn('spacedName'), 'spaces, accents and an emoji in the path', 'indexed');
  file('src/new\nline.ts', fn('newlineName'), 'a newline in the file name', 'indexed');
  file("src/quote'back`tick$(rm -rf x).ts", fn('shellName'), 'quotes, a backtick and $(...) in the name', 'indexed');
  file('src/--help.ts', fn('flagName'), 'a name that looks like a CLI option', 'indexed');
  file(`src/${'long'.repeat(60)}.ts`, fn('longName'), 'a 244-character file name', 'indexed');
  file(`${Array.from({ length: 40 }, (_, i) => `d${i}`).join('/')}/deep.ts`, fn('deepFile'), '40 nested folders', 'indexed');
  file('src/nfd-cafe\u0301.ts', fn('decomposedName'), 'a decomposed (NFD) accent in the name', 'indexed');
  file('src/bom-crlf.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`export function crlfLines(): string {\r\n  return "x";\r\n}\r\n`)]), 'a UTF-8 BOM and CRLF line ends', 'indexed');
  file('src/empty.ts', '', 'an empty file', 'indexed');
  file('src/blank.py', '\n\n   \n\t\n', 'only white space', 'indexed');
  file('src/surrogates.js', `const s = "\u{1F600}\u{10FFFF}";\n${fn('astralChars')}`, 'characters outside the BMP', 'indexed');
  file('src/long-lines.ts', `export const table = [${Array.from({ length: 3000 }, (_, i) => i).join(', ')}];\n${fn('afterLongLine')}`, 'a 14 KB line (most of the file) followed by code', 'minified');
  file('src/big.py', Array.from({ length: 1500 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join('\n'), '1,500 functions in one file (40 KB)', 'indexed');
  file('assets/image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]), 'a PNG header', 'binary');
  file('src/late-nul.ts', `${fn('lateNul')}${'// pad\n'.repeat(1500)}\u0000`, 'a NUL byte after the first 8 KB', 'indexed');
  file('legacy/latin1.py', Buffer.from('# caf\xe9 = "cr\xe8me"\nx = 1\n', 'latin1'), 'Latin-1 text', 'not-utf8');
  file('legacy/utf16.ts', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fn('utf16Function'), 'utf16le')]), 'UTF-16 with a BOM', 'binary');
  file('src/huge.ts', `// ${'x'.repeat(100)}\n`.repeat(12_000), 'over the 1 MB limit', 'too-large');
  file('web/app.min.js', `var a=1;function b(){return a}`.repeat(2000), 'a .min.js file (skipped by its name)', 'generated');
  file('web/bundle.js', `!function(e){var t={};${'e[t]=function(n){return n};'.repeat(3000)}}();`, 'one 90 KB line of bundled code', 'minified');
  file('package-lock.json', '{"lockfileVersion": 3}\n', 'a lockfile', 'generated');
  file('node_modules/dep/index.js', fn('vendored'), 'under node_modules', 'ignored');
  file('ignored/secret.ts', fn('ignoredFunction'), 'matched by .gitignore', 'ignored');
  file('.gitignore', 'ignored/\n# a comment\n!src/plain.ts\n[\n', 'a .gitignore with an invalid pattern', 'indexed');
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  const link = (path: string, target: string, what: string, expect: HostileEntry['expect']): void => {
    const abs = join(root, ...path.split('/'));
    mkdirSync(dirname(abs), { recursive: true });
    symlinkSync(target, abs);
    entries.push({ path, what, expect });
  };
  link('src/passwd.ts', join(outside, 'passwd'), 'a link to a file outside the folder', 'symlink');
  link('src/inside-link.ts', join(root, 'src', 'plain.ts'), 'a link to a file of the folder', 'symlink');
  link('src/dangling.ts', join(root, 'nowhere.ts'), 'a dangling link', 'symlink');
  link('src/loop-a.ts', join(root, 'src', 'loop-b.ts'), 'a link loop', 'symlink');
  link('src/loop-b.ts', join(root, 'src', 'loop-a.ts'), 'a link loop', 'symlink');
  link('linked-dir', outside, 'a link to a folder outside', 'symlink');
  const fifo = join(root, 'src', 'pipe.ts');
  try {
    execFileSync('mkfifo', [fifo]);
    entries.push({ path: 'src/pipe.ts', what: 'a FIFO', expect: 'unreadable' });
  } catch {
    // No mkfifo here: nothing to check.
  }
  file('src/no-access.ts', fn('noAccess'), 'mode 000 (root reads it anyway)', process.getuid?.() === 0 ? 'indexed' : 'unreadable');
  chmodSync(join(root, 'src', 'no-access.ts'), 0);
  return entries;
}
