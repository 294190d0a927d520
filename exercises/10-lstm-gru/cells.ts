// One step of an LSTM and of a GRU, written out from the gate equations of lesson 11, on the
// library's parameter layout: the gates' weights are stacked along the rows of one matrix, in
// PyTorch's order (LSTM i, f, g, o; GRU r, z, n), exactly as nn.LSTM / nn.GRU keep them.
import { Tensor, todo } from '../../lib/index.ts';

/**
 * One layer's weights in the library's layout (nn.LSTM's weight_ih_l0, weight_hh_l0, bias_ih_l0,
 * bias_hh_l0): G gate blocks of H rows each, stacked (G = 4 for the LSTM, 3 for the GRU).
 */
export interface GateWeights {
  /** (G·H, inputSize): rows [k·H, (k+1)·H) belong to gate k. */
  weight_ih: Tensor;
  /** (G·H, H) */
  weight_hh: Tensor;
  /** (G·H) */
  bias_ih: Tensor;
  /** (G·H) */
  bias_hh: Tensor;
}

/**
 * One LSTM step: x (N, inputSize), state [h (N, H), c (N, H)] → [h', c'], each (N, H).
 * Gates i, f, g, o (σ, σ, tanh, σ): c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
 */
export function lstmCell(x: Tensor, state: [Tensor, Tensor], w: GateWeights): [Tensor, Tensor] {
  // TODO(1단계): 네 게이트 i, f, g, o를 쌓인 가중치의 행 블록 0, 1, 2, 3에서 계산하고
  //   c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')를 [h', c']로 돌려주세요.
  //   자동 미분(autograd)이 따라오도록 라이브러리 텐서(Tensor) 연산만 씁니다. 힌트: README.md의 "힌트 1".
  return todo('lstmCell');
}

/**
 * One GRU step: x (N, inputSize), h (N, H) → h' (N, H). Gates r, z, n:
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 */
export function gruCell(x: Tensor, h: Tensor, w: GateWeights): Tensor {
  // TODO(2단계): 게이트 r, z, n을 행 블록 0, 1, 2에서 계산하고 h' = (1 − z) ⊙ n + z ⊙ h를 돌려주세요.
  //   r은 h가 아니라 (W_hn h + b_hn) 전체에 곱합니다. 힌트: README.md의 "힌트 2".
  return todo('gruCell');
}
