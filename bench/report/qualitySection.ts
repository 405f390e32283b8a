import type { QualityRun } from '../quality/qualityRun';
import { f3, int, sec, table } from './markdownTable';

function above(counts: Record<string, number> | undefined): string {
  if (!counts) return '';
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'nothing' : entries.map(([kind, n]) => `${kind} ${n}`).join(', ');
}

function setTable(set: QualityRun['sets'][number], isTestModel: boolean): string {
  const base = set.baseline.scores.mrr10;
  const ratio = (mrr: number): string => (base > 0 ? `${(mrr / base).toFixed(2)}×` : '');
  const rows: string[][] = [
    [`BM25 baseline (per ${set.baseline.unit})`, f3(base), '1.00×', f3(set.baseline.scores.recall1), f3(set.baseline.scores.recall10), '', above(set.baseline.aboveTarget)],
  ];
  const named = set.namedUnitsBaseline;
  if (named) {
    const s = named.scores;
    rows.push(['BM25 baseline (named units only)', f3(s.mrr10), ratio(s.mrr10), f3(s.recall1), f3(s.recall10), '', above(named.aboveTarget)]);
  }
  const noise = (mode: string): string => (isTestModel && mode !== 'lexical' ? ' (random test model: noise)' : '');
  for (const m of set.modes) {
    const vs = m.versusBaseline ? `${m.versusBaseline.wins} / ${m.versusBaseline.ties} / ${m.versusBaseline.losses}` : '';
    rows.push(
      m.scores
        ? [`codeloupe \`${m.mode}\`${noise(m.mode)}`, f3(m.scores.mrr10), ratio(m.scores.mrr10), f3(m.scores.recall1), f3(m.scores.recall10), vs, above(m.aboveTarget)]
        : [`codeloupe \`${m.mode}\``, `skipped: ${m.skipped ?? ''}`, '', '', '', '', ''],
    );
  }
  return table(['ranker', 'MRR@10', '× BM25', 'Recall@1', 'Recall@10', 'queries better / same / worse than baseline', 'ranked above the target (by kind, all queries)'], rows);
}

function verdict(set: QualityRun['sets'][number]): string {
  const lexical = set.modes.find((m) => m.mode === 'lexical')?.scores;
  if (!lexical) return '';
  const delta = lexical.mrr10 - set.baseline.scores.mrr10;
  const named = set.namedUnitsBaseline?.scores.mrr10;
  const versusNamed = named === undefined ? '' : ` Against BM25 over the named units only: ${(lexical.mrr10 / named).toFixed(2)}×.`;
  return `Lexical vs baseline: MRR@10 ${delta >= 0 ? '+' : ''}${delta.toFixed(3)} (${delta > 0 ? 'beats' : 'does NOT beat'} the baseline).${versusNamed}`;
}

export function qualitySection(run: QualityRun): string {
  const parts = [
    '## Retrieval quality',
    '',
    `Measured ${run.machine.date.slice(0, 10)} with \`${run.command}\` (${sec(run.totalMs)} s), model \`${run.model.dir}\`${run.model.isTestModel ? ' (**the random-weights test model**)' : ''}; ` +
      `lexical field weights ${Object.entries(run.lexicalFieldWeights).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
  ];
  if (run.model.isTestModel) {
    parts.push(
      '> **The `semantic` and `hybrid` rows below were measured with `test/fixtures/model`, a tiny ModernBERT with random',
      '> weights. They show that the path runs end to end; they say nothing about retrieval quality.** For real numbers,',
      '> download a ModernBERT embedder (for example `Alibaba-NLP/gte-modernbert-base`, ONNX layout) and run',
      '> `npm run bench:quality -- --model /path/to/gte-modernbert-base`.',
      '',
    );
  }
  for (const set of run.sets) {
    parts.push(
      `### ${set.set}`,
      '',
      `${int(set.queries)} queries over ${int(set.documents)} files; the index holds ${int(set.index.chunks)} chunks (index run ${sec(set.index.wallMs)} s).`,
      '',
      setTable(set, run.model.isTestModel),
      '',
      verdict(set),
      '',
      '<details><summary>commands</summary>',
      '',
      '```',
      ...set.commands,
      '```',
      '',
      '</details>',
      '',
    );
  }
  return parts.join('\n');
}
