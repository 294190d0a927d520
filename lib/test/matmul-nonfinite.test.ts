// matmul must not hide non-finite values: PyTorch (BLAS) gives 0·∞ = NaN, and a kernel that skips
// zero entries for speed would silently return a finite number instead.
import { describe, expect, it } from 'vitest';
import { tensor } from '../index.ts';

describe('matmul with non-finite entries', () => {
  it('0 · Infinity gives NaN in the forward pass', () => {
    const out = tensor([[0, 1]]).matmul(tensor([[Infinity], [2]]));
    expect(Number.isNaN(out.get(0, 0))).toBe(true);
  });

  it('NaN reaches the gradient of the other operand', () => {
    const a = tensor([[0, 1]], { requiresGrad: true });
    const b = tensor([[1], [2]], { requiresGrad: true });
    a.matmul(b).backward(tensor([[NaN]]));
    expect(a.grad!.toArray()).toEqual([[NaN, NaN]]);
    expect(b.grad!.toArray()).toEqual([[NaN], [NaN]]);
  });
});
