import type { CommandSpec, Flags, Parsed } from './args.js';
import type { CliIO } from './io.js';

/** A subcommand: its flags (for parsing and --help) and what it does; resolves to an exit code. */
export interface Command {
  readonly spec: CommandSpec;
  /**
   * True for commands that train or score: run.ts starts the backend ANCF_BACKEND
   * asks for (awaiting the GPU start) after the command line parses and before run().
   */
  readonly computes?: boolean;
  run(flags: Flags, parsed: Parsed, io: CliIO): Promise<number>;
}

/** The --data option every data-reading command shares. */
export const DATA_OPTIONS = {
  data: { type: 'string', value: 'PATH', description: 'dataset folder or file, or a folder holding ml-100k/, ml-1m/ or ml-latest-small/ (default: $ANCF_DATA)' },
  prefix: { type: 'string', value: 'NAME', description: 'NCF files: PREFIX of PREFIX.train.rating (default: inferred)' },
} as const;

export const DATA_NOTES = [
  'data formats: a directory with u.data (MovieLens 100K), ratings.dat (1M), ratings.csv (latest),',
  'PREFIX.train.rating/.test.rating/.test.negative (NCF split files), or a delimited file',
  '"user<sep>item[<sep>rating[<sep>timestamp]]" (tab, ::, comma, semicolon or space); its first',
  'line is a header only when it names columns (userId, rating...) or, with 3+ columns, holds no number.',
] as const;
