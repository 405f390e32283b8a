import { formatEta, formatRate, semanticCoverage, type SemanticCoverage } from '../../core/engine/coverage';
import { commonOptions, usage, type ParsedArgs } from '../args';
import { openIndex } from '../openIndex';
import { json, out } from '../output';

export async function statusCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw usage('status takes at most one folder.');
  const options = commonOptions(args.values, args.positionals[0] ?? '.');
  const index = await openIndex(options, 'read');
  try {
    const status = index.status();
    const coverage = 'id' in status.model ? semanticCoverage(status) : undefined;
    if (options.json) {
      json(coverage ? { ...status, coverage } : status);
      return 0;
    }
    out(`Folder:   ${status.root}`);
    out(`Index:    ${status.indexDir}`);
    out(`Files:    ${status.files.toLocaleString('en-US')}`);
    out(`Chunks:   ${status.chunks.toLocaleString('en-US')} (${status.embedded.toLocaleString('en-US')} of ${status.texts.toLocaleString('en-US')} distinct texts embedded)`);
    if (coverage) out(`Semantic: ${semanticLine(coverage)}`);
    out(`Model:    ${'id' in status.model ? `${status.model.id} (${status.model.dimension}-d)` : `unavailable: ${status.model.unavailable}`}`);
    if (status.vectorsModel && !('id' in status.model && status.model.id === status.vectorsModel)) out(`Vectors:  made with ${status.vectorsModel}`);
    if (status.device) out(`Device:   ${status.device}`);
    if (status.lastIndexedAt) out(`Indexed:  ${status.lastIndexedAt}`);
    return 0;
  } finally {
    await index.close();
  }
}

/** "34% (3,370 of 9,911 texts; 6,541 left, about 36 min at 3.0 texts/s as last measured)". */
export function semanticLine(c: SemanticCoverage): string {
  const n = (v: number) => v.toLocaleString('en-US');
  if (c.left === 0) return `${c.percent}% (${n(c.texts)} texts embedded)`;
  const eta = c.etaSeconds !== undefined && c.rate !== undefined ? `, ${formatEta(c.etaSeconds)} at ${formatRate(c.rate)} as last measured` : '';
  return `${c.percent}% (${n(c.embedded)} of ${n(c.texts)} texts; ${n(c.left)} left${eta}); \`codeloupe index\` goes on from there`;
}
