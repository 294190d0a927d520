// The share of samples whose predicted class (probability ≥ 0.5 → 1) equals the target.
import { Tensor } from '../../lib/index.ts';

/** prediction: probabilities of class 1, target: 0/1, both of the same shape (e.g. (batch, 1)). Returns 0 … 1. */
export function accuracy(prediction: Tensor, target: Tensor): number {
  const predictedClasses = prediction.ge(0.5);
  return predictedClasses.eq(target).mean().item();
}
