import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// src/index.ts is the package's browser entry (package.json: every condition but
// "node"). These tests bundle it the way a browser app's bundler would and run the
// result where Node's globals (process, require, Buffer) do not exist.

const root = fileURLToPath(new URL('..', import.meta.url));

/** Bundles `contents` (a module importing from src/) for the browser; esbuild throws on anything unresolvable. */
async function bundleForBrowser(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Loaded lazily and only when the GPU backend is asked for: a browser app
    // bundles gpu.js's own browser build, which is not under test here.
    external: ['gpu.js'],
  });
  return result.outputFiles[0]!.text;
}

/** A context with the globals a browser page has and Node's left out. */
function browserLikeGlobals(report: (value: unknown) => void): Record<string, unknown> {
  return {
    console,
    performance,
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    WebAssembly,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    report,
  };
}

describe('the universal entry (src/index.ts) in a browser', () => {
  it('bundles for the browser with no Node module in it', async () => {
    const code = await bundleForBrowser("export * from './src/index.ts';");
    expect(code).not.toMatch(/require\("(node:)?(fs|path|crypto|http|stream)/);
  });

  it('negative control: the Node entry does not bundle for the browser', async () => {
    await expect(bundleForBrowser("export * from './src/node.ts';")).rejects.toThrow(/Could not resolve "node:/);
  });

  it('trains, recommends and round-trips a checkpoint without process, require or Buffer', async () => {
    const code = await bundleForBrowser(`
      import { Adam, GMF, Recommender, Rng, decodeCheckpoint, encodeCheckpoint, fit, pointwiseSource, recommenderCheckpoint, recommenderFromCheckpoint, syntheticInteractions } from './src/index.ts';
      (async () => {
        const nodeGlobals = ['process', 'require', 'Buffer'].filter((name) => typeof globalThis[name] !== 'undefined');
        const { interactions } = syntheticInteractions({ users: 30, items: 40, perUser: 8, seed: 1 });
        const model = new GMF({ numUsers: interactions.numUsers, numItems: interactions.numItems, factors: 4, seed: 2 });
        const history = await fit(model, pointwiseSource(interactions, { batchSize: 64, negatives: 2, rng: new Rng(3) }), {
          epochs: 2,
          optimizer: new Adam(model.parameters(), { lr: 0.01 }),
        });
        const recommender = new Recommender({ model, train: interactions });
        const before = recommender.recommend('u0', 5).items;
        const encoded = await encodeCheckpoint(recommenderCheckpoint(recommender));
        const restored = recommenderFromCheckpoint(await decodeCheckpoint({ manifest: encoded.manifestJson, weights: encoded.weights }));
        const after = restored.recommend('u0', 5).items;
        report({ nodeGlobals, losses: history.epochs.map((e) => e.loss), before, after });
      })().catch((e) => report({ error: String(e && e.stack || e) }));
    `);
    const result = await new Promise<Record<string, unknown>>((resolve) => {
      runInNewContext(code, browserLikeGlobals((value) => resolve(value as Record<string, unknown>)));
    });
    expect(result.error).toBeUndefined();
    expect(result.nodeGlobals).toEqual([]);
    const losses = result.losses as number[];
    expect(losses).toHaveLength(2);
    expect(losses[1]).toBeLessThan(losses[0]!);
    const before = result.before as { itemId: string; score: number }[];
    expect(before).toHaveLength(5);
    expect(result.after).toEqual(before);
  });
});
