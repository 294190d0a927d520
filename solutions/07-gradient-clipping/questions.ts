// The conceptual questions of the exercise: one answered by a number, one by a letter.
//> import { todo } from '../../lib/index.ts';
//>
export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * Two parameters hold the gradients g₁ = [3, 0] and g₂ = [0, 4]. What is the second entry of g₂
 * after clipGradNorm_([p₁, p₂], 1.0)? Work it out from what clipping by norm does (or run it); the
 * answer is one number (4 decimal places are enough).
 */
export function clippedGradientEntry(): number {
  // BEGIN SOLUTION
  const total = Math.sqrt(3 ** 2 + 4 ** 2); // the norm of both gradients together: 5
  const coef = Math.min(1, 1.0 / (total + 1e-6)); // one factor for every entry
  return 4 * coef;
  // STARTER
  // TODO: 클리핑 뒤 g₂의 두 번째 원소를 숫자로 돌려주세요. 힌트: README의 "힌트 6".
  //> return todo('clippedGradientEntry');
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
