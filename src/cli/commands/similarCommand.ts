import type { SimilarTarget } from '../../core/search/similar';
import { commonOptions, parseLocation, resultCount, usage, type ParsedArgs } from '../args';
import { MAX_CODE_INPUT_BYTES, readCodeInput } from '../inputFiles';
import { openIndex } from '../openIndex';
import { err, json, lexicalOnlyWarning } from '../output';
import { printResults, toJsonResult } from '../resultText';

/** `similar [PATH] FILE:LINE`, or `similar [PATH] --code FILE|-` (a snippet, embedded as a document). */
export async function similarCommand(args: ParsedArgs): Promise<number> {
  const positionals = args.positionals;
  const codeSpec = args.values.code;
  const maxPositionals = codeSpec === undefined ? 2 : 1;
  if (positionals.length > maxPositionals || (codeSpec === undefined && positionals.length === 0)) {
    throw usage('similar needs FILE:LINE or --code FILE|- (optionally after the folder).');
  }
  const options = commonOptions(args.values, codeSpec !== undefined ? (positionals[0] ?? '.') : positionals.length === 2 ? positionals[0]! : '.');
  let target: SimilarTarget;
  if (codeSpec !== undefined) {
    const input = await readCodeInput(codeSpec);
    if (input.truncated) err(`warning: only the first ${MAX_CODE_INPUT_BYTES / 1024} KB of --code ${codeSpec} are used.`);
    target = { code: input.code };
  } else {
    target = parseLocation(positionals[positionals.length - 1]!, options.root);
  }
  const k = resultCount(args.values);
  const index = await openIndex(options, 'read', 'ensure');
  try {
    const answer = await index.similar(target, k);
    if (answer.lexicalOnly !== undefined) err(`warning: ${lexicalOnlyWarning(answer.lexicalOnly)}`);
    if (options.json) json(answer.results.map((r) => toJsonResult(r, answer.lexicalOnly !== undefined)));
    else {
      if (answer.query) err(`Similar to ${answer.query.name} (${answer.query.kind}, ${answer.query.file}:${answer.query.startLine}-${answer.query.endLine}), by ${answer.mode} similarity:`);
      printResults(answer.results);
    }
    return 0;
  } finally {
    await index.close();
  }
}
