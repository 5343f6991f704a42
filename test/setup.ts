import fc from 'fast-check';

// Fixed seed so every property failure reproduces; FC_SEED overrides for exploration.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261122), numRuns: Number(process.env.FC_RUNS ?? 40) });
