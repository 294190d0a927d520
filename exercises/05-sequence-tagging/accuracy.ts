// Per-token accuracy, and the best a rule without memory can do on the same data.
import { Tensor, todo } from '../../lib/index.ts';

/** logits (N, T, C), targets (N, T) → correct tokens / (N·T), a number in [0, 1]. */
export function perTokenAccuracy(logits: Tensor, targets: Tensor): number {
  // TODO(4단계): 각 토큰의 예측 = 마지막 축의 argmax. 맞은 토큰 수 / 전체 토큰 수 를 숫자로 돌려주세요.
  //   힌트: README.md의 "힌트 4".
  return todo('perTokenAccuracy');
}

/**
 * The accuracy of the best memoryless rule on this data: a rule that sees only the current token x_t
 * (never the tokens before it) can at best answer, for every token value, the tag that value has most
 * often. tokens (N, T) and tags (N, T), both integers ≥ 0 → a number in [0, 1].
 */
export function memorylessAccuracy(tokens: Tensor, tags: Tensor): number {
  // TODO(5단계): 토큰 값마다 가장 자주 나오는 태그의 횟수를 더해 전체 토큰 수로 나누세요.
  //   힌트: README.md의 "힌트 5".
  return todo('memorylessAccuracy');
}
