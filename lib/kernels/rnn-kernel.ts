// One layer and one direction of an Elman RNN as ONE autograd operation: the forward pass
// loops over time, and the backward pass is backpropagation through time (BPTT) written out
// step by step. This is the file the BPTT lesson points at.
//
// Forward, for t = 1 … T (rows of x_t and h_t are the sequences of the batch):
//
//     h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh)          (or relu instead of tanh)
//
// Backward. The loss adds up over time, L = Σ_t L_t, and h_t influences L twice: through the
// output at t, and through h_{t+1}. So, walking back from t = T to 1:
//
//     δ_t  = ∂L/∂h_t = ∂L_t/∂h_t (from the output at t) + δ̃_{t+1} W_hh (from h_{t+1})
//     δ̃_t  = δ_t ⊙ (1 − h_t²)          through tanh      (relu: δ_t ⊙ 1[h_t > 0])
//     ∂L/∂W_hh = Σ_t δ̃_tᵀ h_{t−1}     ∂L/∂W_ih = Σ_t δ̃_tᵀ x_t     ∂L/∂b_ih = ∂L/∂b_hh = Σ_t δ̃_t
//     ∂L/∂h_{t−1} = δ̃_t W_hh          ∂L/∂x_t = δ̃_t W_ih
//
// Unrolled, ∂h_t/∂h_k = Π_{j=k+1..t} diag(1 − h_j²) W_hh: a product of t − k Jacobians. When its
// factors are mostly smaller than one the gradient reaching early steps vanishes; when larger,
// it explodes. That repeated product is the line `∂L/∂h_{t−1} += δ̃_t W_hh` below.
//
// Speed: the input projection x W_ihᵀ of every time step is one big matrix product before the
// loop (it does not depend on h), every buffer is allocated once per call (the temporaries from the buffer pool), and the products use
// the backend chosen in lib/backend/backend.ts (the same bits on each).
import { fromOp } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { getBackend } from '../backend/backend.ts';
import { withResident } from '../backend/products.ts';
import { combinedBias, fillRows, isAllZero, sumRowsInto, transposed } from './rows.ts';
import { releaseBuffer, takeBuffer } from './buffer-pool.ts';
import { tanhInPlace } from './activations.ts';
import { TimeSteps, checkLayerShapes, gatherFinalRows, scatterFinalRows } from './time-steps.ts';

export type Nonlinearity = 'tanh' | 'relu';

export interface RecurrentLayerOptions {
  /** Rows per time step, non-increasing (see time-steps.ts); [N, N, …, N] for an unpacked batch. */
  batchSizes: readonly number[];
  /** Run from the last time step to the first (the backward direction of a bidirectional layer). */
  reverse?: boolean;
}

/**
 * input: (rows, inputSize), time step after time step; h0: (batch, H); weightIh: (H, inputSize);
 * weightHh: (H, H); biases: (H) or null.
 * Returns (rows + batch, H): h_t for every input row, then h_n of every sequence.
 */
export function rnnLayer(
  input: Tensor, h0: Tensor, weightIh: Tensor, weightHh: Tensor, biasIh: Tensor | null, biasHh: Tensor | null,
  { batchSizes, reverse = false, nonlinearity = 'tanh' }: RecurrentLayerOptions & { nonlinearity?: Nonlinearity },
): Tensor {
  // The products run on the backend chosen now (backend.ts); the backward pass uses the same one.
  const backend = getBackend();
  const { gemmNN, gemmNT, gemmTN } = backend;
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
    throw new Error(`rnnLayer: unknown nonlinearity '${String(nonlinearity)}'. Expected 'tanh' or 'relu'`);
  }
  const steps = new TimeSteps(batchSizes, reverse);
  const { inputSize: I, hiddenSize: H } = checkLayerShapes('rnnLayer', 1, steps, input, [h0], weightIh, weightHh, biasIh, biasHh);
  const { rows, batch } = steps;
  const useTanh = nonlinearity === 'tanh';
  const x = input.data;
  const hInit = h0.data;
  const startsFromZero = isAllZero(hInit); // the default h0: h0 W_hhᵀ and h0's share of ∂W_hh vanish
  const wIh = weightIh.data;
  const wHh = weightHh.data;
  const wHhT = transposed(wHh, H, H); // (H, H): every step's h W_hhᵀ becomes an NN product

  // result rows 0 … rows−1 hold h_t (first the pre-activation, then tanh of it, in place);
  // rows `rows` … rows+batch−1 receive h_n.
  const result = new Float64Array((rows + batch) * H);
  const h = result;

  // x_t W_ihᵀ + b_ih + b_hh for every time step at once: it does not depend on the recurrence.
  fillRows(h, 0, rows, combinedBias(H, biasIh?.data ?? null, biasHh?.data ?? null));
  gemmNT(rows, H, I, x, 0, wIh, 0, h, 0, true);

  // W_hhᵀ stays in the backend's memory for the whole loop (products.ts: withResident).
  withResident(backend, [wHhT], [], () => {
    for (let s = 0; s < steps.steps; s++) {
      const t = steps.timeAt(s);
      const row0 = steps.offsets[t];
      const size = batchSizes[t];
      const carried = steps.carried(t);
      // + h_{t−1} W_hhᵀ: rows carried over read the previous step's h, the others start from h0.
      if (carried > 0) gemmNN(carried, H, H, h, steps.previousOffset(t) * H, wHhT, 0, h, row0 * H, true);
      if (carried < size && !startsFromZero) gemmNN(size - carried, H, H, hInit, carried * H, wHhT, 0, h, (row0 + carried) * H, true);
      // h_t = tanh(·) or relu(·)
      const end = (row0 + size) * H;
      if (useTanh) tanhInPlace(h, row0 * H, end);
      else for (let i = row0 * H; i < end; i++) if (h[i] < 0) h[i] = 0;
    }
  });
  releaseBuffer(wHhT);
  gatherFinalRows(steps, h, H, result, rows * H);

  const parents = biasIh && biasHh ? [input, h0, weightIh, weightHh, biasIh, biasHh] : [input, h0, weightIh, weightHh];
  return fromOp(result, [rows + batch, H], parents, (grad) => {
    // δ starts as what each h_t receives directly: from the output at t, and h_n's gradient at each
    // sequence's last step. It is computed in place in grad, which the engine hands over.
    const delta = grad.subarray(0, rows * H);
    scatterFinalRows(steps, grad, rows * H, H, delta);
    const dH0 = h0.requiresGrad ? new Float64Array(batch * H) : null;
    const dWhh = weightHh.requiresGrad ? new Float64Array(H * H) : null;

    // Walk back in time: the step processed last in the forward pass comes first.
    // W_hh and ∂L/∂W_hh stay in the backend's memory for the whole loop (products.ts: withResident).
    withResident(backend, [wHh, dWhh], [dWhh], () => {
      for (let s = steps.steps - 1; s >= 0; s--) {
        const t = steps.timeAt(s);
        const row0 = steps.offsets[t];
        const size = batchSizes[t];
        const carried = steps.carried(t);
        const prev = steps.previousOffset(t);
        // δ̃_t = δ_t ⊙ (1 − h_t²)   (relu: δ_t ⊙ 1[h_t > 0]); δ_t is complete: step t+1 already added its share.
        const end = (row0 + size) * H;
        if (useTanh) for (let i = row0 * H; i < end; i++) delta[i] *= 1 - h[i] * h[i];
        else for (let i = row0 * H; i < end; i++) if (!(h[i] > 0)) delta[i] = 0;
        // ∂L/∂h_{t−1} += δ̃_t W_hh: into the previous step's δ, or into ∂L/∂h0 where a sequence starts.
        if (carried > 0) gemmNN(carried, H, H, delta, row0 * H, wHh, 0, delta, prev * H, true);
        if (carried < size && dH0) gemmNN(size - carried, H, H, delta, (row0 + carried) * H, wHh, 0, dH0, carried * H, true);
        // ∂L/∂W_hh += δ̃_tᵀ h_{t−1}
        if (dWhh) {
          if (carried > 0) gemmTN(H, H, carried, delta, row0 * H, h, prev * H, dWhh, 0, true);
          if (carried < size && !startsFromZero) gemmTN(H, H, size - carried, delta, (row0 + carried) * H, hInit, carried * H, dWhh, 0, true);
        }
      }
    });

    // delta now holds δ̃_t for every row: the terms that do not go through time are single big products.
    let dX: Float64Array | null = null;
    if (input.requiresGrad) {
      dX = takeBuffer(rows * I, false); // ∂L/∂x_t = δ̃_t W_ih (overwritten: accumulate = false)
      gemmNN(rows, I, H, delta, 0, wIh, 0, dX, 0, false);
    }
    let dWih: Float64Array | null = null;
    if (weightIh.requiresGrad) {
      dWih = new Float64Array(H * I); // ∂L/∂W_ih = Σ_t δ̃_tᵀ x_t
      gemmTN(H, I, rows, delta, 0, x, 0, dWih, 0, false);
    }
    const grads: (Float64Array | null)[] = [dX, dH0, dWih, dWhh];
    if (biasIh && biasHh) {
      const dBias = new Float64Array(H); // ∂L/∂b_ih = ∂L/∂b_hh = Σ_t δ̃_t
      sumRowsInto(delta, 0, rows, H, dBias);
      grads.push(biasIh.requiresGrad ? dBias : null, biasHh.requiresGrad ? dBias.slice() : null);
    }
    releaseBuffer(grad); // δ was step-local: back to the pool (the gradients returned are new buffers)
    return grads;
  });
}
