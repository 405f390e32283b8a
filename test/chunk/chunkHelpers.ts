import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChunkOptions } from '../../src/core/chunk/chunker';
import type { CodeUnit } from '../../src/core/types';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'chunk');

/** A stand-in for the model tokenizer: about four characters a token. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** A budget no fixture unit comes near. */
export const ROOMY: ChunkOptions = { maxTokens: 2048, countTokens: estimateTokens };

/** A fixture file as the scanner would hand it over: a relative path under `src/`, and its text. */
export function fixture(name: string): { path: string; text: string } {
  return { path: `src/${name}`, text: readFileSync(join(FIXTURES, name), 'utf8') };
}

/** `kind container.name start-end`, with `#index/count` for windows: one line that says what a unit is. */
export function sketch(u: CodeUnit): string {
  const name = u.container === undefined ? u.name : `${u.container}.${u.name}`;
  const window = u.window === undefined ? '' : ` #${u.window.index}/${u.window.count}`;
  return `${u.kind} ${name} ${u.startLine}-${u.endLine}${window}`;
}

export function unitNamed(units: readonly CodeUnit[], kind: CodeUnit['kind'], name: string): CodeUnit {
  const found = units.find((u) => u.kind === kind && u.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} among: ${units.map(sketch).join(', ')}`);
  return found;
}

/** Deterministic pseudo-random text (xorshift), so that garbage tests fail the same way every time. */
export function garbage(seed: number, length: number): string {
  let x = seed || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = (x >>> 0) % 100;
    out += r < 10 ? '\n' : r < 15 ? String.fromCharCode((x >>> 8) % 32) : r < 20 ? '{}()[];'[(x >>> 8) % 7] : String.fromCharCode(33 + ((x >>> 8) % 5000));
  }
  return out;
}
