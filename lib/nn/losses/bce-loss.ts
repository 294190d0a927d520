// Binary cross-entropy on probabilities, as torch.nn.BCELoss:
// l = -[y·max(log x, -100) + (1 - y)·max(log(1 - x), -100)], x must lie in [0, 1].
import { fromOp } from '../../autograd.ts';
import { Tensor } from '../../tensor.ts';
import { Module } from '../module.ts';
import { applyReduction, checkReduction, checkSameShape, type LossOptions, type Reduction } from './reduction.ts';

// PyTorch clamps the logs at -100 so that x = 0 or 1 gives a finite loss.
const LOG_FLOOR = -100;
// PyTorch's floor on x(1 - x) in the gradient, so x = 0 or 1 gives a finite gradient. PyTorch
// stores it as a float32 constant, hence fround (9.99999996e-13), which matters at x = 0 or 1.
const GRAD_EPSILON = Math.fround(1e-12);

/** Element-wise BCE with PyTorch's forward clamp and backward rule. */
export function binaryCrossEntropy(input: Tensor, target: Tensor): Tensor {
  const x = input.data;
  const y = target.data;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] >= 0 && x[i] <= 1)) {
      throw new Error(`BCELoss: all elements of input should be between 0 and 1. Expected values in [0, 1], got ${x[i]} at flat index ${i}`);
    }
    const logX = Math.max(Math.log(x[i]), LOG_FLOOR);
    const log1mX = Math.max(Math.log1p(-x[i]), LOG_FLOOR);
    out[i] = -(y[i] * logX + (1 - y[i]) * log1mX);
  }
  return fromOp(out, input.shape, [input, target], (g) => {
    // dl/dx = (x - y) / max(x(1 - x), 1e-12)   (PyTorch's rule, finite at the edges)
    const gx = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) gx[i] = (g[i] * (x[i] - y[i])) / Math.max((1 - x[i]) * x[i], GRAD_EPSILON);
    // dl/dy = max(log(1 - x), -100) - max(log x, -100)
    let gy: Float64Array | null = null;
    if (target.requiresGrad) {
      gy = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) {
        gy[i] = g[i] * (Math.max(Math.log1p(-x[i]), LOG_FLOOR) - Math.max(Math.log(x[i]), LOG_FLOOR));
      }
    }
    return [gx, gy];
  });
}

export class BCELoss extends Module {
  readonly reduction: Reduction;

  constructor({ reduction = 'mean' }: LossOptions = {}) {
    super();
    this.reduction = checkReduction('BCELoss', reduction);
  }

  forward(input: Tensor, target: Tensor): Tensor {
    checkSameShape('BCELoss', input, target);
    return applyReduction(binaryCrossEntropy(input, target), this.reduction);
  }
}
