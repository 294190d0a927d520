// The share of samples whose predicted class (probability ≥ 0.5 → 1) equals the target.
import { Tensor, todo } from '../../lib/index.ts';

/** prediction: probabilities of class 1, target: 0/1, both of the same shape (e.g. (batch, 1)). Returns 0 … 1. */
export function accuracy(prediction: Tensor, target: Tensor): number {
  // TODO: 확률이 0.5 이상이면 1, 아니면 0으로 본 예측 클래스가 target과 같은 비율을 숫자로 돌려주세요. → README 힌트 3
  return todo('accuracy');
}
