// How spread out the next-character distribution is, and how the temperature changes it.
// BEGIN SOLUTION
import { softmaxWithTemperature } from './sampling.ts';
// STARTER
//> import { todo } from '../../lib/index.ts';
//> import { softmaxWithTemperature } from './sampling.ts';
// END SOLUTION

/** H(p) = −Σ_k p_k ln p_k in nats (natural log), with 0 · ln 0 = 0. */
export function entropy(probs: number[]): number {
  // BEGIN SOLUTION
  let h = 0;
  for (const p of probs) if (p > 0) h -= p * Math.log(p);
  return h;
  // STARTER
  // TODO(5단계): 자연로그(Math.log)로 −Σ p ln p를 계산하세요. p = 0인 항은 0입니다(0 · ln 0 = 0). 힌트: README.md의 "힌트 5".
  //> return todo('entropy');
  // END SOLUTION
}

/** The entropy of softmaxWithTemperature(logits, T) for each temperature T > 0, in the order given. */
export function entropyCurve(logits: number[], temperatures: number[]): number[] {
  // BEGIN SOLUTION
  return temperatures.map((temperature) => entropy(softmaxWithTemperature(logits, temperature)));
  // STARTER
  // TODO(5단계): 온도마다 softmaxWithTemperature(logits, T)의 엔트로피를, 주어진 순서대로 돌려주세요.
  //> return todo('entropyCurve');
  // END SOLUTION
}
