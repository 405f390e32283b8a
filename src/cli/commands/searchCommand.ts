import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SearchAnswer } from '../../core/search/searcher';
import { commonOptions, resultCount, searchMode, usage, type ParsedArgs } from '../args';
import { readableFile } from '../inputFiles';
import { openIndex } from '../openIndex';
import { correctionNote } from '../../core/search/spelling';
import { err, json, lexicalOnlyWarning, out, warnOnce } from '../output';
import { printResults, toJsonResult } from '../resultText';

interface QueryLine {
  id: string | number;
  text: string;
}

async function* readQueries(file: string): AsyncGenerator<QueryLine> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw usage(`${file}:${n} is not valid JSON.`);
    }
    const record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    const id = record['_id'] ?? record['id'];
    const text = record['text'];
    if ((typeof id !== 'string' && typeof id !== 'number') || typeof text !== 'string') {
      throw usage(`${file}:${n} needs an object with "_id" (or "id") and "text".`);
    }
    if (text.trim() === '') throw usage(`${file}:${n} has an empty "text".`);
    yield { id, text };
  }
}

export async function searchCommand(args: ParsedArgs): Promise<number> {
  const queriesFile = args.values.queries;
  const positionals = args.positionals;
  const maxPositionals = queriesFile ? 1 : 2;
  if (positionals.length > maxPositionals) throw usage('Too many arguments: quote the query.');
  if (!queriesFile && positionals.length === 0) throw usage('search needs a QUERY (or --queries FILE.jsonl).');
  const query = queriesFile ? undefined : positionals[positionals.length - 1]!;
  if (query !== undefined && query.trim() === '') throw usage('The query is empty: describe what the code does, or name identifiers in it.');
  const root = queriesFile ? (positionals[0] ?? '.') : positionals.length === 2 ? positionals[0]! : '.';
  const options = commonOptions(args.values, root);
  const k = resultCount(args.values);
  const mode = searchMode(args.values);
  // Checked before the index opens and the model loads.
  if (queriesFile) readableFile(queriesFile, 'The queries file');
  const index = await openIndex(options, 'read', mode === 'lexical' ? 'present' : 'ensure');
  // A hybrid search without a usable model answers by keywords: said once, not per query.
  const sayLexicalOnly = warnOnce(lexicalOnlyWarning);
  const run = async (text: string): Promise<SearchAnswer> => {
    const answer = await index.search(text, { k, mode });
    if (answer.lexicalOnly !== undefined) sayLexicalOnly(answer.lexicalOnly);
    return answer;
  };
  try {
    if (queriesFile) {
      for await (const q of readQueries(queriesFile)) {
        const answer = await run(q.text);
        if (options.json) {
          json({ id: q.id, results: answer.results.map((r) => toJsonResult(r)), ...(answer.lexicalOnly !== undefined && { semantic: false }), ...(answer.corrected && { corrected: answer.corrected }) });
        } else {
          out(`# ${q.id}: ${q.text}`);
          if (answer.corrected) out(`# ${correctionNote(answer.corrected)}`);
          printResults(answer.results);
        }
      }
      return 0;
    }
    const answer = await run(query!);
    if (answer.corrected) err(`note: ${correctionNote(answer.corrected)}`);
    if (options.json) json(answer.results.map((r) => toJsonResult(r, answer.lexicalOnly !== undefined)));
    else printResults(answer.results);
    return 0;
  } finally {
    await index.close();
  }
}
