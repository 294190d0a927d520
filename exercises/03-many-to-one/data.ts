// Note 000's toy task: two sequences of four numbers, [8, 1, 5, 3] is class 0 and [2, 7, 4, 9] is class 1.
import { Tensor, tensor } from '../../lib/index.ts';

export interface ToyData {
  /** (batch 2, sequence length 4, one feature per step) */
  x: Tensor;
  /** (2, 1): the class of each sequence as 0.0 or 1.0, the target BCELoss expects */
  y: Tensor;
}

export function toyData(): ToyData {
  const x = tensor([
    [[8], [1], [5], [3]], // class 0
    [[2], [7], [4], [9]], // class 1
  ]);
  const y = tensor([[0], [1]]);
  return { x, y };
}
