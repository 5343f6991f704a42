import { getBackend } from '../backend/registry.js';
import { AncfError } from '../errors.js';
import { VERSION } from '../version.js';
import { Flags, formatUsage, parseCommand } from './args.js';
import type { Command } from './command.js';
import { download } from './commands/download.js';
import { eda } from './commands/eda.js';
import { evaluate } from './commands/evaluate.js';
import { recommend } from './commands/recommend.js';
import { serve } from './commands/serve.js';
import { train } from './commands/train.js';
import { tune } from './commands/tune.js';
import { UsageError, type CliIO } from './io.js';

export const COMMANDS: readonly Command[] = [eda, train, evaluate, recommend, tune, serve, download];

export const USAGE = `ancf ${VERSION}: recommender systems in TypeScript

usage: ancf <command> [options]      (ancf <command> --help for its options)

commands:
${COMMANDS.map((c) => `  ${c.spec.name.padEnd(10)}  ${c.spec.summary}`).join('\n')}
  backend     print the compute backend that would run (honours ANCF_BACKEND)
  version     print the library version

Every --data flag defaults to the ANCF_DATA environment variable.
`;

/**
 * Runs one CLI invocation and resolves to its exit code: 0 success, 1 a failure
 * while running (bad data, unreadable checkpoint...), 2 a command line that does
 * not parse (with the usage text on stderr). Never calls process.exit, so tests
 * and embedding programs can call it in-process.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(USAGE);
      return 0;
    case 'version':
    case '--version':
      io.stdout.write(`${VERSION}\n`);
      return 0;
    case 'backend':
      io.stdout.write(`${JSON.stringify(getBackend().describe())}\n`);
      return 0;
  }
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    io.stderr.write(`ancf: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  try {
    const parsed = parseCommand(command.spec, rest);
    if (parsed.values.help === true) {
      io.stdout.write(formatUsage(command.spec));
      return 0;
    }
    return await command.run(new Flags(command.spec, parsed.values), parsed, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`ancf ${name}: ${e.message}\n\n${e.usage}`);
      return 2;
    }
    if (e instanceof AncfError) {
      io.stderr.write(`ancf ${name}: ${e.message}\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (typeof err?.code === 'string' && err.code.startsWith('E')) {
      io.stderr.write(`ancf ${name}: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}
