// The `ml-matrix` backend: every product is ml-matrix's own Matrix.mmul on views of the operands,
// the library's ground truth. Slow (get/set per element, a result Matrix per call), and meant to be:
// it is what the fast backends are checked against.
import { Matrix, MatrixTransposeView, WrapperMatrix1D } from 'ml-matrix';
import type { ProductBackend } from './products.ts';

/** A rows×cols matrix viewing buf from off, without copying. */
function view(buf: Float64Array, off: number, rows: number, cols: number): WrapperMatrix1D {
  return new WrapperMatrix1D(buf.subarray(off, off + rows * cols), { rows });
}

/** C (+)= product, entry by entry: ml-matrix returns a fresh Matrix. */
function store(product: Matrix, c: Float64Array, cOff: number, accumulate: boolean): void {
  const m = product.rows;
  const n = product.columns;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const at = cOff + i * n + j;
      c[at] = (accumulate ? c[at] : 0) + product.get(i, j); // 0 + s, as the other backends: −0 becomes +0
    }
  }
}

// A view with no rows or columns cannot be built (ml-matrix divides by rows); those products are
// empty sums, so C is left as it is or set to 0.
function empty(m: number, n: number, k: number, c: Float64Array, cOff: number, accumulate: boolean): boolean {
  if (m > 0 && n > 0 && k > 0) return false;
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  return true;
}

export const mlMatrixBackend: ProductBackend = {
  name: 'ml-matrix',
  detail: `Matrix.mmul`,
  gemmNN(m, n, k, a, aOff, b, bOff, c, cOff, accumulate) {
    if (empty(m, n, k, c, cOff, accumulate)) return;
    store(view(a, aOff, m, k).mmul(view(b, bOff, k, n)), c, cOff, accumulate);
  },
  gemmNT(m, n, k, a, aOff, b, bOff, c, cOff, accumulate) {
    if (empty(m, n, k, c, cOff, accumulate)) return;
    store(view(a, aOff, m, k).mmul(new MatrixTransposeView(view(b, bOff, n, k))), c, cOff, accumulate);
  },
  gemmTN(m, n, k, a, aOff, b, bOff, c, cOff, accumulate) {
    if (empty(m, n, k, c, cOff, accumulate)) return;
    store(new MatrixTransposeView(view(a, aOff, k, m)).mmul(view(b, bOff, k, n)), c, cOff, accumulate);
  },
};
