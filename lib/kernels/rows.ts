// Row-wise helpers on flat row-major buffers, for the bias terms of the recurrent kernels.
import { takeBuffer } from './buffer-pool.ts';

/** b1 + b2 (either may be null; zeros when both are): the bias a layer adds to every row. */
export function combinedBias(width: number, b1: Float64Array | null, b2: Float64Array | null): Float64Array {
  const bias = new Float64Array(width);
  for (let j = 0; j < width; j++) bias[j] = (b1 ? b1[j] : 0) + (b2 ? b2[j] : 0);
  return bias;
}

/** Sets each of `rows` rows of m (from mOff) to v, so a product accumulated on top gives x Wᵀ + v. */
export function fillRows(m: Float64Array, mOff: number, rows: number, v: Float64Array): void {
  for (let r = 0; r < rows; r++) m.set(v, mOff + r * v.length);
}

/** out[j] += Σ_r m[r, j] over `rows` rows from mOff: a bias's gradient is the sum of its rows' gradients. */
export function sumRowsInto(m: Float64Array, mOff: number, rows: number, width: number, out: Float64Array): void {
  const w4 = width - (width % 4);
  for (let r = 0; r < rows; r++) {
    const row = mOff + r * width;
    let j = 0;
    for (; j < w4; j += 4) {
      out[j] += m[row + j];
      out[j + 1] += m[row + j + 1];
      out[j + 2] += m[row + j + 2];
      out[j + 3] += m[row + j + 3];
    }
    for (; j < width; j++) out[j] += m[row + j];
  }
}

/**
 * Wᵀ of a rows×cols matrix, laid out once per layer call so that the per-step product h W_hhᵀ
 * reads rows of Wᵀ (an NN product): each entry is still Σ_p h[i,p]·W[j,p] in the same order.
 * The buffer comes from the pool: the caller releases it when its forward pass is done.
 */
export function transposed(w: Float64Array, rows: number, cols: number): Float64Array {
  const out = takeBuffer(rows * cols, false);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

/** True when every entry is 0, e.g. the default h0: products with it can be skipped. */
export function isAllZero(m: Float64Array): boolean {
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) return false;
  return true;
}
