/**
 * A fixed synthetic corpus of code-like chunks for throughput measurements: TypeScript-shaped functions
 * with a chunk header, lengths spread like the chunker's output (many short functions, some long ones up
 * to the 512-token chunk budget: with the test model's tokenizer, median ~210 tokens, p90 ~440, max ~660).
 * Deterministic for a seed, so runs compare. Pure.
 */

const WORDS = ['user', 'file', 'index', 'cache', 'token', 'request', 'buffer', 'config', 'result', 'stream', 'model', 'vector', 'query', 'path', 'batch', 'worker', 'store', 'entry', 'node', 'range', 'event', 'handler', 'limit', 'retry', 'session', 'chunk', 'parser', 'score', 'match', 'options'];
const VERBS = ['load', 'save', 'parse', 'read', 'write', 'find', 'update', 'create', 'remove', 'resolve', 'merge', 'split', 'check', 'build', 'apply', 'flush', 'encode', 'decode', 'fetch', 'emit'];
const TYPES = ['string', 'number', 'boolean', 'Uint8Array', 'Map<string, number>', 'Set<string>', 'Record<string, unknown>', 'Promise<void>', 'readonly string[]'];
const OPS = ['===', '!==', '<', '>', '<=', '>='];

/** Lines per chunk: [weight, min, max]. */
const LENGTHS: readonly (readonly [number, number, number])[] = [
  [0.45, 3, 8],
  [0.35, 8, 20],
  [0.2, 20, 34],
];

export function syntheticCodeChunks(count: number, seed = 20240917): string[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const camel = (parts: number): string => Array.from({ length: parts }, (_, i) => (i === 0 ? pick(WORDS) : capitalize(pick(WORDS)))).join('');
  const call = (): string => `${camel(1)}.${pick(VERBS)}${capitalize(pick(WORDS))}(${Array.from({ length: int(0, 3) }, () => camel(int(1, 2))).join(', ')})`;
  const line = (indent: number): string => {
    const pad = '  '.repeat(indent);
    switch (int(0, 8)) {
      case 0:
        return `${pad}const ${camel(2)} = ${call()};`;
      case 1:
        return `${pad}if (${camel(2)} ${pick(OPS)} ${int(0, 4096)}) return ${camel(1)};`;
      case 2:
        return `${pad}for (const ${camel(1)} of ${camel(2)}) ${camel(1)}.push(${call()});`;
      case 3:
        return `${pad}// ${Array.from({ length: int(4, 12) }, () => pick([...WORDS, ...VERBS, 'the', 'a', 'when', 'is', 'not', 'with'])).join(' ')}.`;
      case 4:
        return `${pad}await ${call()};`;
      case 5:
        return `${pad}throw new Error(\`Cannot ${pick(VERBS)} \${${camel(1)}}: ${pick(WORDS)} ${pick(['is missing', 'is too large', 'changed', 'was closed'])}\`);`;
      case 6:
        return `${pad}${camel(2)} = ${camel(1)}.${pick(['length', 'size', 'byteLength'])} ${pick(['+', '-', '*'])} ${int(1, 64)};`;
      case 7:
        return `${pad}const { ${camel(1)}, ${camel(1)} } = ${camel(2)};`;
      default:
        return `${pad}return ${call()};`;
    }
  };
  const chunks: string[] = [];
  for (let c = 0; c < count; c++) {
    const r = random();
    let acc = 0;
    const [, min, max] = LENGTHS.find(([w]) => (acc += w) >= r) ?? LENGTHS[LENGTHS.length - 1]!;
    const name = `${pick(VERBS)}${capitalize(camel(int(1, 2)))}`;
    const params = Array.from({ length: int(0, 3) }, () => `${camel(1)}: ${pick(TYPES)}`).join(', ');
    const lines = [`// src/${pick(WORDS)}/${camel(2)}.ts`, `export async function ${name}(${params}): Promise<${pick(TYPES)}> {`];
    const body = int(min, max);
    let indent = 1;
    for (let i = 0; i < body; i++) {
      if (indent < 3 && random() < 0.12) {
        lines.push(`${'  '.repeat(indent)}if (${camel(1)} ${pick(OPS)} ${camel(1)}) {`);
        indent++;
      } else if (indent > 1 && random() < 0.2) {
        indent--;
        lines.push(`${'  '.repeat(indent)}}`);
      } else lines.push(line(indent));
    }
    while (indent > 1) lines.push(`${'  '.repeat(--indent)}}`);
    lines.push('}');
    chunks.push(lines.join('\n'));
  }
  return chunks;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
