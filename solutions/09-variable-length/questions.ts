// The conceptual questions of the exercise, answered by returning one letter.
//> import { todo } from '../../lib/index.ts';
//>
export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * You feed the padded batch (B, T, F) straight into the RNN, without packing. What is wrong with hN
 * for a sequence shorter than T?
 *  a) Nothing: the zeros of the padding do not change the hidden state.
 *  b) The RNN keeps stepping over the padding, so hN is the state after T steps (the last ones on
 *     padding), not after the sequence's own last element.
 *  c) hN has the wrong shape.
 *  d) The RNN skips the padding automatically because it is zero.
 */
export function whatGoesWrongWithoutPacking(): Choice {
  // BEGIN SOLUTION
  return 'b';
  // STARTER
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README의 "힌트 6".
  //> return todo('whatGoesWrongWithoutPacking');
  // END SOLUTION
}

/**
 * What does { enforceSorted: false } ask packPaddedSequence to do?
 *  a) Sort the batch by length (longest first) itself, remember the permutation, and give results
 *     (hN, the unpacked output) back in the original order.
 *  b) Sort the values inside each sequence.
 *  c) Drop the shortest sequences.
 *  d) Nothing unless the lengths are equal.
 */
export function whatEnforceSortedFalseDoes(): Choice {
  // BEGIN SOLUTION
  return 'a';
  // STARTER
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README의 "힌트 6".
  //> return todo('whatEnforceSortedFalseDoes');
  // END SOLUTION
}
