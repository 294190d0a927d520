// The conceptual questions of the exercise: two answered with a letter, one with a number.
//> import { todo } from '../../lib/index.ts';
//>
export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * For h_t = tanh(x_t W_xhᵀ + h_{t-1} W_hhᵀ + b) (batch 1, row vectors), what is ∂h_t/∂h_{t-1}
 * as the factor that multiplies a row gradient going back one step (∂L/∂h_{t-1} = ∂L/∂h_t · factor)?
 *  a) W_hh
 *  b) diag(1 − h_t²) · W_hh
 *  c) (1 − h_t²) · W_xh
 *  d) tanh(W_hh)
 */
export function stepJacobian(): Choice {
  // BEGIN SOLUTION
  return 'b';
  // STARTER
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README의 "힌트 5".
  //> return todo('stepJacobian');
  // END SOLUTION
}

/**
 * With small recurrent weights, why does ‖∂L/∂h_t‖ shrink roughly exponentially with the distance T − t?
 *  a) Because the loss L is a sum over the steps, so each step only gets 1/T of it.
 *  b) Because every step back multiplies by diag(1 − h²) W_hh, whose norm is below 1 here:
 *     T − t such factors shrink like (factor)^(T − t).
 *  c) Because tanh outputs are bounded by 1, so their gradients are bounded by 1/T.
 *  d) Because the weights W_hh are different at every step.
 */
export function whyGradientsVanish(): Choice {
  // BEGIN SOLUTION
  return 'b';
  // STARTER
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README의 "힌트 5".
  //> return todo('whyGradientsVanish');
  // END SOLUTION
}

/**
 * The largest singular value of W_hh is ‖W_hh‖₂ = 0.8. Since |tanh'| ≤ 1, what upper bound does that
 * give for ‖∂h_T/∂h_t‖ at a distance of T − t = 10 steps? Return the number.
 */
export function gradientBound(): number {
  // BEGIN SOLUTION
  const [sigmaMax, distance] = [0.8, 10];
  return sigmaMax ** distance; // one factor diag(1 − h²) W_hh per step, each stretching by at most σ_max
  // STARTER
  // TODO: 숫자 하나를 돌려주세요. 힌트: README의 "힌트 6".
  //> return todo('gradientBound');
  // END SOLUTION
}
