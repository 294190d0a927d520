// Dense matrix products on flat row-major Float64Arrays: C (+)= op(A) · op(B). They allocate
// nothing, so the recurrent kernels can call them at every time step; matmul uses them too.

// ---- Register-blocked products (the hot loops of the recurrent kernels) ----
// A plain triple loop re-reads C (or A) for every multiply-add; these compute a 4×4 block of C in
// sixteen local variables (registers), so each value loaded from A or B feeds four multiply-adds
// (about 3× faster in V8). Results equal the plain loops up to rounding. The edges that do not
// fill a 4×4 block (m % 4 rows, n % 4 columns) are computed entry by entry.

/** C[m×n] (+)= A[m×k] · B[n×k]ᵀ, register-blocked: each C entry is a dot product of two rows. */
export function gemmNTBlocked(
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, b: Float64Array, bOff: number,
  c: Float64Array, cOff: number, accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = bOff + j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
        const y0 = b[b0 + p], y1 = b[b1 + p], y2 = b[b2 + p], y3 = b[b3 + p];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      addBlock(c, cOff + i * n + j, n, s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33);
    }
  }
  edgeDots(m, n, k, m4, n4, a, aOff, k, 1, b, bOff, 1, k, c, cOff);
}

/** C[m×n] (+)= A[m×k] · B[k×n], register-blocked: four rows of A against four contiguous columns of B. */
export function gemmNNBlocked(
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, b: Float64Array, bOff: number,
  c: Float64Array, cOff: number, accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0, bp = bOff + j; p < k; p++, bp += n) {
        const x0 = a[a0 + p], x1 = a[a1 + p], x2 = a[a2 + p], x3 = a[a3 + p];
        const y0 = b[bp], y1 = b[bp + 1], y2 = b[bp + 2], y3 = b[bp + 3];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      addBlock(c, cOff + i * n + j, n, s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33);
    }
  }
  edgeDots(m, n, k, m4, n4, a, aOff, k, 1, b, bOff, n, 1, c, cOff);
}

/** C[m×n] (+)= A[k×m]ᵀ · B[k×n], register-blocked: a sum of outer products of rows of A and B. */
export function gemmTNBlocked(
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, b: Float64Array, bOff: number,
  c: Float64Array, cOff: number, accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let p = 0, ap = aOff + i, bp = bOff + j; p < k; p++, ap += m, bp += n) {
        const x0 = a[ap], x1 = a[ap + 1], x2 = a[ap + 2], x3 = a[ap + 3];
        const y0 = b[bp], y1 = b[bp + 1], y2 = b[bp + 2], y3 = b[bp + 3];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      addBlock(c, cOff + i * n + j, n, s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33);
    }
  }
  // Edges: four rows of C at a time against each leftover column (a thin product like ∂W_ih with
  // one input feature is all edge), then the leftover rows one at a time.
  for (let j = n4; j < n; j++) {
    for (let i = 0; i < m4; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0, ap = aOff + i, bp = bOff + j; p < k; p++, ap += m, bp += n) {
        const y = b[bp];
        s0 += a[ap] * y; s1 += a[ap + 1] * y; s2 += a[ap + 2] * y; s3 += a[ap + 3] * y;
      }
      c[cOff + i * n + j] += s0; c[cOff + (i + 1) * n + j] += s1; c[cOff + (i + 2) * n + j] += s2; c[cOff + (i + 3) * n + j] += s3;
    }
  }
  edgeDots(m, n, k, m4, n, a, aOff, 1, m, b, bOff, n, 1, c, cOff, m4);
}

/** Adds a 4×4 block of sums into C at c0 (rows of length n). */
function addBlock(
  c: Float64Array, c0: number, n: number,
  s00: number, s01: number, s02: number, s03: number, s10: number, s11: number, s12: number, s13: number,
  s20: number, s21: number, s22: number, s23: number, s30: number, s31: number, s32: number, s33: number,
): void {
  const c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
  c[c0] += s00; c[c0 + 1] += s01; c[c0 + 2] += s02; c[c0 + 3] += s03;
  c[c1] += s10; c[c1 + 1] += s11; c[c1 + 2] += s12; c[c1 + 3] += s13;
  c[c2] += s20; c[c2 + 1] += s21; c[c2 + 2] += s22; c[c2 + 3] += s23;
  c[c3] += s30; c[c3 + 1] += s31; c[c3 + 2] += s32; c[c3 + 3] += s33;
}

/**
 * The entries outside the 4×4 blocks — columns n4 … n−1 of rows 0 … m4−1, then all columns of
 * rows m4 … m−1 (from row `firstRow`) — one dot product each, with
 * A(i, p) = a[aOff + i·aRow + p·aCol] and B(p, j) = b[bOff + p·bRow + j·bCol].
 */
function edgeDots(
  m: number, n: number, k: number, m4: number, n4: number,
  a: Float64Array, aOff: number, aRow: number, aCol: number,
  b: Float64Array, bOff: number, bRow: number, bCol: number,
  c: Float64Array, cOff: number, firstRow = 0,
): void {
  for (let i = firstRow; i < m; i++) {
    const aStart = aOff + i * aRow;
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      const bStart = bOff + j * bCol;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[aStart + p * aCol] * b[bStart + p * bRow];
      c[cOff + i * n + j] += s;
    }
  }
}
