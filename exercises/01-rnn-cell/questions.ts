// The conceptual questions of the exercise: one answered with a letter, one with a number.
import { todo } from '../../lib/index.ts';

export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * With inputs, Wx, Wh and b all drawn from U[0, 1), why does every hidden value end up near 0.9999?
 *  a) tanh of any input is close to 1, whatever the weights.
 *  b) Every term of x_t Wxᵀ + h_{t-1} Whᵀ + b is positive, so the sums grow to several units and tanh
 *     sits on its flat part near 1 (its gradient 1 − tanh² is then almost 0).
 *  c) The hidden state is added to itself at each step, so it grows until it reaches 1.
 *  d) Ten time steps are too many: any RNN saturates after a few steps, whatever its weights.
 */
export function whyDoesItSaturate(): Choice {
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요 (README의 질문과 같습니다). → README 힌트 8
  return todo('whyDoesItSaturate');
}

/**
 * A hidden unit outputs h = 0.9999 (a saturated value of note 004). By what factor does tanh scale a
 * gradient that passes back through this unit? Return that factor as a number.
 */
export function tanhSlopeWhenSaturated(): number {
  // TODO: 숫자 하나를 돌려주세요. → README 힌트 9
  return todo('tanhSlopeWhenSaturated');
}
