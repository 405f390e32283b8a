import type { SearchResult, UnitLocation } from '../core/types';
import { out } from './output';
import { definedProps } from '../core/definedProps';

/**
 * The machine-readable result: the CLI's JSON contract, exactly these fields. `container` (the class,
 * impl or object a member belongs to) and `window` (part `index + 1` of `count` of a long unit) appear
 * only when they apply. `semantic: false` marks every result of an answer found by keywords alone because the
 * model was unusable (a hybrid search or find-similar without a model), as `--queries` lines do for the query.
 */
export function toJsonResult(r: SearchResult, lexicalOnly = false): JsonResult {
  return {
    file: r.file,
    startLine: r.startLine,
    endLine: r.endLine,
    name: r.name,
    kind: r.kind,
    score: Number(r.score.toFixed(6)),
    ...definedProps({ container: r.container }),
    ...(r.window !== undefined && { window: { index: r.window.index, count: r.window.count } }),
    ...(lexicalOnly && { semantic: false as const }),
  };
}

export type JsonResult = Pick<SearchResult, keyof UnitLocation | 'score' | 'container' | 'window'> & { semantic?: false };

export function printResults(results: readonly SearchResult[]): void {
  if (results.length === 0) {
    out('No results.');
    return;
  }
  for (const r of results) {
    const name = r.container === undefined ? r.name : `${r.container}.${r.name}`;
    const part = r.window === undefined ? '' : `, part ${r.window.index + 1} of ${r.window.count}`;
    out(`${r.file}:${r.startLine}  ${name} (${r.kind}${part})  ${r.score.toFixed(3)}`);
    for (const line of r.snippet.split('\n').slice(0, 3)) out(`    ${line.length > 110 ? `${line.slice(0, 107)}...` : line}`);
  }
}
