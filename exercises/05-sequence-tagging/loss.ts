// Cross-entropy over every time step at once.
import { Tensor, nn, todo } from '../../lib/index.ts';

/**
 * logits (N, T, C) and targets (N, T) → the mean cross-entropy over all N·T tokens, as a scalar
 * Tensor that backward() can run through.
 */
export function sequenceCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  // TODO(3단계): nn.CrossEntropyLoss는 클래스 축이 dim 1이어야 합니다. (N, T, C)를 그대로 넣지 말고
  //   시점을 배치에 합치세요: (N·T, C)와 (N·T). 힌트: README.md의 "힌트 3".
  return todo('sequenceCrossEntropy');
}
