import { VERSION } from '../../version.js';
import type { Command } from '../command.js';

export const version: Command = {
  spec: { name: 'version', summary: 'Print the library version.', synopsis: '', options: {} },
  async run(_flags, _parsed, io) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  },
};
