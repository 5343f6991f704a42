#!/usr/bin/env node
import { run } from './run.js';

// The process-facing shell around run(): real streams and environment, and the
// exit code through process.exitCode so pending output is flushed first.
const shutdown = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, shutdown }).then(
  (code) => {
    process.exitCode = code;
    // serve resolves only after shutdown; everything else is done here.
    process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`ancf: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
