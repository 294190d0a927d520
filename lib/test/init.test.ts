// nn.init: orthogonal_ (QR of a normal matrix, sign-corrected) and the seeded initialisers.
import { describe, expect, it } from 'vitest';
import { calculateFanInAndFanOut, orthogonal_, xavierUniform_ } from '../nn/init.ts';
import { Generator, manualSeed } from '../random.ts';
import { Tensor, zeros } from '../tensor.ts';

/** Max |(A Aᵀ or Aᵀ A) - gain²·I| over the small side. */
function orthogonalityError(t: Tensor, gain: number): number {
  const rows = t.shape[0];
  const cols = t.data.length / rows;
  const a = new Tensor(t.data, [rows, cols]);
  const gram = rows <= cols ? a.matmul(a.T) : a.T.matmul(a);
  const n = gram.shape[0];
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(gram.get(i, j) - (i === j ? gain * gain : 0)));
  return worst;
}

describe('orthogonal_', () => {
  it('fills square, tall and wide matrices with orthonormal rows or columns', () => {
    manualSeed(0);
    for (const shape of [[5, 5], [6, 3], [3, 6], [1, 4], [4, 1]]) {
      const t = orthogonal_(zeros(shape));
      expect(orthogonalityError(t, 1), `shape [${shape}]`).toBeLessThan(1e-12);
    }
  });

  it('scales by gain and flattens trailing dimensions like PyTorch', () => {
    const t = orthogonal_(zeros([4, 2, 3]), 2.5);
    expect(t.shape).toEqual([4, 2, 3]);
    expect(orthogonalityError(t, 2.5)).toBeLessThan(1e-12);
  });

  it('is sign-corrected: Q equals the QR factor with a positive R diagonal', () => {
    // For the normal draw N, Q = orthogonal_ must satisfy Qᵀ N = R upper triangular with R_jj > 0.
    const seed = 'sign';
    const q = orthogonal_(zeros([4, 3]), 1, { generator: new Generator(seed) });
    const n = new Tensor(new Float64Array(12), [4, 3]);
    const g = new Generator(seed);
    for (let i = 0; i < 12; i++) n.data[i] = g.normal();
    const r = q.T.matmul(n);
    for (let i = 0; i < 3; i++) {
      expect(r.get(i, i)).toBeGreaterThan(0);
      for (let j = 0; j < i; j++) expect(Math.abs(r.get(i, j))).toBeLessThan(1e-12);
    }
  });

  it('is seeded and refuses fewer than 2 dimensions', () => {
    const a = orthogonal_(zeros([3, 3]), 1, { generator: new Generator(1) });
    const b = orthogonal_(zeros([3, 3]), 1, { generator: new Generator(1) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(() => orthogonal_(zeros([3]))).toThrow('orthogonal_: only tensors with 2 or more dimensions are supported, got shape [3]');
  });
});

describe('fan-based initialisers', () => {
  it('fan in/out and the xavier bound', () => {
    expect(calculateFanInAndFanOut(zeros([4, 3, 2]))).toEqual([6, 8]);
    const t = xavierUniform_(zeros([20, 30]), 1, { generator: new Generator(0) });
    const bound = Math.sqrt(6 / 50);
    expect(t.data.every((v) => Math.abs(v) <= bound)).toBe(true);
  });
});
