// Turning the model's scores (logits) into the next character: softmax with a temperature,
// inverse-CDF sampling from one uniform draw, and greedy decoding.
// BEGIN SOLUTION
import type { Generator } from '../../lib/index.ts';
// STARTER
//> import { todo, type Generator } from '../../lib/index.ts';
// END SOLUTION

/**
 * p_k = exp(z_k / T) / Σ_j exp(z_j / T) for a temperature T > 0, computed stably: shifted by the
 * largest z_j / T, so that logits in the thousands and temperatures near 0 stay finite.
 */
export function softmaxWithTemperature(logits: number[], temperature: number): number[] {
  // BEGIN SOLUTION
  const scaled = logits.map((z) => z / temperature);
  const max = Math.max(...scaled);
  const weights = scaled.map((s) => Math.exp(s - max)); // the largest becomes exp(0) = 1: no overflow
  let total = 0;
  for (const w of weights) total += w;
  return weights.map((w) => w / total);
  // STARTER
  // TODO(1단계): 로짓(logits)을 온도로 **나누고**, 그 가운데 가장 큰 값을 모두에서 뺀 뒤 exp를 취해 합이 1이 되게 나누세요.
  //   최댓값을 빼지 않으면 z/T가 709를 넘는 순간 exp가 Infinity가 되어 NaN이 나옵니다.
  //   힌트: README.md의 "힌트 1".
  //> return todo('softmaxWithTemperature');
  // END SOLUTION
}

/**
 * Inverse-CDF sampling: the smallest index k with u < p_0 + p_1 + … + p_k, for u in [0, 1).
 * A character of probability 0 is never picked; if rounding leaves u at or above the total, the last index.
 */
export function sampleIndex(probs: number[], u: number): number {
  // BEGIN SOLUTION
  let cumulative = 0;
  for (let k = 0; k < probs.length; k++) {
    cumulative += probs[k];
    if (u < cumulative) return k; // strictly below: u exactly on a boundary belongs to the next character
  }
  return probs.length - 1; // only reached through rounding
  // STARTER
  // TODO(2단계): 확률을 앞에서부터 누적해 더하다가, u가 누적합보다 **작아지는** 첫 인덱스를 돌려주세요.
  //   u가 경계에 정확히 놓이면 다음 글자입니다(확률 0인 글자는 절대 뽑히지 않습니다). 끝까지 가면 마지막 인덱스.
  //   힌트: README.md의 "힌트 2".
  //> return todo('sampleIndex');
  // END SOLUTION
}

/** Greedy decoding: the index of the largest logit (the first one when several are equal). */
export function greedyIndex(logits: number[]): number {
  // BEGIN SOLUTION
  let best = 0;
  for (let k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
  return best;
  // STARTER
  // TODO(3단계): 가장 큰 로짓의 인덱스를 돌려주세요. 같은 값이 여럿이면 앞의 것.
  //> return todo('greedyIndex');
  // END SOLUTION
}

/**
 * The next character's index: greedy when temperature is 0 (nothing drawn from the generator),
 * otherwise sampleIndex(softmaxWithTemperature(logits, temperature), generator.random()) —
 * exactly one draw from the generator per call.
 */
export function sampleNext(logits: number[], temperature: number, generator: Generator): number {
  // BEGIN SOLUTION
  if (temperature === 0) return greedyIndex(logits);
  return sampleIndex(softmaxWithTemperature(logits, temperature), generator.random());
  // STARTER
  // TODO(3단계): 온도가 0이면 greedyIndex(생성기에서 아무것도 뽑지 않음), 아니면 generator.random()을
  //   **한 번만** 뽑아 softmaxWithTemperature와 sampleIndex로 고르세요. 힌트: README.md의 "힌트 3".
  //> return todo('sampleNext');
  // END SOLUTION
}
