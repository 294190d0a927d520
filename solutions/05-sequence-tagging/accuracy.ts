// Per-token accuracy: the share of all tokens whose highest-scoring class is the true label.
// BEGIN SOLUTION
import { Tensor } from '../../lib/index.ts';
// STARTER
//> import { Tensor, todo } from '../../lib/index.ts';
// END SOLUTION

/** logits (N, T, C), targets (N, T) → correct tokens / (N·T), a number in [0, 1]. */
export function perTokenAccuracy(logits: Tensor, targets: Tensor): number {
  // BEGIN SOLUTION
  const predicted = logits.argmax(-1); // (N, T)
  return predicted.eq(targets).mean().item();
  // STARTER
  // TODO(4단계): 각 토큰의 예측 = 마지막 축의 argmax. 맞은 토큰 수 / 전체 토큰 수 를 숫자로 돌려주세요.
  //   힌트: README.md의 "힌트 4".
  //> return todo('perTokenAccuracy');
  // END SOLUTION
}
