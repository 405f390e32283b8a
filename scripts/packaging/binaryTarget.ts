/**
 * Which VS Code platform target a native binary (a `.node` file or a shared library) was built for, read
 * from its header: ELF (Linux; musl's loader named inside means Alpine), Mach-O (macOS, fat binaries list
 * every architecture) or PE (Windows). Packaging uses it to refuse to put another platform's natives in a VSIX.
 */
export type Os = 'linux' | 'alpine' | 'darwin' | 'win32';
export type Arch = 'x64' | 'arm64' | 'other';

export function binaryTargets(bytes: Buffer): string[] {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    const os: Os = bytes.includes('ld-musl-') || bytes.includes('libc.musl-') ? 'alpine' : 'linux';
    return [`${os}-${machine === 62 ? 'x64' : machine === 183 ? 'arm64' : 'other'}`];
  }
  if (bytes.length >= 8 && bytes.readUInt32LE(0) === 0xfeedfacf) return [`darwin-${machOArch(bytes.readUInt32LE(4))}`];
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xcafebabe) {
    const count = bytes.readUInt32BE(4);
    return Array.from({ length: count }, (_, i) => `darwin-${machOArch(bytes.readUInt32BE(8 + i * 20))}`);
  }
  if (bytes.length >= 0x40 && bytes.toString('latin1', 0, 2) === 'MZ') {
    const pe = bytes.readUInt32LE(0x3c);
    if (bytes.length >= pe + 6 && bytes.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = bytes.readUInt16LE(pe + 4);
      return [`win32-${machine === 0x8664 ? 'x64' : machine === 0xaa64 ? 'arm64' : 'other'}`];
    }
  }
  return [];
}

function machOArch(cpuType: number): Arch {
  if (cpuType === 0x01000007) return 'x64';
  if (cpuType === 0x0100000c) return 'arm64';
  return 'other';
}

/** The VS Code target of the machine this runs on (a Linux without glibc is Alpine). */
export function hostTarget(): string {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  const os = process.platform === 'linux' && header?.glibcVersionRuntime === undefined ? 'alpine' : process.platform;
  return `${os}-${process.arch}`;
}
