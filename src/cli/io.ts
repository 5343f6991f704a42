import { AncfError } from '../errors.js';

/** Something text can be written to: process.stdout, or a buffer in tests. */
export interface Writer {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * What a command may touch of the outside world. Injected so that tests run the CLI
 * in-process and read what it printed; `main.ts` passes the real process streams.
 */
export interface CliIO {
  readonly stdout: Writer;
  readonly stderr: Writer;
  /** Environment variables (ANCF_DATA, ANCF_BACKEND...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when a long-running command (serve) should stop; defaults to SIGINT / SIGTERM. */
  readonly shutdown?: Promise<unknown>;
  /** Called by serve once it is listening, with the bound port (tests pass port 0). */
  readonly onListening?: (port: number) => void;
}

/** A command line that does not parse: exit code 2 and the command's usage text. */
export class UsageError extends AncfError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/** Collects writes into a string: the io tests and embedding callers use. */
export class BufferWriter implements Writer {
  text = '';
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}
