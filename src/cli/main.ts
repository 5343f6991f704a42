#!/usr/bin/env node
import { getBackend } from '../backend/registry.js';
import { VERSION } from '../version.js';

const USAGE = `ancf ${VERSION}: recommender systems in TypeScript

usage: ancf <command> [options]

commands:
  backend     print the backend that would run (honours ANCF_BACKEND)
  version     print the library version
`;

function main(argv: string[]): number {
  const [command] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    case 'version':
    case '--version':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case 'backend':
      process.stdout.write(`${JSON.stringify(getBackend().describe())}\n`);
      return 0;
    default:
      process.stderr.write(`ancf: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
