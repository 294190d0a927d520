// ml-matrix interop: toMatrix / fromMatrix round trip, and matmul agrees with Matrix.mmul.
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { Generator, randn } from '../random.ts';
import { Tensor, tensor } from '../tensor.ts';

const gen = new Generator('interop');

describe('ml-matrix interop', () => {
  it('toMatrix keeps rows and columns', () => {
    const m = tensor([[1, 2, 3], [4, 5, 6]]).toMatrix();
    expect([m.rows, m.columns]).toEqual([2, 3]);
    expect(m.to2DArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('fromMatrix(toMatrix(t)) is t, and the copy does not share storage', () => {
    const t = randn([4, 3], { generator: gen });
    const m = t.toMatrix();
    const back = Tensor.fromMatrix(m);
    expect(back.shape).toEqual([4, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(t.data));
    m.set(0, 0, 123);
    expect(t.data[0]).not.toBe(123);
    expect(Tensor.fromMatrix(new Matrix([[1, 2]]), { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('toMatrix refuses a tensor that is not 2-D', () => {
    expect(() => tensor([1, 2, 3]).toMatrix()).toThrow('toMatrix: expected a 2-D tensor, got shape [3]');
  });

  it('matmul equals ml-matrix mmul', () => {
    for (const [m, k, n] of [[2, 3, 4], [5, 1, 3], [7, 6, 7]]) {
      const a = randn([m, k], { generator: gen });
      const b = randn([k, n], { generator: gen });
      const ours = a.matmul(b);
      const theirs = a.toMatrix().mmul(b.toMatrix());
      expect(ours.shape).toEqual([m, n]);
      const expected = theirs.to2DArray().flat();
      ours.data.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected[i]))));
    }
  });

  it('each batch of a batched matmul equals mmul of the slices', () => {
    const a = randn([3, 2, 4], { generator: gen });
    const b = randn([3, 4, 5], { generator: gen });
    const out = a.matmul(b);
    for (let s = 0; s < 3; s++) {
      const expected = a.select(0, s).toMatrix().mmul(b.select(0, s).toMatrix()).to2DArray().flat();
      Array.from(out.select(0, s).data).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    }
  });
});
