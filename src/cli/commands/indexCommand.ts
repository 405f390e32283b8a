import { CancellationSource } from '../../core/cancellation';
import type { IndexReport } from '../../core/engine/indexReport';
import { commonOptions, usage, type ParsedArgs } from '../args';
import { openIndex } from '../openIndex';
import { err, json, out } from '../output';
import { ProgressBar } from '../progressBar';
import { describeReport } from '../reportText';

const PHASE_LABEL = { scan: 'scanning', chunk: 'parsing', windows: 'fitting texts to the model', embed: 'embedding', save: 'saving' } as const;

export async function indexCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw usage('index takes at most one folder.');
  const options = commonOptions(args.values, args.positionals[0] ?? '.');
  const index = await openIndex(options, 'write', 'ensure');
  const cancellation = new CancellationSource();
  const onSigint = (): void => {
    err('\nCancelling: finishing the current batch (press Ctrl+C again to force)…');
    process.off('SIGINT', onSigint);
    cancellation.cancel();
  };
  process.on('SIGINT', onSigint);
  const bar = new ProgressBar();
  let report: IndexReport;
  try {
    report = await index.update({ token: cancellation.token, onProgress: (p) => bar.phase(PHASE_LABEL[p.phase], p.done, p.total) });
  } finally {
    bar.clear();
    process.off('SIGINT', onSigint);
    await index.close();
  }
  if (options.json) json(report);
  else for (const line of describeReport(report, index.root, options.verbose)) out(line);
  return report.cancelled ? 130 : 0;
}
