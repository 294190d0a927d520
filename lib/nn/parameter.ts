// A Parameter is a leaf tensor that a Module registers and an optimiser updates.
import { Tensor } from '../tensor.ts';

export class Parameter extends Tensor {
  constructor(source: Tensor, requiresGrad = true) {
    // A parameter owns its storage: copy so in-place updates never touch the source.
    super(source.data.slice(), source.shape, { requiresGrad });
  }
}
