// The conceptual questions of the exercise: one answered by a letter, one by a number.
//> import { todo } from '../../lib/index.ts';
//>
export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * Why does a simple RNN struggle when the sequences get longer?
 *  a) Each extra step adds a separate weight matrix, so the number of parameters grows with the length.
 *  b) The gradient reaching an early step is a product of one factor (tanh' · W_hh) per step in between,
 *     so it shrinks (or blows up) exponentially with the distance and early inputs hardly shape learning.
 *  c) tanh keeps adding up over the steps, so the hidden state grows without bound on long inputs.
 *  d) batchFirst only works up to a fixed sequence length.
 */
export function whySimpleRnnStruggles(): Choice {
  // BEGIN SOLUTION
  return 'b';
  // STARTER
  // TODO(5단계): 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README.md의 "힌트 5".
  //> return todo('whySimpleRnnStruggles');
  // END SOLUTION
}

/**
 * How many numbers does SinPredictor(32) learn? Count every entry of every weight matrix and bias
 * vector of its nn.RNN(1, 32) and nn.Linear(32, 1). Work it out from the shapes (or read it off a
 * model you build); the answer is one integer.
 */
export function sinPredictorParameterCount(): number {
  // BEGIN SOLUTION
  const hidden = 32;
  const rnn = hidden * 1 + hidden * hidden + hidden + hidden; // weight_ih, weight_hh, bias_ih, bias_hh
  const fc = 1 * hidden + 1; // weight, bias
  return rnn + fc;
  // STARTER
  // TODO(5단계): SinPredictor(32)의 파라미터 수(모든 가중치 행렬과 편향 벡터의 원소 수의 합)를 숫자로 돌려주세요.
  //   힌트: README.md의 "힌트 5".
  //> return todo('sinPredictorParameterCount');
  // END SOLUTION
}
