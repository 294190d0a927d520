// Per-token accuracy, and the best a rule without memory can do on the same data.
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

/**
 * The accuracy of the best memoryless rule on this data: a rule that sees only the current token x_t
 * (never the tokens before it) can at best answer, for every token value, the tag that value has most
 * often. tokens (N, T) and tags (N, T), both integers ≥ 0 → a number in [0, 1].
 */
export function memorylessAccuracy(tokens: Tensor, tags: Tensor): number {
  // BEGIN SOLUTION
  const xs = tokens.data;
  const ys = tags.data;
  const counts = new Map<number, Map<number, number>>(); // token value → tag → how often
  for (let i = 0; i < xs.length; i++) {
    const byTag = counts.get(xs[i]) ?? new Map<number, number>();
    byTag.set(ys[i], (byTag.get(ys[i]) ?? 0) + 1);
    counts.set(xs[i], byTag);
  }
  let right = 0;
  for (const byTag of counts.values()) right += Math.max(...byTag.values());
  return right / xs.length;
  // STARTER
  // TODO(5단계): 토큰 값마다 가장 자주 나오는 태그의 횟수를 더해 전체 토큰 수로 나누세요.
  //   힌트: README.md의 "힌트 5".
  //> return todo('memorylessAccuracy');
  // END SOLUTION
}
