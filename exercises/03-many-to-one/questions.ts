// The conceptual questions of the exercise: one answered by a letter, one by a number.
import { todo } from '../../lib/index.ts';

export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * In SimpleRNNModel with one layer and one direction, `const [rnnOut, hN] = this.rnn.forward(x, h0)`.
 * Which part of rnnOut (batch, seq, hidden) holds exactly the numbers of h_n[-1] (batch, hidden)?
 *  a) rnnOut.select(1, 0): the states after the first step.
 *  b) rnnOut.select(1, -1): the states after the last step.
 *  c) None: rnnOut holds the inputs x, passed through unchanged.
 *  d) rnnOut.mean(1): the mean of the states over the steps.
 */
export function sameNumbersAsLastHidden(): Choice {
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. → README 힌트 5
  return todo('sameNumbersAsLastHidden');
}

/**
 * Before training, a model says p = 0.9 (class 1) for both toy sequences, whose targets are 0 and 1.
 * What BCELoss does it get on the two of them? One number (4 decimal places are enough).
 */
export function bceOfOneConfidentMistake(): number {
  // TODO: 두 시퀀스의 BCE 평균을 숫자로 돌려주세요. → README 힌트 5
  return todo('bceOfOneConfidentMistake');
}
