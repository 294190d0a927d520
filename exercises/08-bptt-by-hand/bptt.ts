// Backpropagation through time (BPTT) for the tanh cell, written by hand on ml-matrix matrices.
// Forward (see forward.ts): z_t = x_t W_xhᵀ + h_{t-1} W_hhᵀ + b,  h_t = tanh(z_t).
import type { Matrix } from 'ml-matrix';
import { todo } from '../../lib/index.ts';
import type { ForwardCache, RnnParams } from './forward.ts';

/** The cell's gradients, shaped like what they are gradients of. */
export interface RnnGrads {
  /** ∂L/∂W_xh, (hidden, input) */
  dWxh: Matrix;
  /** ∂L/∂W_hh, (hidden, hidden) */
  dWhh: Matrix;
  /** ∂L/∂b, (hidden) */
  db: number[];
  /** ∂L/∂h_0, (batch, hidden) */
  dh0: Matrix;
}

/** Through tanh: given h = tanh(z) and ∂L/∂h, returns ∂L/∂z = ∂L/∂h ⊙ (1 − h²). */
export function tanhBackward(h: Matrix, dh: Matrix): Matrix {
  // TODO: tanh의 국소 기울기 (1 − h²)를 원소별로 곱해 ∂L/∂z를 돌려주세요 (h와 dh는 바꾸지 마세요).
  // 힌트: README의 "힌트 1".
  return todo('tanhBackward');
}

/**
 * BPTT. dhFromOutputs[t - 1] is ∂L/∂h_t coming from step t's own output (zeros where a step has
 * no loss). Returns ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b and ∂L/∂h_0.
 */
export function bpttBackward(cache: ForwardCache, params: RnnParams, dhFromOutputs: Matrix[]): RnnGrads {
  // TODO: t = T … 1 순서로 거꾸로 돌면서
  //   dh_t = (출력에서 온 기울기) + (t+1 단계에서 넘어온 기울기),  dz_t = dh_t ⊙ (1 − h_t²),
  //   dW_xh += dz_tᵀ x_t,  dW_hh += dz_tᵀ h_{t-1},  db += dz_t의 행 합,  다음 단계로 넘길 기울기 = dz_t W_hh
  // 를 계산하세요. 루프가 끝났을 때 넘길 기울기가 ∂L/∂h_0입니다.
  // 힌트: README의 "힌트 2"와 "힌트 3".
  return todo('bpttBackward');
}

/**
 * Only the last step has a loss, with ∂L/∂h_T = dLdhLast. Returns ‖∂L/∂h_{T-k}‖ for the
 * distances k = 0 … T (Frobenius norm over the batch): how much of the error reaches each step.
 */
export function hiddenGradNorms(cache: ForwardCache, params: RnnParams, dLdhLast: Matrix): number[] {
  // TODO: ∂L/∂h_T에서 시작해 한 단계씩 거꾸로 ∂L/∂h_{t-1} = (∂L/∂h_t ⊙ (1 − h_t²)) W_hh를 구하고,
  // 각 단계의 노름(matrix.norm())을 거리 0, 1, …, T 순서로 배열에 담아 돌려주세요 (길이 T + 1).
  // 힌트: README의 "힌트 4".
  return todo('hiddenGradNorms');
}
