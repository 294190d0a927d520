// The concept questions of the exercise: two numbers to work out and one choice.
import { todo } from '../../lib/index.ts';

export type Choice = 'a' | 'b' | 'c' | 'd';

/** How many trainable numbers does nn.LSTM(10, 20) have (one layer, both biases)? */
export function lstmParameterCount(): number {
  // TODO(9단계): 숫자 하나를 돌려주세요 (README의 질문 1). 힌트: README.md의 "힌트 8".
  return todo('lstmParameterCount');
}

/**
 * An LSTM's forget gate stays at σ(3) for 40 steps and its input gate writes nothing new. What
 * share of c_0 is left in c_40 (a number between 0 and 1)?
 */
export function memoryLeft(): number {
  // TODO(9단계): 숫자 하나를 돌려주세요 (README의 질문 2). 힌트: README.md의 "힌트 8".
  return todo('memoryLeft');
}

/**
 * On the task, an LSTM left at PyTorch's default initialisation stays near 25 % while the same LSTM
 * started by keepMemoryAtStart reaches 100 %. Why?
 *  a) With the default init the LSTM has more parameters than the data can train in 150 updates.
 *  b) Every gate starts near σ(0) = 0.5: the forget gate halves the cell at every step, so almost
 *     nothing of step 0 reaches the end and its gradient vanishes as in a plain RNN.
 *  c) tanh(c) saturates at ±1 with the default init, so h carries no information.
 *  d) The default init makes the output gate 0, so h is always 0.
 */
export function whyDefaultInitForgets(): Choice {
  // TODO(9단계): 'a', 'b', 'c', 'd' 중 하나를 돌려주세요 (README의 질문 3). 힌트: README.md의 "힌트 8".
  return todo('whyDefaultInitForgets');
}
