// One step of a vanilla RNN cell and the loop over a sequence, by hand on ml-matrix matrices.
// Convention of this exercise (note 003, and PyTorch's weight_ih / weight_hh): one sample per row,
// Wx is (Dh, d), Wh is (Dh, Dh), b has Dh entries, and h_t = tanh(x_t Wxᵀ + h_{t-1} Whᵀ + b).
import { Matrix } from 'ml-matrix';
import { todo } from '../../lib/index.ts';

export interface CellWeights {
  /** Input → hidden weights, shape (Dh, d). */
  Wx: Matrix;
  /** Hidden → hidden weights, shape (Dh, Dh). */
  Wh: Matrix;
  /** Bias, Dh numbers (added to every row). */
  b: number[];
}

/** h_t = tanh(x_t Wxᵀ + h_{t-1} Whᵀ + b) for a batch: xT is (N, d), hPrev is (N, Dh), the result (N, Dh). */
export function rnnStep(xT: Matrix, hPrev: Matrix, weights: CellWeights): Matrix {
  // TODO: 한 시점의 은닉 상태(hidden state)를 계산해 (N, Dh) 행렬로 돌려주세요.
  //       전치(transpose)와 편향(bias)을 잊지 말고, 인자로 받은 행렬은 바꾸지 마세요. → README 힌트 1
  return todo('rnnStep');
}

/** Runs the cell over inputs (T, d), one time step per row, from a zero state; row t of the result is h_{t+1}. */
export function unrollSequence(inputs: Matrix, weights: CellWeights): Matrix {
  // TODO: h_0 = 0에서 시작해 inputs의 행(시점)마다 rnnStep을 불러 은닉 상태를 이어 가고,
  //       시점마다의 h_t를 한 행씩 쌓은 (T, Dh) 행렬을 돌려주세요. → README 힌트 2
  return todo('unrollSequence');
}
