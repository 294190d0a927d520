// Row-wise helpers on flat row-major buffers, for the bias terms of the recurrent kernels.

/** Adds vector v (length width) to each of `rows` rows of m, starting at mOff. */
export function addToEachRow(m: Float64Array, mOff: number, rows: number, width: number, v: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const row = mOff + r * width;
    for (let j = 0; j < width; j++) m[row + j] += v[j];
  }
}

/** out[j] += Σ_r m[r, j] over `rows` rows from mOff: a bias's gradient is the sum of its rows' gradients. */
export function sumRowsInto(m: Float64Array, mOff: number, rows: number, width: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const row = mOff + r * width;
    for (let j = 0; j < width; j++) out[j] += m[row + j];
  }
}
