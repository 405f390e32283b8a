import { commonOptions, parseLocation, resultCount, usage, type ParsedArgs } from '../args';
import { openIndex } from '../openIndex';
import { err, json } from '../output';
import { printResults, toJsonResult } from '../resultText';

export async function similarCommand(args: ParsedArgs): Promise<number> {
  const positionals = args.positionals;
  if (positionals.length === 0 || positionals.length > 2) throw usage('similar needs FILE:LINE (optionally after the folder).');
  const options = commonOptions(args.values, positionals.length === 2 ? positionals[0]! : '.');
  const target = parseLocation(positionals[positionals.length - 1]!, options.root);
  const index = await openIndex(options, 'read', 'ensure');
  try {
    const answer = await index.similar(target, resultCount(args.values));
    if (options.json) json(answer.results.map(toJsonResult));
    else {
      if (answer.query) err(`Similar to ${answer.query.name} (${answer.query.kind}, ${answer.query.file}:${answer.query.startLine}-${answer.query.endLine}), by ${answer.mode} similarity:`);
      printResults(answer.results);
    }
    return 0;
  } finally {
    await index.close();
  }
}
