import { listLocalModels } from '../../core/models/localModels';
import { cacheRoot } from '../../core/paths';
import { usage, type ParsedArgs } from '../args';
import { json, out } from '../output';

/** `codeloupe models`: the known models, which exports of each are downloaded, and where. */
export async function modelsCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 0) throw usage('models takes no arguments.');
  const models = listLocalModels();
  if (args.values.json) {
    json(
      models.map((m) => ({
        id: m.id,
        default: m.isDefault,
        known: m.known !== undefined,
        dir: m.dir,
        present: m.present,
        ...(m.known && { dimension: m.known.dimension, pooling: m.known.pooling, truncations: m.known.truncations, sizeMB: m.known.sizeMB, summary: m.known.summary }),
      })),
    );
    return 0;
  }
  out(`Models (cache: ${cacheRoot()}; * = default):`);
  for (const m of models) {
    const facts = m.known ? `${m.known.dimension}-d, ${m.known.pooling}, int8 ${m.known.sizeMB.int8} MB / fp16 ${m.known.sizeMB.fp16} MB` : 'not in the registry';
    const state = m.present.length > 0 ? `downloaded: ${m.present.join(', ')} in ${m.dir}` : 'not downloaded';
    out(`${m.isDefault ? '*' : ' '} ${m.id}  (${facts})`);
    if (m.known) out(`    ${m.known.summary}`);
    out(`    ${state}`);
  }
  out('Download one with: codeloupe pull MODEL [--device D | --precision int8|fp16|fp32]');
  return 0;
}
