import { CancellationSource } from '../../core/cancellation';
import { isDeviceRequest } from '../../core/embed/devices';
import { classifyModelSpec } from '../../core/models/ensureModel';
import { withDownloadLock } from '../../core/models/downloadLock';
import { downloadModel } from '../../core/models/modelDownload';
import { formatBytes } from '../../core/models/transferMeter';
import { cudaProvisioning } from '../../core/models/cudaProvisioning';
import { defaultModelId } from '../../core/models/defaultModel';
import { usage, type ParsedArgs } from '../args';
import { ProgressBar } from '../progressBar';
import { precisionFor } from '../openIndex';
import { cliLogger, err, json, out } from '../output';
import { isPrecision } from '../../core/models/precision';
import { definedProps } from '../../core/definedProps';

/** `codeloupe pull [MODEL]`: downloads a Hugging Face model's files for the device into the cache. */
export async function pullCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw usage('pull takes one model id.');
  const device = args.values.device ?? 'auto';
  if (!isDeviceRequest(device)) throw usage(`Unknown --device "${device}".`);
  const spec = args.positionals[0] ?? defaultModelId(device, { platform: process.platform, arch: process.arch, cudaReady: cudaProvisioning().ready });
  const target = classifyModelSpec(spec);
  if (target.kind !== 'hub') throw usage(`pull takes a Hugging Face model id (owner/name), got "${spec}" (a folder is used as it is, with --model DIR).`);
  const precisionValue = args.values.precision;
  if (precisionValue !== undefined && !isPrecision(precisionValue)) throw usage(`--precision must be fp32, fp16 or int8, got "${precisionValue}".`);
  const precision = precisionFor({ device, ...definedProps({ precision: precisionValue }) });
  const cancellation = new CancellationSource();
  const onSigint = (): void => {
    err('\nCancelling the download (the part already fetched is kept; pull again to resume)…');
    cancellation.cancel();
  };
  process.once('SIGINT', onSigint);
  const bar = new ProgressBar();
  try {
    const logger = cliLogger(args.values.verbose ?? false);
    const result = await withDownloadLock(target.dir, { token: cancellation.token, logger }, () =>
      downloadModel({
        id: target.id,
        dir: target.dir,
        precision,
        token: cancellation.token,
        logger,
        onProgress: (p) => bar.download(p),
        ...definedProps({ onnx: args.values.onnx, revision: args.values.revision }),
      }),
    );
    bar.clear();
    const fetched = result.files.filter((f) => f.outcome === 'downloaded');
    if (args.values.json) json(result);
    else if (fetched.length === 0) out(`${result.id} (${result.onnxFile}) is already in ${result.dir}.`);
    else out(`Downloaded ${result.id} (${result.onnxFile}, ${fetched.length} files, ${formatBytes(fetched.reduce((n, f) => n + f.size, 0))}) into ${result.dir}.`);
    return 0;
  } finally {
    bar.clear();
    process.off('SIGINT', onSigint);
  }
}
