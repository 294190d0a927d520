// Per-token accuracy: the share of all tokens whose highest-scoring class is the true label.
import { Tensor, todo } from '../../lib/index.ts';

/** logits (N, T, C), targets (N, T) → correct tokens / (N·T), a number in [0, 1]. */
export function perTokenAccuracy(logits: Tensor, targets: Tensor): number {
  // TODO(4단계): 각 토큰의 예측 = 마지막 축의 argmax. 맞은 토큰 수 / 전체 토큰 수 를 숫자로 돌려주세요.
  //   힌트: README.md의 "힌트 4".
  return todo('perTokenAccuracy');
}
