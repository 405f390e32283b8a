import { errorMessage, toCodeloupeError, type ErrorCode } from '../core/errors';
import { parseCommandArgs, usage, type ParsedArgs } from './args';
import { benchCommand } from './commands/benchCommand';
import { doctorCommand } from './commands/doctorCommand';
import { indexCommand } from './commands/indexCommand';
import { mcpCommand } from './commands/mcpCommand';
import { modelsCommand } from './commands/modelsCommand';
import { pullCommand } from './commands/pullCommand';
import { searchCommand } from './commands/searchCommand';
import { similarCommand } from './commands/similarCommand';
import { statusCommand } from './commands/statusCommand';
import { HELP } from './helpText';
import { err, json, out } from './output';
import { definedProps } from '../core/definedProps';

const COMMANDS: Record<string, (args: ParsedArgs) => Promise<number>> = {
  index: indexCommand,
  search: searchCommand,
  similar: similarCommand,
  status: statusCommand,
  models: modelsCommand,
  pull: pullCommand,
  doctor: doctorCommand,
  bench: benchCommand,
  mcp: mcpCommand,
};

/** Errors the user fixes by changing the command line exit with 2; everything else with 1. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set(['E_BAD_ARGUMENT', 'E_FOLDER_NOT_FOUND', 'E_MODEL_UNAVAILABLE']);

function exitCodeOf(code: ErrorCode): number {
  return USAGE_CODES.has(code) ? 2 : code === 'E_CANCELLED' ? 130 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(HELP);
    return command === undefined ? 2 : 0;
  }
  try {
    const run = COMMANDS[command];
    if (!run) throw usage(`Unknown command "${command}".`);
    const args = parseCommandArgs(rest);
    if (args.values.help) {
      out(HELP);
      return 0;
    }
    return await run(args);
  } catch (e) {
    const error = toCodeloupeError(e);
    // With --json the failure is JSON too, on stdout where the result would have been.
    if (rest.includes('--json')) json({ error: { code: error.code, message: error.message, ...definedProps({ hint: error.hint }) } });
    const internal = error.code === 'E_INTERNAL' && !process.env.CODELOUPE_DEBUG ? ' (set CODELOUPE_DEBUG=1 to see where it failed)' : '';
    err(`codeloupe: ${errorMessage(e)}${internal}`);
    if (process.env.CODELOUPE_DEBUG) err(stackWithCauses(error));
    return exitCodeOf(error.code);
  }
}

/** The stack of an error and of each of its causes (which may have come from another process). */
function stackWithCauses(error: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    lines.push(depth === 0 ? (e.stack ?? e.message) : `Caused by: ${e.stack ?? e.message}`);
  }
  return lines.join('\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`codeloupe: internal error: ${errorMessage(e)}`);
    process.exitCode = 1;
  },
);
