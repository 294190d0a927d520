// Mean squared error, as torch.nn.MSELoss: l = (x - y)², then the reduction.
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
    // Composed from Tensor ops, so autograd derives d/dx = 2(x - y) (and -2(x - y) for the target).
    return applyReduction(input.sub(target).pow(2), this.reduction);
  }
}
