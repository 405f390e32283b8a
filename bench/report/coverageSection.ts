import type { CoverageRun } from '../coverage/coverageRun';
import { int, table } from './markdownTable';

const minutes = (msValue: number): string => (msValue / 60_000).toFixed(1);

export function coverageSection(run: CoverageRun): string {
  const parts = [
    '## Time to semantic coverage, by model shape and precision',
    '',
    `Measured ${run.machine.date.slice(0, 10)} with \`${run.command}\` (${minutes(run.totalMs)} min), on the CPU with the default configuration` +
      `${run.threads ? ` but ${run.threads} threads` : ''}. **Random-weight models with the exact shapes of the registry's models** ` +
      '(scripts/perf-models): these are speed numbers only, never quality. A run still embedding after ' +
      `${run.capMinutes} minutes was stopped and its total estimated from its embedding time per text (marked "est.").`,
    '',
    table(
      ['corpus', 'shape', 'precision', 'parameters', 'texts', 'lexical ready s', 'full coverage min', 'tokens/s (model)', 'padded / real tokens', 'wall / model', 'load'],
      run.runs.map((r) => [
        r.corpus,
        r.shape,
        r.precision,
        `${(r.parameters / 1e6).toFixed(1)} M`,
        `${int(r.embedded)}${r.complete ? '' : ` of ${int(r.texts)}`}`,
        (r.lexicalMs / 1000).toFixed(1),
        `${minutes(r.coverageMs)}${r.estimated ? ' est.' : ''}`,
        int((r.tokens * 1000) / Math.max(1, r.inferMs)),
        r.tokens > 0 ? (r.paddedTokens / r.tokens).toFixed(2) : '–',
        ((r.lexicalMs + (r.windowsMs ?? 0) + r.embedMs) / Math.max(1, r.inferMs)).toFixed(2),
        String(r.load),
      ]),
    ),
    '',
    '### Raw model (same models, `codeloupe bench embed`, synthetic chunks)',
    '',
    table(
      ['shape', 'precision', 'chunks', 'mean tokens', 'chunks/s', 'tokens/s', 'load'],
      run.raw.map((r) => [r.shape, r.precision, int(r.chunks), int(r.meanTokens), r.chunksPerSecond.toFixed(1), int(r.tokensPerSecond), String(r.load)]),
    ),
    '',
    `int8 exports against float32 (CLS vectors of random token sequences): ${run.int8Checks
      .map((c) => `${c.shape} mean cosine ${c.check.meanCosine}, min ${c.check.minCosine} (tolerance ≥ ${c.check.tolerance}) over ${c.check.inputs} inputs`)
      .join('; ')}.`,
    '',
    '- **lexical ready**: the report\'s `lexicalMs`, from the start of `codeloupe index` to the end of the keyword index',
    '  (keyword search answers from then on). **full coverage**: the whole run, until every text has a vector.',
    '- **tokens/s (model)**: tokens embedded over the time the worker spent in ONNX Runtime. **padded / real**: padded',
    '  positions computed per real token (length packing). **wall / model**: (lexical + exact windows + embed stage wall time) over the',
    `  model's own time: 1.00 would mean the pipeline adds nothing; the target is ≤ 1.11 (≥ 0.9× the raw model).`,
    `- Machine shared with other jobs: the load column is the 1-minute load average as each run ended (2 cores).`,
    '',
  ];
  return parts.join('\n');
}
