// The gradient norm and gradient clipping by norm, written out (clip_grad_norm_'s formula).
import { todo, type Tensor } from '../../lib/index.ts';

/** ‖g‖ over ALL parameters at once: the square root of the sum of every squared gradient entry. Parameters without a gradient are skipped. */
export function totalGradNorm(params: Tensor[]): number {
  // TODO: 모든 파라미터의 p.grad (null이면 건너뜀) 원소를 제곱해 모두 더한 뒤 제곱근을 돌려주세요.
  // p.grad.data는 Float64Array입니다. 힌트: README의 "힌트 2".
  return todo('totalGradNorm');
}

/**
 * Scales every gradient by the same coefficient min(1, maxNorm / (total + 1e-6)), so the total norm
 * ends up at most maxNorm while the direction stays the same. Returns the norm before clipping.
 */
export function clipGradients(params: Tensor[], maxNorm: number): number {
  // TODO: 직접 구현하거나 utils.clipGradNorm_(params, maxNorm)을 써도 됩니다.
  // 기울기(p.grad)를 제자리에서 바꾸고, 클리핑 전의 전체 노름을 돌려주세요. 힌트: README의 "힌트 3".
  return todo('clipGradients');
}
