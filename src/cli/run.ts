import { AncfError } from '../errors.js';
import { VERSION } from '../version.js';
import { Flags, formatUsage, parseCommand } from './args.js';
import { startBackend } from './backend.js';
import type { Command } from './command.js';
import { backend } from './commands/backend.js';
import { download } from './commands/download.js';
import { eda } from './commands/eda.js';
import { evaluate } from './commands/evaluate.js';
import { recommend } from './commands/recommend.js';
import { serve } from './commands/serve.js';
import { train } from './commands/train.js';
import { tune } from './commands/tune.js';
import { version } from './commands/version.js';
import { UsageError, type CliIO } from './io.js';

export const COMMANDS: readonly Command[] = [eda, train, evaluate, recommend, tune, serve, download, backend, version];

export const USAGE = `ancf ${VERSION}: recommender systems in TypeScript

usage: ancf <command> [options]      (ancf <command> --help, or ancf help <command>, for its options)

commands:
${COMMANDS.map((c) => `  ${c.spec.name.padEnd(10)}  ${c.spec.summary}`).join('\n')}

Every --data flag defaults to the ANCF_DATA environment variable; ANCF_BACKEND
(cpu, gpu or auto; default cpu) picks the compute backend.
`;

/**
 * Runs one CLI invocation and resolves to its exit code: 0 success, 1 a failure
 * while running (bad data, unreadable checkpoint, a backend that cannot start...),
 * 2 a command line that does not parse (with the usage text on stderr). Never calls
 * process.exit, so tests and embedding programs can call it in-process.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    // No command is a command line that does not parse: the list, on stderr, exit 2.
    io.stderr.write(USAGE);
    return 2;
  }
  if (first === 'help' || first === '--help' || first === '-h') return help(rest, io);
  const name = first === '--version' ? 'version' : first;
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
    if (command.computes) await startBackend(io, command.spec);
    return await command.run(new Flags(command.spec, parsed.values), parsed, io);
  } catch (e) {
    return report(e, name, io);
  }
}

/** `ancf help` lists the commands; `ancf help NAME` prints NAME's usage. */
function help(rest: readonly string[], io: CliIO): number {
  const [topic, ...extra] = rest;
  if (topic === undefined) {
    io.stdout.write(USAGE);
    return 0;
  }
  const command = COMMANDS.find((c) => c.spec.name === topic);
  if (!command || extra.length > 0) {
    io.stderr.write(`ancf help: ${command ? `unexpected argument ${JSON.stringify(extra[0])}` : `unknown command ${JSON.stringify(topic)}`}\n\n${USAGE}`);
    return 2;
  }
  io.stdout.write(formatUsage(command.spec));
  return 0;
}

/** Typed failures become one line on stderr and an exit code; anything else is a bug and propagates. */
function report(e: unknown, name: string, io: CliIO): number {
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
