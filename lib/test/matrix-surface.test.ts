// ml-matrix at the surface: a 2-D tensor viewed as a matrix without copying, Matrix accepted
// wherever a tensor is, and torch.linalg's functions done by ml-matrix.
import { Matrix, MatrixTransposeView } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { eigvals, matrixNorm, qr, svdvals } from '../linalg.ts';
import { Linear } from '../nn/linear.ts';
import { RNN } from '../nn/rnn.ts';
import { RNNCell } from '../nn/rnn-cell.ts';
import { Tanh } from '../nn/activation.ts';
import { manualSeed } from '../random.ts';
import { tensor } from '../tensor.ts';

describe('asMatrix: a view, not a copy', () => {
  it('reads and writes the tensor’s own storage', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    const m = t.asMatrix();
    expect([m.rows, m.columns]).toEqual([2, 3]);
    expect(m.get(1, 2)).toBe(6);
    m.set(0, 1, 20);
    expect(t.data[1]).toBe(20);
    t.data[5] = 60;
    expect(m.get(1, 2)).toBe(60);
    expect(m.mmul(new MatrixTransposeView(m)).to2DArray()).toEqual([[1 + 400 + 9, 4 + 100 + 180], [4 + 100 + 180, 16 + 25 + 3600]]);
  });

  it('refuses anything but a 2-D tensor', () => {
    expect(() => tensor([1, 2]).asMatrix()).toThrow('asMatrix: expected a 2-D tensor, got shape [2]');
  });
});

describe('a Matrix is accepted wherever a tensor is', () => {
  const m = new Matrix([[1, -2], [3, 0.5]]);
  it('tensor(), element-wise ops and matmul', () => {
    expect(tensor(m).toArray()).toEqual([[1, -2], [3, 0.5]]);
    expect(tensor([[1, 1], [1, 1]]).add(m).toArray()).toEqual([[2, -1], [4, 1.5]]);
    expect(tensor([[1, 0], [0, 2]]).matmul(m).toArray()).toEqual([[1, -2], [6, 1]]);
  });

  it('modules: Linear, Tanh, RNNCell and RNN take a Matrix input', () => {
    manualSeed(1);
    const fc = new Linear(2, 3);
    expect(fc.forward(m).toArray()).toEqual(fc.forward(tensor(m)).toArray());
    expect(new Tanh().forward(m).toArray()).toEqual(tensor(m).tanh().toArray());
    const cell = new RNNCell(2, 4);
    expect(cell.forward(m, new Matrix(2, 4)).toArray()).toEqual(cell.forward(tensor(m)).toArray());
    const rnn = new RNN(2, 4);
    const [out] = rnn.forward(m); // an unbatched sequence (T = 2, inputSize = 2)
    expect(out.toArray()).toEqual(rnn.forward(tensor(m))[0].toArray());
  });

  it('anything else is refused by name', () => {
    expect(() => new Linear(2, 3).forward('x' as never)).toThrow('Linear: expected input to be a Tensor or an ml-matrix Matrix, got string');
  });
});

describe('linalg by ml-matrix', () => {
  it('svdvals, matrixNorm, eigvals and qr of small known matrices', () => {
    const d = tensor([[3, 0], [0, -4]]);
    expect(Array.from(svdvals(d).data)).toEqual([4, 3]);
    expect(matrixNorm(d)).toBe(5);
    expect(matrixNorm(d, 2)).toBe(4);
    const rotation = tensor([[0, -1], [1, 0]]); // eigenvalues ±i
    const ev = eigvals(rotation).toArray() as number[][];
    expect(ev.map(([re, im]) => [Math.abs(re), Math.abs(im)])).toEqual([[0, 1], [0, 1]]);
    const a = tensor([[1, 2], [3, 4], [5, 6]]);
    const [q, r] = qr(a);
    expect(q.shape).toEqual([3, 2]);
    expect(r.shape).toEqual([2, 2]);
    q.matmul(r).data.forEach((v, i) => expect(v).toBeCloseTo(a.data[i], 12));
  });
});
