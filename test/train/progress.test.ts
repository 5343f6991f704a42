import { describe, expect, it, vi } from 'vitest';
import { SGD } from '../../src/optim/sgd.js';
import { fit } from '../../src/train/fit.js';
import { formatDuration, formatRate, progressSink } from '../../src/train/progress.js';
import type { EpochSource } from '../../src/train/types.js';
import { LogitsModel } from './fixtures.js';

function sink(isTTY: boolean): { out: { write(s: string): void; isTTY: boolean }; text: () => string } {
  const parts: string[] = [];
  return { out: { write: (s) => void parts.push(s), isTTY }, text: () => parts.join('') };
}

describe('progressSink', () => {
  it('lines (not a TTY): a line every N batches with rate, loss and ETA, and every epoch line', () => {
    const s = sink(false);
    const p = progressSink('auto', 2, s.out);
    for (let done = 1; done <= 4; done++) p.batch(1, done, 4, done * 1000, done * 0.5, 0.25);
    p.epoch('epoch 1/1 done');
    expect(s.text().split('\n')).toEqual([
      'epoch 1 2/4 loss 0.2500 2.0k samples/s eta 1.0s',
      'epoch 1 4/4 loss 0.2500 2.0k samples/s eta 0.0s',
      'epoch 1/1 done',
      '',
    ]);
  });

  it('without process (a browser) it writes lines to the console by default', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.stubGlobal('process', undefined);
    let p: ReturnType<typeof progressSink>;
    try {
      p = progressSink('auto', 1);
    } finally {
      vi.unstubAllGlobals();
    }
    p.batch(1, 1, 2, 100, 1, 0.5);
    p.epoch('epoch 1/1 done');
    expect(log.mock.calls).toEqual([['epoch 1 1/2 loss 0.5000 100 samples/s eta 1.0s'], ['epoch 1/1 done']]);
    log.mockRestore();
  });

  it('every 0 prints epoch lines only; none prints nothing', () => {
    const quiet = sink(false);
    const p = progressSink('lines', 0, quiet.out);
    p.batch(1, 1, 1, 10, 1, 1);
    p.epoch('e');
    expect(quiet.text()).toBe('e\n');
    const none = sink(true);
    const q = progressSink('none', 1, none.out);
    q.batch(1, 1, 1, 10, 1, 1);
    q.epoch('e');
    expect(none.text()).toBe('');
  });

  it('bar (a TTY): one redrawn line with a 20-cell bar, minutes in the ETA, millions in the rate', () => {
    const s = sink(true);
    const p = progressSink('auto', 0, s.out);
    p.batch(2, 5, 10, 5e6, 100, 0.5);
    p.epoch('epoch 2/3');
    expect(s.text()).toBe('\r[##########..........] epoch 2 5/10 loss 0.5000 50.0k samples/s eta 1m40s\u001b[K\r' + 'epoch 2/3\u001b[K\n');
    const fast = sink(true);
    progressSink('bar', 0, fast.out).batch(1, 1, 1, 3e6, 1, 0.1);
    expect(fast.text()).toContain('3.00M samples/s');
  });

  it('a source yielding more batches than batchesPerEpoch (or announcing 0) keeps a full bar and an unknown ETA', async () => {
    const s = sink(true);
    const p = progressSink('bar', 0, s.out);
    p.batch(1, 3, 2, 30, 3, 0.5);
    expect(s.text()).toBe('\r[####################] epoch 1 3/2 loss 0.5000 10 samples/s eta ?\u001b[K');
    const z = sink(true);
    progressSink('bar', 0, z.out).batch(1, 1, 0, 10, 1, 0.5);
    expect(z.text()).toBe('\r[....................] epoch 1 1/0 loss 0.5000 10 samples/s eta ?\u001b[K');
    // Through fit, with the bar and with lines.
    const batch = { size: 1, users: Int32Array.of(0), items: Int32Array.of(0), labels: Float32Array.of(1) };
    for (const batchesPerEpoch of [0, 1]) {
      const source: EpochSource = { batchesPerEpoch, epoch: () => [batch, batch, batch] };
      for (const mode of ['bar', 'lines'] as const) {
        const m = new LogitsModel([0]);
        const out = sink(mode === 'bar');
        const h = await fit(m, source, { epochs: 1, optimizer: new SGD(m.parameters(), { lr: 0.1 }), progress: progressSink(mode, 1, out.out) });
        expect(h.epochs[0]!.samples).toBe(3);
        expect(out.text()).toContain(`epoch 1 3/${batchesPerEpoch} `);
      }
    }
  });

  it('rounds before choosing units: no 1m60s, 1000/s or 1000.0k/s', () => {
    expect([59.94, 59.95, 60, 119.4, 119.7, 3599.6].map(formatDuration)).toEqual(['59.9s', '1m0s', '1m0s', '1m59s', '2m0s', '60m0s']);
    expect(formatDuration(0)).toBe('0.0s');
    expect(formatDuration(Infinity)).toBe('?');
    expect([999.4, 999.6, 1000, 12_345, 999_949, 999_960, 1e6, 3e6].map(formatRate)).toEqual(['999', '1.0k', '1.0k', '12.3k', '999.9k', '1.00M', '1.00M', '3.00M']);
    const parts: string[] = [];
    const p = progressSink('lines', 1, { write: (t: string) => void parts.push(t), isTTY: false });
    p.batch(1, 1, 2, 100, 119.7, 0.5);
    expect(parts[0]).toMatch(/ eta 2m0s\n$/);
  });
});
