/**
 * Embedding throughput on this machine (not a test: no assertions, not run by npm test).
 *   node --import tsx test/embed/throughput.bench.ts [MODEL_DIR] [DEVICE] [BATCH_TOKENS] [LINES]
 * Embeds 500 code chunks (LINES-line windows of TypeScript's own sources, default 40) through the real worker.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveModel } from '../../src/core/embed/modelInfo';
import { isDeviceRequest } from '../../src/core/embed/devices';
import { ModelTokenizer } from '../../src/core/embed/tokenizer';
import { WorkerEmbedder } from '../../src/core/embed/workerEmbedder';
import { TEST_MODEL_DIR } from './helpers/modelCopy';

function codeChunks(count: number, lines: number): string[] {
  const source = readFileSync(path.resolve(__dirname, '../../node_modules/typescript/lib/typescript.js'), 'utf8').split('\n');
  const chunks: string[] = [];
  for (let start = 20_000; chunks.length < count; start += lines) chunks.push(source.slice(start, start + lines).join('\n'));
  return chunks;
}

async function main(): Promise<void> {
  const [dir = TEST_MODEL_DIR, device = 'cpu', batchTokens, lines = '40'] = process.argv.slice(2);
  if (!isDeviceRequest(device)) throw new Error(`unknown device ${device}`);
  const model = await resolveModel(dir);
  const texts = codeChunks(500, Number(lines));
  const tokenizer = await ModelTokenizer.load(model);
  const tokens = texts.reduce((n, t) => n + Math.min(tokenizer.count(t), model.maxTokens), 0);
  const embedder = await WorkerEmbedder.start({ model, device, batchTokens: batchTokens && batchTokens !== 'default' ? Number(batchTokens) : undefined });
  try {
    await embedder.embed(texts.slice(0, 8), 'document'); // warm-up
    const t0 = performance.now();
    const out = await embedder.embed(texts, 'document');
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${model.id} on ${embedder.device}: ${texts.length} chunks, ${tokens} tokens (${Math.round(tokens / texts.length)}/chunk) in ${seconds.toFixed(2)} s`);
    console.log(`  ${(texts.length / seconds).toFixed(1)} chunks/s, ${Math.round(tokens / seconds)} tokens/s, ${out.failures.length} failures`);
  } finally {
    await embedder.dispose();
  }
}

void main();
