import { describe, expect, it } from 'vitest';
import { progressSink } from '../../src/train/progress.js';

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
});
