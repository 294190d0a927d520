// clipGradNorm_ / clipGradValue_ against PyTorch (clip.json), plus the edge cases PyTorch defines.
import { describe, expect, it } from 'vitest';
import { tensor, zeros, type NestedArray } from '../tensor.ts';
import { clipGradNorm_, clipGradValue_ } from '../utils/clip-grad.ts';
import { expectClose, loadFixture } from './helpers/reference.ts';
import { onEveryBackend } from './helpers/backends.ts';

interface ClipCase {
  name: string;
  kind: 'norm' | 'value';
  grads: (NestedArray | null)[];
  maxNorm?: number;
  normType?: number | 'inf';
  totalNorm?: number;
  clipValue?: number;
  clippedGrads: (NestedArray | null)[];
}

const fixture = loadFixture<ClipCase>('clip');

function paramsWithGrads(grads: (NestedArray | null)[]) {
  return grads.map((g, i) => {
    // Parameters without a gradient still need a shape; the fixture's parameters are (2,3), (3), (2,2).
    const shape = g === null ? [[2, 3], [3], [2, 2]][i] : tensor(g).shape;
    const p = zeros(shape, { requiresGrad: true });
    p.grad = g === null ? null : tensor(g);
    return p;
  });
}

onEveryBackend('clipping matches PyTorch (clip.json)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const params = paramsWithGrads(c.grads);
    if (c.kind === 'norm') {
      const total = clipGradNorm_(params, c.maxNorm!, c.normType!);
      expectClose(total, c.totalNorm!, `${c.name} total norm`);
    } else {
      clipGradValue_(params, c.clipValue!);
    }
    params.forEach((p, i) => {
      const expected = c.clippedGrads[i];
      if (expected === null) expect(p.grad, `${c.name} param ${i} had no grad`).toBeNull();
      else expectClose(p.grad, expected, `${c.name} clipped grad ${i}`);
    });
  });
});

describe('clipGradNorm_', () => {
  const grads = () => {
    const a = zeros([2], { requiresGrad: true });
    a.grad = tensor([3, 0]);
    const b = zeros([1], { requiresGrad: true });
    b.grad = tensor([4]);
    return [a, b];
  };

  it('returns the total 2-norm before clipping and scales by maxNorm / (total + 1e-6)', () => {
    const params = grads();
    expect(clipGradNorm_(params, 1)).toBe(5);
    const coef = 1 / (5 + 1e-6);
    expect(params[0].grad!.data[0]).toBeCloseTo(3 * coef, 15);
    expect(params[1].grad!.data[0]).toBeCloseTo(4 * coef, 15);
  });

  it('leaves gradients under the limit unchanged', () => {
    const params = grads();
    expect(clipGradNorm_(params, 10)).toBe(5);
    expect(Array.from(params[0].grad!.data)).toEqual([3, 0]);
    expect(Array.from(params[1].grad!.data)).toEqual([4]);
  });

  it("accepts 'inf' and Infinity for the max-norm, and a single Tensor", () => {
    expect(clipGradNorm_(grads(), 100, 'inf')).toBe(4);
    expect(clipGradNorm_(grads(), 100, Infinity)).toBe(4);
    const [a] = grads();
    expect(clipGradNorm_(a, 1)).toBe(3);
    expect(a.grad!.data[0]).toBeCloseTo(3 / (3 + 1e-6), 15);
  });

  it('returns 0 when no parameter has a gradient', () => {
    expect(clipGradNorm_([zeros([2], { requiresGrad: true })], 1)).toBe(0);
  });

  it('raises on a non-finite total only under errorIfNonfinite, naming what it expected and got', () => {
    const withNaN = () => {
      const [a, b] = grads();
      b.grad = tensor([Number.NaN]);
      return [a, b];
    };
    expect(() => clipGradNorm_(withNaN(), 1, 2, { errorIfNonfinite: true })).toThrow(/non-finite.*got NaN.*Expected a finite norm/s);
    const inf = grads();
    inf[1].grad = tensor([Infinity]);
    expect(() => clipGradNorm_(inf, 1, 2, { errorIfNonfinite: true })).toThrow(/got Infinity/);
    // Without the flag PyTorch scales anyway and returns the non-finite total.
    const params = withNaN();
    expect(clipGradNorm_(params, 1)).toBeNaN();
    expect(params[0].grad!.data[0]).toBeNaN();
  });

  it('rejects a bad maxNorm or normType', () => {
    expect(() => clipGradNorm_(grads(), -1)).toThrow(/maxNorm must be a non-negative number, got -1/);
    expect(() => clipGradNorm_(grads(), 1, -2)).toThrow(/normType.*Got -2/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => clipGradNorm_(grads(), 1, 'two' as any)).toThrow(/normType.*Got "two"/);
  });
});

describe('clipGradValue_', () => {
  it('clamps into [-clipValue, clipValue] and skips parameters without grad', () => {
    const a = zeros([3], { requiresGrad: true });
    a.grad = tensor([-2, 0.1, 5]);
    const b = zeros([1], { requiresGrad: true });
    clipGradValue_([a, b], 0.5);
    expect(Array.from(a.grad!.data)).toEqual([-0.5, 0.1, 0.5]);
    expect(b.grad).toBeNull();
  });

  it('rejects a negative clipValue', () => {
    expect(() => clipGradValue_([], -1)).toThrow(/clipValue must be a non-negative number, got -1/);
  });
});
