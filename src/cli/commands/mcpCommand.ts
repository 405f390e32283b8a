import { resolve } from 'node:path';
import type { SemanticUnavailable } from '../../core/engine/semanticModel';
import { classifyModelSpec, hasModelFiles } from '../../core/models/ensureModel';
import type { Precision } from '../../core/models/precision';
import { defaultIndexDir } from '../../core/paths';
import { existingFolder } from '../../core/scan/existingFolder';
import type { FolderSettings } from '../../mcp/engineSession';
import { serveMcp } from '../../mcp/mcpServer';
import { servedFolder, type ServedFolder } from '../../mcp/servedFolders';
import { version } from '../../../package.json';
import { commonOptions, usage, type CommonOptions, type ParsedArgs } from '../args';
import { precisionFor } from '../openIndex';
import { cliLogger } from '../output';
import { definedProps } from '../../core/definedProps';

/**
 * `codeloupe mcp [PATH...]`: serves the folders (default: the current one) to coding agents over MCP on
 * stdio, with the CLI's model, device and index location, so an index built by `codeloupe index` (or one
 * named with --index-dir, once per folder) is reused.
 */
export async function mcpCommand(args: ParsedArgs): Promise<number> {
  const paths = args.positionals.length > 0 ? args.positionals : ['.'];
  const indexDirs = args.values['index-dir'] ?? [];
  if (indexDirs.length > 0 && indexDirs.length !== paths.length) throw usage('Give --index-dir once per folder, in the order of the folders, or not at all.');
  const options = commonOptions({ ...args.values, 'index-dir': undefined }, paths[0]!);
  const folders = paths.map((p, i): ServedFolder => {
    const root = existingFolder(p);
    return servedFolder(root, indexDirs[i] !== undefined ? resolve(indexDirs[i]) : defaultIndexDir(root));
  });
  const twice = folders.find((f, i) => folders.findIndex((g) => g.root === f.root) !== i);
  if (twice) throw usage(`${twice.root} is given twice.`);
  const precision = precisionFor(options);
  const settings = (): FolderSettings => ({
    ...modelChoice(options, precision),
    precision,
    device: options.device,
    ...definedProps({ threads: options.threads }),
    scan: {
      include: options.include,
      exclude: options.exclude,
      ...definedProps({ maxFileBytes: options.maxFileBytes }),
    },
  });
  await serveMcp({ folders, settings, logger: cliLogger(options.verbose), version });
  return 0;
}

/**
 * The model as the CLI would use it, without downloading: an MCP server should start at once and not
 * fetch 150 MB unasked. A model id not downloaded yet leaves search by keywords, saying how to get it.
 */
function modelChoice(options: CommonOptions, precision: Precision): { modelDir: string } | { modelUnavailable: SemanticUnavailable } {
  const spec = classifyModelSpec(options.model);
  if (spec.kind === 'folder' || hasModelFiles(spec.dir, precision, options.onnx, false)) return { modelDir: spec.dir };
  return {
    modelUnavailable: {
      reason: `the embedding model ${spec.id} is not downloaded (looked in ${spec.dir}); run \`codeloupe pull ${spec.id}\` in a shell, then call reindex`,
    },
  };
}
