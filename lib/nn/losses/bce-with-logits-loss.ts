// Sigmoid + binary cross-entropy in one numerically stable step, as torch.nn.BCEWithLogitsLoss:
// l = (1 - y)·x - log σ(x), with log σ(x) = min(x, 0) - log(1 + e^-|x|) (never overflows).
import { fromOp } from '../../autograd.ts';
import { sigmoidScalar } from '../../ops/elementwise.ts';
import { Tensor } from '../../tensor.ts';
import { Module } from '../module.ts';
import { applyReduction, checkReduction, checkSameShape, type LossOptions, type Reduction } from './reduction.ts';

function logSigmoid(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
}

/** Element-wise BCE on logits. */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor): Tensor {
  const x = input.data;
  const y = target.data;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (1 - y[i]) * x[i] - logSigmoid(x[i]);
  return fromOp(out, input.shape, [input, target], (g) => {
    // dl/dx = σ(x) - y
    const gx = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) gx[i] = g[i] * (sigmoidScalar(x[i]) - y[i]);
    // dl/dy = -x
    let gy: Float64Array | null = null;
    if (target.requiresGrad) {
      gy = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) gy[i] = -g[i] * x[i];
    }
    return [gx, gy];
  });
}

export class BCEWithLogitsLoss extends Module {
  readonly reduction: Reduction;

  constructor({ reduction = 'mean' }: LossOptions = {}) {
    super();
    this.reduction = checkReduction('BCEWithLogitsLoss', reduction);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    checkSameShape('BCEWithLogitsLoss', input, target);
    return applyReduction(binaryCrossEntropyWithLogits(input, target), this.reduction);
  }
}
