// One layer and one direction of an LSTM as ONE autograd operation (forward loop over time,
// backpropagation through time written out step by step), like rnn-kernel.ts.
//
// Forward, gate chunks in PyTorch's order i, f, g, o (σ is the logistic sigmoid):
//
//     [a_i, a_f, a_g, a_o] = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh
//     i = σ(a_i)   f = σ(a_f)   g = tanh(a_g)   o = σ(a_o)
//     c_t = f ⊙ c_{t−1} + i ⊙ g          h_t = o ⊙ tanh(c_t)
//
// Backward, with δ_t = ∂L/∂h_t (output at t + step t+1) and γ_t = ∂L/∂c_t:
//
//     γ_t = (from c_{t+1}: γ_{t+1} ⊙ f_{t+1}) + δ_t ⊙ o ⊙ (1 − tanh²c_t)
//     ∂a_o = δ_t ⊙ tanh c_t ⊙ o(1 − o)   ∂a_i = γ_t ⊙ g ⊙ i(1 − i)
//     ∂a_f = γ_t ⊙ c_{t−1} ⊙ f(1 − f)    ∂a_g = γ_t ⊙ i ⊙ (1 − g²)
//     ∂L/∂c_{t−1} = γ_t ⊙ f     ∂L/∂h_{t−1} = ∂a W_hh     ∂W_hh = Σ ∂aᵀ h_{t−1}     ∂W_ih = Σ ∂aᵀ x
// The cell path c_{t−1} → c_t multiplies by f only (no W_hh, no squashing): the reason an LSTM
// carries gradients over long spans better than a plain RNN.
import { fromOp } from '../autograd.ts';
import type { Tensor } from '../tensor.ts';
import { getBackend } from '../backend/backend.ts';
import { withResident } from '../backend/products.ts';
import type { RecurrentLayerOptions } from './rnn-kernel.ts';
import { combinedBias, fillRows, isAllZero, sumRowsInto, transposed } from './rows.ts';
import { SavedBuffers, releaseBuffer, takeBuffer } from './buffer-pool.ts';
import { sigmoidInPlace, tanhInPlace } from './activations.ts';
import { TimeSteps, checkLayerShapes, gatherFinalRows, scatterFinalRows } from './time-steps.ts';

/**
 * input: (rows, inputSize), time step after time step; h0, c0: (batch, H); weightIh: (4H, inputSize);
 * weightHh: (4H, H); biases: (4H) or null.
 * Returns (rows + 2·batch, H): h_t for every input row, then h_n, then c_n of every sequence.
 */
export function lstmLayer(
  input: Tensor, h0: Tensor, c0: Tensor, weightIh: Tensor, weightHh: Tensor, biasIh: Tensor | null, biasHh: Tensor | null,
  { batchSizes, reverse = false }: RecurrentLayerOptions,
): Tensor {
  // The products run on the backend chosen now (backend.ts); the backward pass uses the same one.
  const backend = getBackend();
  const { gemmNN, gemmNT, gemmTN } = backend;
  const steps = new TimeSteps(batchSizes, reverse);
  const { inputSize: I, hiddenSize: H } = checkLayerShapes('lstmLayer', 4, steps, input, [h0, c0], weightIh, weightHh, biasIh, biasHh);
  const { rows, batch } = steps;
  const G = 4 * H;
  const x = input.data;
  const hInit = h0.data;
  const startsFromZero = isAllZero(hInit); // the default h0: h0 W_hhᵀ and h0's share of ∂W_hh vanish
  const cInit = c0.data;
  const wIh = weightIh.data;
  const wHh = weightHh.data;

  /** The forward pass into h (rows·H) and the values kept for backward: gates i, f, g, o, c_t, tanh c_t. */
  const forward = (h: Float64Array): { gates: Float64Array; c: Float64Array; tanhC: Float64Array } => {
    const wHhT = transposed(wHh, G, H); // (H, G): every step's h W_hhᵀ becomes an NN product
    // Pre-activations: x W_ihᵀ + b_ih + b_hh for all steps at once, + h_{t−1} W_hhᵀ per step;
    // each step then overwrites its rows with the gate values i, f, g, o.
    const gates = takeBuffer(rows * G, false);
    fillRows(gates, 0, rows, combinedBias(G, biasIh?.data ?? null, biasHh?.data ?? null));
    gemmNT(rows, G, I, x, 0, wIh, 0, gates, 0, true);
    const c = takeBuffer(rows * H, false);
    const tanhC = takeBuffer(rows * H, false);

    // W_hhᵀ stays in the backend's memory for the whole loop (products.ts: withResident).
    withResident(backend, [wHhT], [], () => {
      for (let s = 0; s < steps.steps; s++) {
        const t = steps.timeAt(s);
        const row0 = steps.offsets[t];
        const size = batchSizes[t];
        const carried = steps.carried(t);
        const prev = steps.previousOffset(t);
        if (carried > 0) gemmNN(carried, G, H, h, prev * H, wHhT, 0, gates, row0 * G, true);
        if (carried < size && !startsFromZero) gemmNN(size - carried, G, H, hInit, carried * H, wHhT, 0, gates, (row0 + carried) * G, true);
        for (let b = 0; b < size; b++) {
          const gRow = (row0 + b) * G;
          const hRow = (row0 + b) * H;
          const cPrev = b < carried ? c : cInit;
          const pRow = b < carried ? (prev + b) * H : b * H;
          // The gate values in place of their pre-activations: i, f = σ(·), g = tanh(·), o = σ(·).
          sigmoidInPlace(gates, gRow, gRow + 2 * H);
          tanhInPlace(gates, gRow + 2 * H, gRow + 3 * H);
          sigmoidInPlace(gates, gRow + 3 * H, gRow + G);
          for (let j = 0; j < H; j++) {
            const cNew = gates[gRow + H + j] * cPrev[pRow + j] + gates[gRow + j] * gates[gRow + 2 * H + j];
            c[hRow + j] = cNew;
            tanhC[hRow + j] = cNew;
          }
          tanhInPlace(tanhC, hRow, hRow + H);
          for (let j = 0; j < H; j++) h[hRow + j] = gates[gRow + 3 * H + j] * tanhC[hRow + j];
        }
      }
    });
    releaseBuffer(wHhT);
    return { gates, c, tanhC };
  };

  const result = new Float64Array((rows + 2 * batch) * H);
  const h = result; // rows 0 … rows−1: h_t; then h_n, then c_n
  const firstPass = forward(h);
  gatherFinalRows(steps, h, H, result, rows * H);
  gatherFinalRows(steps, firstPass.c, H, result, (rows + batch) * H);
  // Kept for backward in pooled buffers; a second backward through this graph recomputes them.
  const saved = new SavedBuffers(firstPass, () => {
    const scratchH = takeBuffer(rows * H, false); // the same h again: result already holds it
    const again = forward(scratchH);
    releaseBuffer(scratchH);
    return again;
  });

  const parents = biasIh && biasHh
    ? [input, h0, c0, weightIh, weightHh, biasIh, biasHh]
    : [input, h0, c0, weightIh, weightHh];
  const out = fromOp(result, [rows + 2 * batch, H], parents, (grad) => {
    const { gates, c, tanhC } = saved.get();
    // δ_t = ∂L/∂h_t, in place in grad (the engine hands grad over): the h_t rows, plus h_n's gradient.
    const delta = grad.subarray(0, rows * H);
    scatterFinalRows(steps, grad, rows * H, H, delta);
    const gamma = takeBuffer(rows * H); // γ_t = ∂L/∂c_t
    scatterFinalRows(steps, grad, (rows + batch) * H, H, gamma);
    const dGates = takeBuffer(rows * G, false); // every row is written below
    const dH0 = h0.requiresGrad ? new Float64Array(batch * H) : null;
    const dC0 = c0.requiresGrad ? new Float64Array(batch * H) : null;
    const dWhh = weightHh.requiresGrad ? new Float64Array(G * H) : null;

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
          const hRow = (row0 + b) * H;
          const cPrev = b < carried ? c : cInit;
          const pRow = b < carried ? (prev + b) * H : b * H;
          const dCPrev = b < carried ? gamma : dC0; // where ∂L/∂c_{t−1} goes
          for (let j = 0; j < H; j++) {
            const i = gates[gRow + j];
            const f = gates[gRow + H + j];
            const g = gates[gRow + 2 * H + j];
            const o = gates[gRow + 3 * H + j];
            const tc = tanhC[hRow + j];
            const d = delta[hRow + j];
            const dc = gamma[hRow + j] + d * o * (1 - tc * tc);
            dGates[gRow + j] = dc * g * i * (1 - i);
            dGates[gRow + H + j] = dc * cPrev[pRow + j] * f * (1 - f);
            dGates[gRow + 2 * H + j] = dc * i * (1 - g * g);
            dGates[gRow + 3 * H + j] = d * tc * o * (1 - o);
            if (dCPrev) dCPrev[pRow + j] += dc * f;
          }
        }
        // ∂L/∂h_{t−1} += ∂a_t W_hh;  ∂L/∂W_hh += ∂a_tᵀ h_{t−1}
        if (carried > 0) gemmNN(carried, H, G, dGates, row0 * G, wHh, 0, delta, prev * H, true);
        if (carried < size && dH0) gemmNN(size - carried, H, G, dGates, (row0 + carried) * G, wHh, 0, dH0, carried * H, true);
        if (dWhh) {
          if (carried > 0) gemmTN(G, H, carried, dGates, row0 * G, h, prev * H, dWhh, 0, true);
          if (carried < size && !startsFromZero) gemmTN(G, H, size - carried, dGates, (row0 + carried) * G, hInit, carried * H, dWhh, 0, true);
        }
      }
    });

    let dX: Float64Array | null = null;
    if (input.requiresGrad) {
      dX = takeBuffer(rows * I, false); // overwritten below (accumulate = false); handed to the engine
      gemmNN(rows, I, G, dGates, 0, wIh, 0, dX, 0, false);
    }
    let dWih: Float64Array | null = null;
    if (weightIh.requiresGrad) {
      dWih = new Float64Array(G * I);
      gemmTN(G, I, rows, dGates, 0, x, 0, dWih, 0, false);
    }
    const grads: (Float64Array | null)[] = [dX, dH0, dC0, dWih, dWhh];
    if (biasIh && biasHh) {
      const dBias = new Float64Array(G); // both biases enter the same pre-activation
      sumRowsInto(dGates, 0, rows, G, dBias);
      grads.push(biasIh.requiresGrad ? dBias : null, biasHh.requiresGrad ? dBias.slice() : null);
    }
    // Everything below was step-local: back to the pool (the gradients returned are new buffers).
    releaseBuffer(dGates);
    releaseBuffer(gamma);
    releaseBuffer(grad);
    saved.release();
    return grads;
  });
  if (out.gradFn === null) saved.release(); // no graph recorded: nothing will read them
  return out;
}
