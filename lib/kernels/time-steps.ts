// Where each time step's rows live in a time-major batch, shared by the recurrent kernels.
//
// The input of a recurrent kernel is a stack of rows, time step after time step. At step t
// there are batchSizes[t] rows: the sequences (sorted longest first) that are still running,
// so row b of step t is sequence b. A plain (T, N, features) tensor is the special case
// batchSizes = [N, N, …, N]; a PackedSequence's data is the general one.
//
//   forward direction: t = 0 … T−1, sequence b's first state comes from h0[b], its last is at t = len_b − 1
//   reverse direction: t = T−1 … 0, sequence b starts at its own t = len_b − 1 from h0[b], ends at t = 0
// so neither direction ever reads padding.

import { Tensor, formatShape } from '../tensor.ts';

export class TimeSteps {
  readonly batchSizes: readonly number[];
  /** offsets[t]: index of the first row of step t. */
  readonly offsets: number[];
  /** Total number of rows (Σ_t batchSizes[t]). */
  readonly rows: number;
  /** Number of sequences (batchSizes[0]). */
  readonly batch: number;
  /** Number of time steps (the longest sequence). */
  readonly steps: number;
  readonly reverse: boolean;

  constructor(batchSizes: readonly number[], reverse: boolean) {
    if (batchSizes.length === 0) throw new Error('recurrent kernel: expected at least one time step, got batchSizes = []');
    for (let t = 0; t < batchSizes.length; t++) {
      const size = batchSizes[t];
      if (!Number.isInteger(size) || size <= 0 || (t > 0 && size > batchSizes[t - 1])) {
        throw new Error(
          `recurrent kernel: batchSizes must be positive integers in non-increasing order, got [${batchSizes.join(', ')}]`,
        );
      }
    }
    this.batchSizes = batchSizes;
    this.offsets = new Array<number>(batchSizes.length);
    let rows = 0;
    for (let t = 0; t < batchSizes.length; t++) {
      this.offsets[t] = rows;
      rows += batchSizes[t];
    }
    this.rows = rows;
    this.batch = batchSizes[0];
    this.steps = batchSizes.length;
    this.reverse = reverse;
  }

  /** The time step processed s-th (s = 0 first). */
  timeAt(s: number): number {
    return this.reverse ? this.steps - 1 - s : s;
  }

  /**
   * How many rows of step t take their previous state from the step processed just before
   * (rows 0 … carried−1); the others (carried … batchSizes[t]−1) start here from h0.
   */
  carried(t: number): number {
    if (this.reverse) return t + 1 < this.steps ? this.batchSizes[t + 1] : 0;
    return t > 0 ? this.batchSizes[t] : 0;
  }

  /** First row of the step processed just before t (−1 when t is processed first). */
  previousOffset(t: number): number {
    const previous = this.reverse ? t + 1 : t - 1;
    return previous >= 0 && previous < this.steps ? this.offsets[previous] : -1;
  }

  /** The row holding sequence b's final state (its h_n). */
  finalRow(b: number): number {
    if (this.reverse) return b;
    let last = this.steps - 1;
    while (this.batchSizes[last] <= b) last--;
    return this.offsets[last] + b;
  }
}

/** Copies the rows of each sequence's final state into out (batch × width, from outOff). */
export function gatherFinalRows(steps: TimeSteps, src: Float64Array, width: number, out: Float64Array, outOff: number): void {
  for (let b = 0; b < steps.batch; b++) {
    const row = steps.finalRow(b);
    out.set(src.subarray(row * width, (row + 1) * width), outOff + b * width);
  }
}

/** Adds grad rows (batch × width, from gradOff) into the rows of each sequence's final state. */
export function scatterFinalRows(steps: TimeSteps, grad: Float64Array, gradOff: number, width: number, dst: Float64Array): void {
  for (let b = 0; b < steps.batch; b++) {
    const row = steps.finalRow(b) * width;
    const g = gradOff + b * width;
    for (let j = 0; j < width; j++) dst[row + j] += grad[g + j];
  }
}

/** Checks the shapes a recurrent kernel receives (the modules validate user input first; this guards direct calls). */
export function checkLayerShapes(
  kernel: string, gates: number, steps: TimeSteps,
  input: Tensor, states: Tensor[], weightIh: Tensor, weightHh: Tensor, biasIh: Tensor | null, biasHh: Tensor | null,
): { inputSize: number; hiddenSize: number } {
  const hiddenSize = weightHh.shape[1];
  const inputSize = weightIh.shape[1];
  const expect = (what: string, t: Tensor, shape: number[]) => {
    if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`${kernel}: expected ${what} of shape ${formatShape(shape)}, got ${formatShape(t.shape)}`);
    }
  };
  expect('weight_hh', weightHh, [gates * hiddenSize, hiddenSize]);
  expect('weight_ih', weightIh, [gates * hiddenSize, inputSize]);
  expect('input', input, [steps.rows, inputSize]);
  for (const state of states) expect('initial state', state, [steps.batch, hiddenSize]);
  if ((biasIh === null) !== (biasHh === null)) throw new Error(`${kernel}: expected both biases or neither, got only one`);
  if (biasIh) expect('bias_ih', biasIh, [gates * hiddenSize]);
  if (biasHh) expect('bias_hh', biasHh, [gates * hiddenSize]);
  return { inputSize, hiddenSize };
}
