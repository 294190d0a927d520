// The forward pass of the tanh cell over a whole sequence, on plain ml-matrix matrices (given:
// you wrote it yourself in exercise 01). It keeps every hidden state: the backward pass needs them.
import { Matrix } from 'ml-matrix';

/** The cell's parameters in PyTorch's layout: h_t = tanh(x_t W_xhᵀ + h_{t-1} W_hhᵀ + b). */
export interface RnnParams {
  /** (hidden, input) — nn.RNN's weight_ih_l0 */
  Wxh: Matrix;
  /** (hidden, hidden) — nn.RNN's weight_hh_l0 */
  Whh: Matrix;
  /** (hidden) — the two biases of nn.RNN folded into one: bias_ih_l0 + bias_hh_l0 */
  b: number[];
}

/** What the forward pass remembers for the backward pass. */
export interface ForwardCache {
  /** x_1 … x_T: xs[t - 1] is the input of step t, each (batch, input). */
  xs: Matrix[];
  /** h_0 … h_T: hs[t] is the hidden state after step t (hs[0] is the initial state), each (batch, hidden). */
  hs: Matrix[];
}

/** One step: h_t = tanh(x_t W_xhᵀ + h_{t-1} W_hhᵀ + b), every row of the batch at once. */
export function rnnStep(x: Matrix, hPrev: Matrix, { Wxh, Whh, b }: RnnParams): Matrix {
  const preActivation = x.mmul(Wxh.transpose()).add(hPrev.mmul(Whh.transpose())).addRowVector(b);
  return Matrix.tanh(preActivation);
}

/** Runs the cell over xs from h0 and returns the cache { xs, hs } with hs = [h_0, h_1, …, h_T]. */
export function rnnForward(xs: Matrix[], h0: Matrix, params: RnnParams): ForwardCache {
  const hs = [h0];
  for (const x of xs) hs.push(rnnStep(x, hs[hs.length - 1], params));
  return { xs, hs };
}
