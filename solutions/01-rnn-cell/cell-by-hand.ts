// One step of a vanilla RNN cell and the loop over a sequence, by hand on ml-matrix matrices.
// Convention of this exercise (note 003, and PyTorch's weight_ih / weight_hh): one sample per row,
// Wx is (Dh, d), Wh is (Dh, Dh), b has Dh entries, and h_t = tanh(x_t Wxᵀ + h_{t-1} Whᵀ + b).
import { Matrix } from 'ml-matrix';
//> import { todo } from '../../lib/index.ts';

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
  // BEGIN SOLUTION
  checkShapes(xT, hPrev, weights);
  const { Wx, Wh, b } = weights;
  // mmul returns a new matrix, so the in-place add / addRowVector below never touch the inputs.
  const preActivation = xT.mmul(Wx.transpose()).add(hPrev.mmul(Wh.transpose())).addRowVector(b);
  return Matrix.tanh(preActivation);
  // STARTER
  // TODO: 한 시점의 은닉 상태(hidden state)를 계산해 (N, Dh) 행렬로 돌려주세요.
  //       전치(transpose)와 편향(bias)을 잊지 말고, 인자로 받은 행렬은 바꾸지 마세요. → README 힌트 1
  //> return todo('rnnStep');
  // END SOLUTION
}

/** Runs the cell over inputs (T, d), one time step per row, from a zero state; row t of the result is h_{t+1}. */
export function unrollSequence(inputs: Matrix, weights: CellWeights): Matrix {
  // BEGIN SOLUTION
  const hiddenSize = weights.Wh.rows;
  const states = new Matrix(inputs.rows, hiddenSize);
  let h = Matrix.zeros(1, hiddenSize); // h_0: nothing remembered yet
  for (let t = 0; t < inputs.rows; t++) {
    h = rnnStep(inputs.getRowVector(t), h, weights);
    states.setRow(t, h.getRow(0));
  }
  return states;
  // STARTER
  // TODO: h_0 = 0에서 시작해 inputs의 행(시점)마다 rnnStep을 불러 은닉 상태를 이어 가고,
  //       시점마다의 h_t를 한 행씩 쌓은 (T, Dh) 행렬을 돌려주세요. → README 힌트 2
  //> return todo('unrollSequence');
  // END SOLUTION
}
// BEGIN SOLUTION

// ml-matrix reports mismatched sizes poorly, so say here what was expected.
function checkShapes(xT: Matrix, hPrev: Matrix, { Wx, Wh, b }: CellWeights): void {
  const hiddenSize = Wh.rows;
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`rnnStep: ${what}`);
  };
  expect(Wh.columns === hiddenSize, `Wh must be square (Dh, Dh), got (${Wh.rows}, ${Wh.columns})`);
  expect(Wx.rows === hiddenSize, `Wx must be (Dh, d) = (${hiddenSize}, d), got (${Wx.rows}, ${Wx.columns})`);
  expect(b.length === hiddenSize, `b must have Dh = ${hiddenSize} entries, got ${b.length}`);
  expect(xT.columns === Wx.columns, `x_t must be (N, d) with d = ${Wx.columns}, got (${xT.rows}, ${xT.columns})`);
  expect(
    hPrev.rows === xT.rows && hPrev.columns === hiddenSize,
    `hPrev must be (N, Dh) = (${xT.rows}, ${hiddenSize}), got (${hPrev.rows}, ${hPrev.columns})`,
  );
}
// END SOLUTION
