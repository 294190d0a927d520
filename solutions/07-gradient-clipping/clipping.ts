// The gradient norm and gradient clipping by norm, written out (clip_grad_norm_'s formula).
import type { Tensor } from '../../lib/index.ts';

/** ‖g‖ over ALL parameters at once: the square root of the sum of every squared gradient entry. Parameters without a gradient are skipped. */
export function totalGradNorm(params: Tensor[]): number {
  let sumOfSquares = 0;
  for (const p of params) {
    if (p.grad === null) continue;
    for (const g of p.grad.data) sumOfSquares += g * g;
  }
  return Math.sqrt(sumOfSquares);
}

/**
 * Scales every gradient by the same coefficient min(1, maxNorm / (total + 1e-6)), so the total norm
 * ends up at most maxNorm while the direction stays the same. Returns the norm before clipping.
 */
export function clipGradients(params: Tensor[], maxNorm: number): number {
  const total = totalGradNorm(params);
  const coef = Math.min(1, maxNorm / (total + 1e-6));
  for (const p of params) {
    if (p.grad === null) continue;
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) g[i] *= coef;
  }
  return total;
}
