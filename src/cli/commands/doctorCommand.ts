import { resolveModel } from '../../core/embed/modelInfo';
import { errorMessage } from '../../core/errors';
import { runDoctor, type DeviceStatus, type DoctorReport } from '../../core/models/doctor';
import { classifyModelSpec } from '../../core/models/ensureModel';
import { commonOptions, usage, type ParsedArgs } from '../args';
import { precisionFor } from '../openIndex';
import { err, json, out } from '../output';
import { definedProps } from '../../core/definedProps';

/**
 * `codeloupe doctor`: platform, ONNX Runtime build, which execution providers start here (each checked in a
 * child process) and why the others do not, CUDA provisioning and its command, threads, and the model.
 */
export async function doctorCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0) throw usage('doctor takes no arguments.');
  const options = commonOptions(args.values, '.');
  const precision = precisionFor(options);
  const target = classifyModelSpec(options.model);
  let modelLine: string;
  let onnxPath: string | undefined;
  try {
    const info = await resolveModel(target.dir, { precision, ...definedProps({ preferredOnnx: options.onnx }) });
    modelLine = `${options.model}: ${info.onnxPath} (${info.dimension}-d, ${info.pooling} pooling; ${precision} wanted for --device ${options.device})`;
    if (options.modelGiven) onnxPath = info.onnxPath;
  } catch (e) {
    modelLine = `${options.model}: not usable here (${errorMessage(e)})${target.kind === 'hub' ? ` Download it with: codeloupe pull ${options.model}` : ''}`;
  }
  if (!options.json) err('Checking each execution provider in a child process…');
  const report = await runDoctor({ ...definedProps({ onnxPath }) });
  if (options.json) {
    json({ ...report, model: modelLine });
    return 0;
  }
  for (const line of describeDoctor(report)) out(line);
  out(`Model:    ${modelLine}`);
  return 0;
}

export function describeDoctor(r: DoctorReport): string[] {
  const ort = 'error' in r.onnxRuntime ? `unavailable: ${r.onnxRuntime.error}` : `onnxruntime-node ${r.onnxRuntime.version} (${r.onnxRuntime.root}); providers in this build: ${r.onnxRuntime.backends.map((b) => `${b.name}${b.bundled ? '' : ' (libraries installed separately)'}`).join(', ')}`;
  const lines = [
    `Platform: ${r.platform}-${r.arch}, Node ${r.node}, ${r.cpus} CPU threads (model uses ${r.defaultThreads} by default; --threads N)`,
    `Runtime:  ${ort}`,
    `Checked with ${r.probedWith}:`,
    ...r.devices.map(describeDevice),
    `Auto:     --device auto uses ${r.autoDevice ?? 'nothing (no provider started)'} here.`,
    `CUDA:     ${r.cuda.summary}`,
  ];
  if (r.cuda.applicable && !r.cuda.ready) lines.push(`          To provision it (NVIDIA GPU with CUDA 12 and cuDNN 9): ${r.cuda.command}`);
  return lines;
}

function describeDevice(d: DeviceStatus): string {
  const rank = d.autoRank === undefined ? 'not tried by auto here' : `auto tries it ${ordinal(d.autoRank)}`;
  const state = d.starts ? `starts (${Math.round(d.ms ?? 0)} ms)` : `unavailable: ${d.reason ?? 'unknown'}`;
  return `  ${d.starts ? 'ok ' : 'no '} ${d.device.padEnd(7)} ${state} [${rank}]`;
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
