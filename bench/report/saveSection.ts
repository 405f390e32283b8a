import type { SaveRun } from '../save/main';
import { ms, table } from './markdownTable';

export function saveSection(run: SaveRun): string {
  return [
    '## Save → searchable, in the warm engine server',
    '',
    `Measured ${run.machine.date.slice(0, 10)} with \`${run.command}\`: the engine server the extension runs, driven over its protocol, on ${run.corpus} ` +
      `(${run.files} files), model \`${run.model}\`. Each save appends one function to a file; the time runs from the \`update { paths }\` ` +
      'request to the lexical `search` that returns the new function (the extension first waits 500 ms for a burst of saves to end).',
    '',
    table(
      ['condition', 'saves', 'found', 'p50 ms', 'p95 ms', 'max ms', 'update p50 ms', 'search p50 ms', 'load'],
      run.conditions.map((c) => [c.condition, String(c.saves), String(c.found), ms(c.totalMs.p50), ms(c.totalMs.p95), ms(c.totalMs.max), ms(c.updateMs.p50), ms(c.searchMs.p50), String(c.load)]),
    ),
    '',
    '"while embedding": the background embedding of the whole folder runs meanwhile (the worker at below-normal priority); ' +
      '"idle": it was stopped, and only each saved file\'s new texts are embedded after its run.',
    '',
  ].join('\n');
}
