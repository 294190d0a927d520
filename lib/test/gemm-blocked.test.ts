// The register-blocked products of kernels/gemm.ts against a plain triple loop, on sizes that
// exercise the 4×4 blocks and every kind of edge (m, n, k not multiples of 4), offsets and accumulation.
import { describe, expect, it } from 'vitest';
import { gemmNNBlocked, gemmNTBlocked, gemmTNBlocked } from '../kernels/gemm.ts';
import { Generator } from '../random.ts';

type Layout = 'NN' | 'NT' | 'TN';
const kernels = { NN: gemmNNBlocked, NT: gemmNTBlocked, TN: gemmTNBlocked };

/** Reference: C[i, j] = Σ_p A(i, p) B(p, j), reading A and B in the given layout. */
function reference(layout: Layout, m: number, n: number, k: number, a: Float64Array, aOff: number, b: Float64Array, bOff: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const x = layout === 'TN' ? a[aOff + p * m + i] : a[aOff + i * k + p];
        const y = layout === 'NT' ? b[bOff + j * k + p] : b[bOff + p * n + j];
        s += x * y;
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

describe('register-blocked gemm equals the plain triple loop', () => {
  const gen = new Generator(3);
  const random = (size: number) => Float64Array.from({ length: size }, () => gen.random() * 2 - 1);
  const sizes = [[1, 1, 1], [4, 4, 4], [5, 7, 3], [8, 12, 1], [3, 2, 9], [9, 6, 13], [32, 32, 32], [33, 30, 31]];
  for (const layout of ['NN', 'NT', 'TN'] as const) {
    it.each(sizes)(`${layout} m=%i n=%i k=%i, with offsets, overwrite and accumulate`, (m, n, k) => {
      const aOff = 3;
      const bOff = 5;
      const cOff = 2;
      const a = random(aOff + m * k);
      const b = random(bOff + k * n);
      const expected = reference(layout, m, n, k, a, aOff, b, bOff);
      const c = random(cOff + m * n + 4);
      const before = c.slice();
      kernels[layout](m, n, k, a, aOff, b, bOff, c, cOff, false);
      for (let i = 0; i < m * n; i++) expect(Math.abs(c[cOff + i] - expected[i])).toBeLessThan(1e-12);
      expect([...c.subarray(0, cOff), ...c.subarray(cOff + m * n)]).toEqual([...before.subarray(0, cOff), ...before.subarray(cOff + m * n)]);
      kernels[layout](m, n, k, a, aOff, b, bOff, c, cOff, true);
      for (let i = 0; i < m * n; i++) expect(Math.abs(c[cOff + i] - 2 * expected[i])).toBeLessThan(1e-12);
    });
  }
});
