// Dense matrix products on flat row-major Float64Arrays: C (+)= op(A) · op(B).
// Written as plain loops in the order that walks memory contiguously, so they allocate nothing.

/** C[m×n] (+)= A[m×k] · B[k×n] */
export function gemmNN(
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, b: Float64Array, bOff: number,
  c: Float64Array, cOff: number, accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  for (let i = 0; i < m; i++) {
    const cRow = cOff + i * n;
    const aRow = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p];
      if (aip === 0) continue;
      const bRow = bOff + p * n;
      for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bRow + j];
    }
  }
}

/** C[m×n] (+)= A[m×k] · B[n×k]ᵀ */
export function gemmNT(
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, b: Float64Array, bOff: number,
  c: Float64Array, cOff: number, accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOff + i * k;
    const cRow = cOff + i * n;
    for (let j = 0; j < n; j++) {
      const bRow = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aRow + p] * b[bRow + p];
      c[cRow + j] = accumulate ? c[cRow + j] + s : s;
    }
  }
}

/** C[m×n] (+)= A[k×m]ᵀ · B[k×n] */
export function gemmTN(
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, b: Float64Array, bOff: number,
  c: Float64Array, cOff: number, accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  for (let p = 0; p < k; p++) {
    const aRow = aOff + p * m;
    const bRow = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const api = a[aRow + i];
      if (api === 0) continue;
      const cRow = cOff + i * n;
      for (let j = 0; j < n; j++) c[cRow + j] += api * b[bRow + j];
    }
  }
}
