// What padding the rows of product operands saves (lib/backend/wasm.ts, paddedStride): the wasm
// backend's products at the recurrent kernels' shapes, with rows laid out padded and unpadded.
//
//   npx tsx scripts/bench/gemm-strides.ts
import { wasmBackend } from '../../lib/backend/wasm.ts';
import type { ProductBackend } from '../../lib/backend/products.ts';

const shapes: [string, 'gemmNN' | 'gemmTN', number, number, number, boolean][] = [
  // label, product, m, n, k, B resident (as the kernels keep W_hhᵀ)
  ['LSTM h128 forward, h W_hhᵀ', 'gemmNN', 32, 512, 128, true],
  ['LSTM h128 backward, ∂W_hh', 'gemmTN', 512, 128, 32, false],
  ['LSTM h128 backward, ∂a W_hh', 'gemmNN', 32, 128, 512, true],
  ['RNN h256 forward, h W_hhᵀ', 'gemmNN', 32, 256, 256, true],
  ['RNN h256 backward, ∂W_hh', 'gemmTN', 256, 256, 32, false],
];

function gflops(backend: ProductBackend, op: 'gemmNN' | 'gemmTN', m: number, n: number, k: number, residentB: boolean): number {
  const a = Float64Array.from({ length: m * k }, (_, i) => Math.sin(i));
  const b = Float64Array.from({ length: k * n }, (_, i) => Math.cos(i));
  const c = new Float64Array(m * n);
  const reps = Math.ceil(2e8 / (m * n * k));
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const run = () => { for (let i = 0; i < reps; i++) backend[op](m, n, k, a, 0, b, 0, c, 0, true); };
    const t0 = performance.now();
    if (residentB) backend.withResident!([b], [], run);
    else run();
    best = Math.min(best, performance.now() - t0);
  }
  return (2 * m * n * k * reps) / best / 1e6;
}

const padded = wasmBackend(false);
const unpadded = wasmBackend(false, { padRows: false });
console.log('GFLOP/s, best of 5 (wasm backend, exact variant)');
for (const [label, op, m, n, k, resident] of shapes) {
  const [with_, without] = [gflops(padded, op, m, n, k, resident), gflops(unpadded, op, m, n, k, resident)];
  console.log(`${label.padEnd(30)} ${op} ${m}×${n}×${k}: padded rows ${with_.toFixed(1)}, unpadded ${without.toFixed(1)}`);
}
