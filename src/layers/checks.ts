import { ArgumentError, LayerStateError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Shape checks shared by the layers: once per call, never per element. */

export const dims = (t: Tensor): string => `[${t.shape.join(', ')}]`;

export function expectRank(layer: string, name: string, t: Tensor, rank: number): void {
  if (t.rank !== rank) throw new ShapeError(`${layer}: ${name} must have rank ${rank}, got ${dims(t)}`);
}

export function expectShape(layer: string, name: string, t: Tensor, shape: readonly number[]): void {
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${layer}: ${name} is ${dims(t)}, expected [${shape.join(', ')}]`);
  }
}

/** The forward cache, or a LayerStateError when backward comes first. */
export function cached<T>(layer: string, value: T | null): T {
  if (value === null) throw new LayerStateError(layer, 'backward called before forward');
  return value;
}

export function positiveInt(layer: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`${layer}: ${name}`, `must be a positive integer, got ${v}`);
}
