// The share of samples whose predicted class (probability ≥ 0.5 → 1) equals the target.
// BEGIN SOLUTION
import { Tensor } from '../../lib/index.ts';
// STARTER
//> import { Tensor, todo } from '../../lib/index.ts';
// END SOLUTION

/** prediction: probabilities of class 1, target: 0/1, both of the same shape (e.g. (batch, 1)). Returns 0 … 1. */
export function accuracy(prediction: Tensor, target: Tensor): number {
  // BEGIN SOLUTION
  const predictedClasses = prediction.ge(0.5);
  return predictedClasses.eq(target).mean().item();
  // STARTER
  // TODO: 확률이 0.5 이상이면 1, 아니면 0으로 본 예측 클래스가 target과 같은 비율을 숫자로 돌려주세요. → README 힌트 3
  //> return todo('accuracy');
  // END SOLUTION
}
