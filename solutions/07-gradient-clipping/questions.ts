// The conceptual questions of the exercise, answered by returning one letter.
//> import { todo } from '../../lib/index.ts';
//>
export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * What does clipGradNorm_(params, maxNorm) do to the gradient when its total norm is above maxNorm?
 *  a) It clamps every gradient entry into [−maxNorm, maxNorm] separately.
 *  b) It multiplies every gradient by the same factor maxNorm / ‖g‖, so the total norm becomes maxNorm
 *     and the direction of the step stays the same.
 *  c) It lowers the learning rate of the optimiser for the rest of training.
 *  d) It sets the largest gradients to zero.
 */
export function whatClippingDoes(): Choice {
  // BEGIN SOLUTION
  return 'b';
  // STARTER
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README의 "힌트 6".
  //> return todo('whatClippingDoes');
  // END SOLUTION
}

/**
 * Which problem does gradient clipping NOT solve?
 *  a) A single huge update that throws the weights far away (exploding gradients).
 *  b) Loss values jumping to huge numbers after one bad step.
 *  c) Vanishing gradients: the error from far-away steps is already tiny, and clipping only ever shrinks.
 *  d) Overflow of the update when the gradient norm is astronomically large.
 */
export function whatClippingCannotFix(): Choice {
  // BEGIN SOLUTION
  return 'c';
  // STARTER
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README의 "힌트 6".
  //> return todo('whatClippingCannotFix');
  // END SOLUTION
}
