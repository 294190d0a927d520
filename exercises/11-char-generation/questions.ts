// The conceptual questions of the exercise: one answered with a number, one with a letter.
import { todo } from '../../lib/index.ts';

export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * As the temperature grows without bound (T → ∞), what value does the entropy of the next-character
 * distribution over the 27-character alphabet approach, in nats? Return the number.
 */
export function hotLimitEntropy(): number {
  // TODO(6단계): 숫자 하나를 돌려주세요(nats). 힌트: README.md의 "힌트 6".
  return todo('hotLimitEntropy');
}

/**
 * Why does greedy decoding (temperature 0) so easily write the same phrase over and over?
 *  a) The model was trained too briefly; with longer training greedy text stops repeating.
 *  b) Greedy decoding is deterministic: the next character depends only on the hidden state and the input,
 *     so once the text comes back to a state it has (nearly) been in, it follows the same path again.
 *  c) At temperature 0 the softmax is uniform, so the characters are random and repeat by chance.
 *  d) The generator's seed is fixed, so the same random numbers are drawn over and over.
 */
export function whyGreedyRepeats(): Choice {
  // TODO(6단계): 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README.md의 "힌트 6".
  return todo('whyGreedyRepeats');
}
