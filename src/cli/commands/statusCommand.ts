import { commonOptions, usage, type ParsedArgs } from '../args';
import { openIndex } from '../openIndex';
import { json, out } from '../output';

export async function statusCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw usage('status takes at most one folder.');
  const options = commonOptions(args.values, args.positionals[0] ?? '.');
  const index = await openIndex(options, 'read');
  try {
    const status = index.status();
    if (options.json) {
      json(status);
      return 0;
    }
    out(`Folder:   ${status.root}`);
    out(`Index:    ${status.indexDir}`);
    out(`Files:    ${status.files.toLocaleString('en-US')}`);
    out(`Chunks:   ${status.chunks.toLocaleString('en-US')} (${status.embedded.toLocaleString('en-US')} of ${status.texts.toLocaleString('en-US')} distinct texts embedded)`);
    out(`Model:    ${'id' in status.model ? `${status.model.id} (${status.model.dimension}-d)` : `unavailable: ${status.model.unavailable}`}`);
    if (status.vectorsModel && !('id' in status.model && status.model.id === status.vectorsModel)) out(`Vectors:  made with ${status.vectorsModel}`);
    if (status.device) out(`Device:   ${status.device}`);
    if (status.lastIndexedAt) out(`Indexed:  ${status.lastIndexedAt}`);
    return 0;
  } finally {
    await index.close();
  }
}
