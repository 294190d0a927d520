// Mean squared error, as torch.nn.MSELoss: l = (x - y)², then the reduction.
import { fromOp } from '../../autograd.ts';
import { Tensor } from '../../tensor.ts';
import { Module } from '../module.ts';
import { applyReduction, checkReduction, checkSameShape, type LossOptions, type Reduction } from './reduction.ts';

export class MSELoss extends Module {
  readonly reduction: Reduction;

  constructor({ reduction = 'mean' }: LossOptions = {}) {
    super();
    this.reduction = checkReduction('MSELoss', reduction);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    checkSameShape('MSELoss', input, target);
    if (this.reduction === 'none') return input.sub(target).pow(2);
    return reducedSquaredError(input, target, this.reduction);
  }
}

/**
 * Σ (x − y)² or its mean as ONE autograd operation: the composition
 * applyReduction(input.sub(target).pow(2), reduction) computed without its four intermediate
 * tensors, operation for operation in the same order, so the same bits:
 *   forward   d = x − y, s = 0 + d₀² + d₁² + …  (Math.pow(d, 2), as pow), mean: s / n (as mean's div)
 *   backward  ∂x = (g' · 2) · Math.pow(d, 1) with g' = g / n for the mean (div's rule), g for the sum
 *             (sum's rule), as pow's rule gives it;  ∂y = −∂x (sub's rule).
 */
function reducedSquaredError(input: Tensor, target: Tensor, reduction: 'mean' | 'sum'): Tensor {
  const x = input.data;
  const y = target.data;
  const n = x.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.pow(x[i] - y[i], 2);
  const value = reduction === 'mean' ? total / n : total;
  return fromOp(new Float64Array([value]), [], [input, target], (g) => {
    const scale = (reduction === 'mean' ? g[0] / n : g[0]) * 2;
    const gx = input.requiresGrad ? new Float64Array(n) : null;
    const gy = target.requiresGrad ? new Float64Array(n) : null;
    for (let i = 0; i < n; i++) {
      const share = scale * Math.pow(x[i] - y[i], 1);
      if (gx) gx[i] = share;
      if (gy) gy[i] = -share;
    }
    return [gx, gy];
  });
}
