import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // index: the universal entry (browsers and Node); node: it plus the file system
    // and HTTP parts. package.json's "node" condition picks the second.
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    // gpu.js (and its optional native `gl`) stay external and are imported lazily.
    external: ['gpu.js', 'gl'],
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    external: ['gpu.js', 'gl'],
  },
]);
