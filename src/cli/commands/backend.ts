import { getBackend } from '../../backend/registry.js';
import type { Command } from '../command.js';

export const backend: Command = {
  spec: {
    name: 'backend',
    summary: 'Start the compute backend ANCF_BACKEND asks for (cpu, gpu or auto; default cpu) and print what runs, as JSON.',
    synopsis: '',
    options: {},
    notes: ['example: ANCF_BACKEND=gpu ancf backend   # {"name":"gpu","mode":"webasm","notes":[...]}'],
  },
  // run.ts starts the backend before run(): this prints what actually started.
  computes: true,
  async run(_flags, _parsed, io) {
    io.stdout.write(`${JSON.stringify(getBackend().describe())}\n`);
    return 0;
  },
};
