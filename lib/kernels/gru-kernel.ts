// One layer and one direction of a GRU as ONE autograd operation (forward loop over time,
// backpropagation through time written out step by step), like rnn-kernel.ts.
//
// Forward, gate chunks in PyTorch's order r, z, n (σ is the logistic sigmoid):
//
//     r_t = σ(x_t W_irᵀ + b_ir + h_{t−1} W_hrᵀ + b_hr)            reset gate
//     z_t = σ(x_t W_izᵀ + b_iz + h_{t−1} W_hzᵀ + b_hz)            update gate
//     n_t = tanh(x_t W_inᵀ + b_in + r_t ⊙ (h_{t−1} W_hnᵀ + b_hn))  candidate (r multiplies W_hn h + b_hn, not h)
//     h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
//
// Backward, with δ_t = ∂L/∂h_t (from the output at t and from step t+1) and a_· the pre-activations:
//
//     ∂L/∂n = δ ⊙ (1 − z)              ∂L/∂a_n = ∂L/∂n ⊙ (1 − n²)
//     ∂L/∂z = δ ⊙ (h_{t−1} − n)        ∂L/∂a_z = ∂L/∂z ⊙ z(1 − z)
//     ∂L/∂r = ∂L/∂a_n ⊙ (W_hn h + b_hn) ∂L/∂a_r = ∂L/∂r ⊙ r(1 − r)
//     input side:  g_i = [∂L/∂a_r, ∂L/∂a_z, ∂L/∂a_n]          → ∂W_ih = Σ g_iᵀ x, ∂x = g_i W_ih
//     hidden side: g_h = [∂L/∂a_r, ∂L/∂a_z, ∂L/∂a_n ⊙ r]      → ∂W_hh = Σ g_hᵀ h_{t−1}
//     ∂L/∂h_{t−1} = δ ⊙ z + g_h W_hh
import { fromOp } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { getBackend } from '../backend/backend.ts';
import { withResident } from '../backend/products.ts';
import type { RecurrentLayerOptions } from './rnn-kernel.ts';
import { combinedBias, fillRows, isAllZero, sumRowsInto, transposed } from './rows.ts';
import { SavedBuffers, releaseBuffer, takeBuffer } from './buffer-pool.ts';
import { sigmoid, tanh } from './activations.ts';
import { TimeSteps, checkLayerShapes, gatherFinalRows, scatterFinalRows } from './time-steps.ts';

/**
 * input: (rows, inputSize), time step after time step; h0: (batch, H); weightIh: (3H, inputSize);
 * weightHh: (3H, H); biases: (3H) or null.
 * Returns (rows + batch, H): h_t for every input row, then h_n of every sequence.
 */
export function gruLayer(
  input: Tensor, h0: Tensor, weightIh: Tensor, weightHh: Tensor, biasIh: Tensor | null, biasHh: Tensor | null,
  { batchSizes, reverse = false }: RecurrentLayerOptions,
): Tensor {
  // The products run on the backend chosen now (backend.ts); the backward pass uses the same one.
  const backend = getBackend();
  const { gemmNN, gemmNT, gemmTN } = backend;
  const steps = new TimeSteps(batchSizes, reverse);
  const { inputSize: I, hiddenSize: H } = checkLayerShapes('gruLayer', 3, steps, input, [h0], weightIh, weightHh, biasIh, biasHh);
  const { rows, batch } = steps;
  const G = 3 * H;
  const x = input.data;
  const hInit = h0.data;
  const startsFromZero = isAllZero(hInit); // the default h0: h0 W_hhᵀ and h0's share of ∂W_hh vanish
  const wIh = weightIh.data;
  const wHh = weightHh.data;

  /** The forward pass into h (rows·H) and the values kept for backward: gates r, z, n and W_hn h_{t−1} + b_hn. */
  const forward = (h: Float64Array): { gates: Float64Array; hiddenN: Float64Array } => {
    const wHhT = transposed(wHh, G, H); // (H, G): every step's h W_hhᵀ becomes an NN product
    // Input side x W_ihᵀ + b_ih of all steps at once; each step then overwrites its rows with r, z, n.
    const gates = takeBuffer(rows * G, false);
    fillRows(gates, 0, rows, combinedBias(G, biasIh?.data ?? null, null));
    gemmNT(rows, G, I, x, 0, wIh, 0, gates, 0, true);
    const hiddenN = takeBuffer(rows * H, false); // W_hn h_{t−1} + b_hn, kept for the backward pass
    const hiddenGates = new Float64Array(batch * G); // h_{t−1} W_hhᵀ + b_hh of the current step
    const hiddenBias = combinedBias(G, biasHh?.data ?? null, null);

    // W_hhᵀ stays in the backend's memory for the whole loop (products.ts: withResident).
    withResident(backend, [wHhT], [], () => {
      for (let s = 0; s < steps.steps; s++) {
        const t = steps.timeAt(s);
        const row0 = steps.offsets[t];
        const size = batchSizes[t];
        const carried = steps.carried(t);
        const prev = steps.previousOffset(t);
        fillRows(hiddenGates, 0, size, hiddenBias);
        if (carried > 0) gemmNN(carried, G, H, h, prev * H, wHhT, 0, hiddenGates, 0, true);
        if (carried < size && !startsFromZero) gemmNN(size - carried, G, H, hInit, carried * H, wHhT, 0, hiddenGates, carried * G, true);
        for (let b = 0; b < size; b++) {
          const gRow = (row0 + b) * G;
          const qRow = b * G;
          const hRow = (row0 + b) * H;
          const hPrev = b < carried ? h : hInit;
          const pRow = b < carried ? (prev + b) * H : b * H;
          for (let j = 0; j < H; j++) {
            const r = sigmoid(gates[gRow + j] + hiddenGates[qRow + j]);
            const z = sigmoid(gates[gRow + H + j] + hiddenGates[qRow + H + j]);
            const hn = hiddenGates[qRow + 2 * H + j];
            const n = tanh(gates[gRow + 2 * H + j] + r * hn);
            gates[gRow + j] = r;
            gates[gRow + H + j] = z;
            gates[gRow + 2 * H + j] = n;
            hiddenN[hRow + j] = hn;
            h[hRow + j] = (1 - z) * n + z * hPrev[pRow + j];
          }
        }
      }
    });
    releaseBuffer(wHhT);
    return { gates, hiddenN };
  };

  const result = new Float64Array((rows + batch) * H);
  const h = result; // rows 0 … rows−1: h_t; then h_n
  // Kept for backward in pooled buffers; a second backward through this graph recomputes them.
  const saved = new SavedBuffers(forward(h), () => {
    const scratchH = takeBuffer(rows * H, false); // the same h again: result already holds it
    const again = forward(scratchH);
    releaseBuffer(scratchH);
    return again;
  });
  gatherFinalRows(steps, h, H, result, rows * H);
  const parents = biasIh && biasHh ? [input, h0, weightIh, weightHh, biasIh, biasHh] : [input, h0, weightIh, weightHh];
  const out = fromOp(result, [rows + batch, H], parents, (grad) => {
    const { gates, hiddenN } = saved.get();
    // δ_t, completed by step t+1 before step t is reached; in place in grad, which the engine hands over.
    const delta = grad.subarray(0, rows * H);
    scatterFinalRows(steps, grad, rows * H, H, delta);
    const dInputGates = takeBuffer(rows * G, false); // g_i for every row (each written below)
    const dHiddenGates = new Float64Array(batch * G); // g_h of the current step
    const dH0 = h0.requiresGrad ? new Float64Array(batch * H) : null;
    const dWhh = weightHh.requiresGrad ? new Float64Array(G * H) : null;
    const dBhh = new Float64Array(G);

    // W_hh and ∂L/∂W_hh stay in the backend's memory for the whole loop (products.ts: withResident).
    withResident(backend, [wHh, dWhh], [dWhh], () => {
      for (let s = steps.steps - 1; s >= 0; s--) {
        const t = steps.timeAt(s);
        const row0 = steps.offsets[t];
        const size = batchSizes[t];
        const carried = steps.carried(t);
        const prev = steps.previousOffset(t);
        for (let b = 0; b < size; b++) {
          const gRow = (row0 + b) * G;
          const qRow = b * G;
          const hRow = (row0 + b) * H;
          const hPrev = b < carried ? h : hInit;
          const pRow = b < carried ? (prev + b) * H : b * H;
          const dPrev = b < carried ? delta : dH0; // where ∂L/∂h_{t−1} goes
          for (let j = 0; j < H; j++) {
            const d = delta[hRow + j];
            const r = gates[gRow + j];
            const z = gates[gRow + H + j];
            const n = gates[gRow + 2 * H + j];
            const dAn = d * (1 - z) * (1 - n * n);
            const dAz = d * (hPrev[pRow + j] - n) * z * (1 - z);
            const dAr = dAn * hiddenN[hRow + j] * r * (1 - r);
            dInputGates[gRow + j] = dAr;
            dInputGates[gRow + H + j] = dAz;
            dInputGates[gRow + 2 * H + j] = dAn;
            dHiddenGates[qRow + j] = dAr;
            dHiddenGates[qRow + H + j] = dAz;
            dHiddenGates[qRow + 2 * H + j] = dAn * r;
            if (dPrev) dPrev[pRow + j] += d * z; // the direct path h_t = … + z ⊙ h_{t−1}
          }
        }
        // ∂L/∂h_{t−1} += g_h W_hh;  ∂L/∂W_hh += g_hᵀ h_{t−1};  ∂L/∂b_hh += Σ g_h
        if (carried > 0) gemmNN(carried, H, G, dHiddenGates, 0, wHh, 0, delta, prev * H, true);
        if (carried < size && dH0) gemmNN(size - carried, H, G, dHiddenGates, carried * G, wHh, 0, dH0, carried * H, true);
        if (dWhh) {
          if (carried > 0) gemmTN(G, H, carried, dHiddenGates, 0, h, prev * H, dWhh, 0, true);
          if (carried < size && !startsFromZero) gemmTN(G, H, size - carried, dHiddenGates, carried * G, hInit, carried * H, dWhh, 0, true);
        }
        sumRowsInto(dHiddenGates, 0, size, G, dBhh);
      }
    });

    let dX: Float64Array | null = null;
    if (input.requiresGrad) {
      dX = takeBuffer(rows * I, false); // overwritten below (accumulate = false); handed to the engine
      gemmNN(rows, I, G, dInputGates, 0, wIh, 0, dX, 0, false);
    }
    let dWih: Float64Array | null = null;
    if (weightIh.requiresGrad) {
      dWih = new Float64Array(G * I);
      gemmTN(G, I, rows, dInputGates, 0, x, 0, dWih, 0, false);
    }
    const grads: (Float64Array | null)[] = [dX, dH0, dWih, dWhh];
    if (biasIh && biasHh) {
      const dBih = new Float64Array(G);
      sumRowsInto(dInputGates, 0, rows, G, dBih);
      grads.push(biasIh.requiresGrad ? dBih : null, biasHh.requiresGrad ? dBhh : null);
    }
    // Everything below was step-local: back to the pool (the gradients returned are new buffers).
    releaseBuffer(dInputGates);
    releaseBuffer(grad);
    saved.release();
    return grads;
  });
  if (out.gradFn === null) saved.release(); // no graph recorded: nothing will read them
  return out;
}
