// The `reduction` option shared by every loss: 'none' keeps one loss per element,
// 'sum' adds them up, 'mean' averages them (PyTorch's default).
import { Tensor, formatShape } from '../../tensor.ts';

export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  reduction?: Reduction;
}

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Validates the option given to a loss constructor; returns it with the default filled in. */
export function checkReduction(lossName: string, reduction: unknown = 'mean'): Reduction {
  if (!REDUCTIONS.includes(reduction as Reduction)) {
    throw new Error(`${lossName}: reduction must be one of 'mean', 'sum', 'none'. Got ${JSON.stringify(reduction)}`);
  }
  return reduction as Reduction;
}

/** Applies the reduction to per-element losses. */
export function applyReduction(losses: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? losses.sum() : losses.mean();
}

/** Input and target must have the same shape: PyTorch would broadcast (with a warning); we refuse. */
export function checkSameShape(lossName: string, input: unknown, target: unknown): void {
  if (!(input instanceof Tensor)) throw new Error(`${lossName}: expected input to be a Tensor, got ${describe(input)}`);
  if (!(target instanceof Tensor)) throw new Error(`${lossName}: expected target to be a Tensor, got ${describe(target)}`);
  const same = input.ndim === target.ndim && input.shape.every((d, i) => d === target.shape[i]);
  if (!same) {
    throw new Error(
      `${lossName}: input and target shapes must match. Expected ${formatShape(input.shape)}, got ${formatShape(target.shape)}`,
    );
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array (wrap it with tensor(...))';
  return typeof value;
}
