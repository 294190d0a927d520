// The conceptual question of the exercise, answered by returning one letter.
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
