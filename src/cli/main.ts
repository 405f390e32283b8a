import { CodeloupeError, errorMessage, type ErrorCode } from '../core/errors';
import { parseCommandArgs, usage, type ParsedArgs } from './args';
import { benchCommand } from './commands/benchCommand';
import { doctorCommand } from './commands/doctorCommand';
import { indexCommand } from './commands/indexCommand';
import { modelsCommand } from './commands/modelsCommand';
import { pullCommand } from './commands/pullCommand';
import { searchCommand } from './commands/searchCommand';
import { similarCommand } from './commands/similarCommand';
import { statusCommand } from './commands/statusCommand';
import { HELP } from './helpText';
import { err, out } from './output';

const COMMANDS: Record<string, (args: ParsedArgs) => Promise<number>> = {
  index: indexCommand,
  search: searchCommand,
  similar: similarCommand,
  status: statusCommand,
  models: modelsCommand,
  pull: pullCommand,
  doctor: doctorCommand,
  bench: benchCommand,
};

/** Errors the user fixes by changing the command line exit with 2; everything else with 1. */
const USAGE_CODES: ReadonlySet<ErrorCode> = new Set(['E_BAD_ARGUMENT', 'E_MODEL_UNAVAILABLE']);

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
    err(`codeloupe: ${errorMessage(e)}`);
    if (e instanceof CodeloupeError) return USAGE_CODES.has(e.code) ? 2 : e.code === 'E_CANCELLED' ? 130 : 1;
    if (process.env.CODELOUPE_DEBUG) err(e instanceof Error ? (e.stack ?? '') : '');
    return 1;
  }
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
