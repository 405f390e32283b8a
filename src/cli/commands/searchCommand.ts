import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CodeloupeError } from '../../core/errors';
import type { SearchResult } from '../../core/types';
import { commonOptions, resultCount, searchMode, usage, type ParsedArgs } from '../args';
import { openIndex } from '../openIndex';
import { json, out } from '../output';
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
    const record = parsed as Record<string, unknown>;
    const id = record['_id'] ?? record['id'];
    const text = record['text'];
    if ((typeof id !== 'string' && typeof id !== 'number') || typeof text !== 'string') {
      throw usage(`${file}:${n} needs "_id" (or "id") and "text".`);
    }
    yield { id, text };
  }
}

export async function searchCommand(args: ParsedArgs): Promise<number> {
  const queriesFile = args.values.queries;
  const positionals = args.positionals;
  const maxPositionals = queriesFile ? 1 : 2;
  if (positionals.length > maxPositionals) throw usage('Too many arguments: quote the query.');
  if (!queriesFile && positionals.length === 0) throw usage('search needs a QUERY (or --queries FILE.jsonl).');
  const root = queriesFile ? (positionals[0] ?? '.') : positionals.length === 2 ? positionals[0]! : '.';
  const options = commonOptions(args.values, root);
  const k = resultCount(args.values);
  const mode = searchMode(args.values);
  const index = await openIndex(options, 'read', mode === 'lexical' ? 'present' : 'ensure');
  try {
    if (mode === 'semantic' && index.semanticUnavailable()) {
      throw new CodeloupeError('E_MODEL_UNAVAILABLE', `Semantic search is unavailable: ${index.semanticUnavailable()!.replace(/\.+$/, '')}.`, {
        hint: 'Index with a model (--model DIR), or use --mode lexical or hybrid.',
      });
    }
    if (queriesFile) {
      for await (const q of readQueries(queriesFile)) {
        const results = await index.search(q.text, { k, mode });
        if (options.json) json({ id: q.id, results: results.map(toJsonResult) });
        else {
          out(`# ${q.id}: ${q.text}`);
          printResults(results);
        }
      }
      return 0;
    }
    const results: SearchResult[] = await index.search(positionals[positionals.length - 1]!, { k, mode });
    if (options.json) json(results.map(toJsonResult));
    else printResults(results);
    return 0;
  } finally {
    await index.close();
  }
}
