// One step of an LSTM and of a GRU, written out from the gate equations of lesson 11, on the
// library's parameter layout: the gates' weights are stacked along the rows of one matrix, in
// PyTorch's order (LSTM i, f, g, o; GRU r, z, n), exactly as nn.LSTM / nn.GRU keep them.
// BEGIN SOLUTION
import { Tensor } from '../../lib/index.ts';
// STARTER
//> import { Tensor, todo } from '../../lib/index.ts';
// END SOLUTION

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
// BEGIN SOLUTION

/** Rows [k·H, (k+1)·H) of a stacked matrix or bias: gate k's block. */
function gate(stacked: Tensor, k: number, hiddenSize: number): Tensor {
  return stacked.narrow(0, k * hiddenSize, hiddenSize);
}

/** W_i· x + b_i· for gate k: x (N, in) → (N, H). */
function fromInput(x: Tensor, w: GateWeights, k: number, hiddenSize: number): Tensor {
  return x.matmul(gate(w.weight_ih, k, hiddenSize).T).add(gate(w.bias_ih, k, hiddenSize));
}

/** W_h· h + b_h· for gate k: h (N, H) → (N, H). */
function fromHidden(h: Tensor, w: GateWeights, k: number, hiddenSize: number): Tensor {
  return h.matmul(gate(w.weight_hh, k, hiddenSize).T).add(gate(w.bias_hh, k, hiddenSize));
}
// END SOLUTION

/**
 * One LSTM step: x (N, inputSize), state [h (N, H), c (N, H)] → [h', c'], each (N, H).
 * Gates i, f, g, o (σ, σ, tanh, σ): c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
 */
export function lstmCell(x: Tensor, state: [Tensor, Tensor], w: GateWeights): [Tensor, Tensor] {
  // BEGIN SOLUTION
  const [h, c] = state;
  const H = h.shape[h.ndim - 1];
  const pre = (k: number) => fromInput(x, w, k, H).add(fromHidden(h, w, k, H));
  const i = pre(0).sigmoid(); // input gate
  const f = pre(1).sigmoid(); // forget gate
  const g = pre(2).tanh(); // candidate
  const o = pre(3).sigmoid(); // output gate
  const cNext = f.mul(c).add(i.mul(g));
  const hNext = o.mul(cNext.tanh());
  return [hNext, cNext];
  // STARTER
  // TODO(1단계): 네 게이트 i, f, g, o를 쌓인 가중치의 행 블록 0, 1, 2, 3에서 계산하고
  //   c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')를 [h', c']로 돌려주세요.
  //   자동 미분(autograd)이 따라오도록 라이브러리 텐서(Tensor) 연산만 씁니다. 힌트: README.md의 "힌트 1".
  //> return todo('lstmCell');
  // END SOLUTION
}

/**
 * One GRU step: x (N, inputSize), h (N, H) → h' (N, H). Gates r, z, n:
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 */
export function gruCell(x: Tensor, h: Tensor, w: GateWeights): Tensor {
  // BEGIN SOLUTION
  const H = h.shape[h.ndim - 1];
  const r = fromInput(x, w, 0, H).add(fromHidden(h, w, 0, H)).sigmoid(); // reset gate
  const z = fromInput(x, w, 1, H).add(fromHidden(h, w, 1, H)).sigmoid(); // update gate
  const n = fromInput(x, w, 2, H).add(r.mul(fromHidden(h, w, 2, H))).tanh(); // r scales (W_hn h + b_hn)
  return z.neg().add(1).mul(n).add(z.mul(h));
  // STARTER
  // TODO(2단계): 게이트 r, z, n을 행 블록 0, 1, 2에서 계산하고 h' = (1 − z) ⊙ n + z ⊙ h를 돌려주세요.
  //   r은 h가 아니라 (W_hn h + b_hn) 전체에 곱합니다. 힌트: README.md의 "힌트 2".
  //> return todo('gruCell');
  // END SOLUTION
}
