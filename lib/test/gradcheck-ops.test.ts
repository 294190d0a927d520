// Finite-difference checks (central differences, full Jacobian) of every differentiable op in lib/ops.
// Inputs keep away from kinks (0 for abs/relu, clamp bounds, ties for max) so the check is meaningful.
import { describe, expect, it } from 'vitest';
import { fromOp } from '../autograd.ts';
import * as ew from '../ops/elementwise.ts';
import { matmul } from '../ops/matmul.ts';
import { cat, stack } from '../ops/shape.ts';
import { Generator, randn, randperm } from '../random.ts';
import { Tensor } from '../tensor.ts';
import { gradcheck } from '../utils/gradcheck.ts';

const gen = new Generator('gradcheck-ops');
/** Standard normal leaf. */
const x = (...shape: number[]) => randn(shape, { generator: gen, requiresGrad: true });
/** Leaf with |value| ≥ 0.2 (for ops with a kink at 0). */
const awayFromZero = (...shape: number[]) => {
  const t = randn(shape, { generator: gen });
  for (let i = 0; i < t.data.length; i++) t.data[i] += 0.2 * Math.sign(t.data[i] || 1);
  return t.requiresGrad_();
};
/** Leaf in [0.5, 1.5] (for log, sqrt, fractional powers, denominators). */
const positive = (...shape: number[]) => {
  const t = randn(shape, { generator: gen });
  for (let i = 0; i < t.data.length; i++) t.data[i] = 0.5 + 1 / (1 + Math.exp(-t.data[i]));
  return t.requiresGrad_();
};
/** Leaf whose entries are a shuffled 0..n-1 plus small noise: no two closer than 0.8 (no ties for max). */
const distinct = (...shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const perm = randperm(n, { generator: gen });
  const noise = randn([n], { generator: gen });
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = perm.data[i] + 0.1 * Math.tanh(noise.data[i]);
  return new Tensor(data, shape, { requiresGrad: true });
};

function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  expect(gradcheck(fn, inputs)).toBe(true);
}

describe('gradcheck catches a wrong gradient rule', () => {
  it('fails for an op whose backward is off by a factor', () => {
    const wrongSquare = (a: Tensor) => fromOp(a.data.map((v) => v * v), a.shape, [a], (g) => [g.map((gi, i) => gi * a.data[i])]);
    expect(() => gradcheck(wrongSquare, [x(3)])).toThrow(/Jacobian mismatch/);
    expect(gradcheck(wrongSquare, [x(3)], { raiseException: false })).toBe(false);
  });
});

describe('gradcheck: element-wise binary ops with broadcasting', () => {
  const shapes: [number[], number[]][] = [
    [[2, 3], [2, 3]],
    [[2, 3], [3]],
    [[3], [2, 3]],
    [[2, 1], [1, 3]],
    [[2, 1, 4], [3, 1]],
    [[2, 3], []],
  ];
  for (const [sa, sb] of shapes) {
    const label = `[${sa}] with [${sb}]`;
    it(`add ${label}`, () => check((a, b) => a.add(b), [x(...sa), x(...sb)]));
    it(`sub ${label}`, () => check((a, b) => a.sub(b), [x(...sa), x(...sb)]));
    it(`mul ${label}`, () => check((a, b) => a.mul(b), [x(...sa), x(...sb)]));
    it(`div ${label}`, () => check((a, b) => a.div(b), [x(...sa), positive(...sb)]));
  }
  it('with a plain number on either side', () => {
    check((a) => a.add(2).mul(-1.5).sub(0.25).div(3), [x(2, 3)]);
    check((a) => ew.sub(2, a), [x(4)]);
    check((a) => ew.div(1, a), [positive(4)]);
  });
  it('when the same tensor feeds both sides (gradients accumulate)', () => {
    check((a) => a.mul(a).add(a), [x(2, 3)]);
    check((a) => a.div(a.add(3)), [positive(5)]);
  });
});

describe('gradcheck: element-wise unary ops', () => {
  it('neg', () => check((a) => a.neg(), [x(2, 3)]));
  it('pow 2, 3, -1, 0.5, 0', () => {
    for (const p of [2, 3, -1]) check((a) => a.pow(p), [awayFromZero(2, 3)]);
    check((a) => a.pow(0.5), [positive(2, 3)]);
    check((a) => a.pow(0).add(a), [x(4)]);
  });
  it('exp', () => check((a) => a.exp(), [x(2, 3)]));
  it('log', () => check((a) => a.log(), [positive(2, 3)]));
  it('sqrt', () => check((a) => a.sqrt(), [positive(2, 3)]));
  it('tanh', () => check((a) => a.tanh(), [x(2, 3)]));
  it('sigmoid', () => check((a) => a.sigmoid(), [x(2, 3).mul(3).detach().requiresGrad_()]));
  it('relu', () => check((a) => a.relu(), [awayFromZero(3, 4)]));
  it('abs', () => check((a) => a.abs(), [awayFromZero(3, 4)]));
  it('clamp (min, max, both)', () => {
    // values at least 0.1 from the bounds -0.5 and 0.5
    const t = new Tensor(new Float64Array([-1.2, -0.7, -0.3, 0.0, 0.35, 0.6, 0.9, 2.0]), [2, 4], { requiresGrad: true });
    check((a) => a.clamp(-0.5, 0.5), [t]);
    check((a) => a.clamp(-0.5), [t]);
    check((a) => a.clamp(null, 0.5), [t]);
  });
});

describe('gradcheck: reductions', () => {
  it('sum over everything, one dim, several dims, with and without keepdim', () => {
    check((a) => a.sum(), [x(2, 3, 4)]);
    for (const dim of [0, 1, 2, -1]) for (const keep of [false, true]) check((a) => a.sum(dim, keep), [x(2, 3, 4)]);
    check((a) => a.sum([0, 2]), [x(2, 3, 4)]);
    check((a) => a.sum([-1, 0], true), [x(2, 3, 4)]);
  });
  it('mean over everything, one dim, several dims, with and without keepdim', () => {
    check((a) => a.mean(), [x(2, 3, 4)]);
    for (const dim of [0, 1, 2, -1]) for (const keep of [false, true]) check((a) => a.mean(dim, keep), [x(2, 3, 4)]);
    check((a) => a.mean([1, 2], true), [x(2, 3, 4)]);
  });
  it('max(dim) values, with and without keepdim', () => {
    for (const dim of [0, 1, 2, -1]) for (const keep of [false, true]) check((a) => a.max(dim, keep)[0], [distinct(2, 3, 4)]);
  });
  it('max() of all elements', () => check((a) => a.max(), [distinct(3, 4)]));
});

describe('gradcheck: softmax and logSoftmax', () => {
  for (const dim of [0, 1, 2, -1]) {
    it(`softmax dim ${dim}`, () => check((a) => a.softmax(dim), [x(2, 3, 4)]));
    it(`logSoftmax dim ${dim}`, () => check((a) => a.logSoftmax(dim), [x(2, 3, 4)]));
  }
  it('on a 1-D input', () => {
    check((a) => a.softmax(0), [x(5)]);
    check((a) => a.logSoftmax(-1), [x(5)]);
  });
});

describe('gradcheck: shape ops', () => {
  // A weighting after the op makes each output position distinguishable in the check.
  it('reshape and view (with -1)', () => {
    check((a) => a.reshape(6, 4), [x(2, 3, 4)]);
    check((a) => a.reshape([4, -1]), [x(2, 3, 4)]);
    check((a) => a.view(-1), [x(2, 3, 4)]);
  });
  it('transpose, T and permute', () => {
    check((a) => a.transpose(0, 2), [x(2, 3, 4)]);
    check((a) => a.transpose(-1, 1), [x(2, 3, 4)]);
    check((a) => a.T, [x(3, 5)]);
    check((a) => a.permute(2, 0, 1), [x(2, 3, 4)]);
    check((a) => a.permute([1, 2, 0]), [x(2, 3, 4)]);
  });
  it('squeeze, unsqueeze, flatten', () => {
    check((a) => a.squeeze(), [x(2, 1, 3, 1)]);
    check((a) => a.squeeze(1), [x(2, 1, 3, 1)]);
    check((a) => a.squeeze(0), [x(2, 1, 3, 1)]);
    check((a) => a.unsqueeze(0), [x(2, 3)]);
    check((a) => a.unsqueeze(-1), [x(2, 3)]);
    check((a) => a.flatten(), [x(2, 3, 4)]);
    check((a) => a.flatten(1, 2), [x(2, 3, 4)]);
    check((a) => a.flatten(0, 1), [x(2, 3, 4)]);
  });
  it('select, narrow, slice', () => {
    check((a) => a.select(0, 1), [x(2, 3, 4)]);
    check((a) => a.select(-1, -2), [x(2, 3, 4)]);
    check((a) => a.narrow(1, 1, 2), [x(2, 3, 4)]);
    check((a) => a.narrow(2, -3, 2), [x(2, 3, 4)]);
    check((a) => a.slice(2, 0, 4, 2), [x(2, 3, 4)]);
    check((a) => a.slice(1, -2), [x(2, 3, 4)]);
    check((a) => a.slice(0, undefined, -1), [x(3, 2)]);
  });
  it('index (with repeated and negative indices, so gradients add up)', () => {
    check((a) => a.index([2, 0, 2, -1]), [x(3, 2)]);
    check((a) => a.index([1, 1], 1), [x(2, 3)]);
  });
  it('cat along each dim, including one tensor given twice', () => {
    check((a, b, c) => cat([a, b, c], 0), [x(2, 3), x(1, 3), x(4, 3)]);
    check((a, b) => cat([a, b], 1), [x(2, 3), x(2, 1)]);
    check((a, b) => cat([a, b], -1), [x(2, 3, 4), x(2, 3, 2)]);
    check((a) => cat([a, a], 0), [x(2, 2)]);
  });
  it('stack along each dim', () => {
    for (const dim of [0, 1, 2, -1]) check((a, b, c) => stack([a, b, c], dim), [x(2, 3), x(2, 3), x(2, 3)]);
  });
  it('clone', () => check((a) => a.clone().mul(2), [x(3)]));
  it('detach cuts the graph: only the attached path contributes', () => {
    const a = x(3);
    const b = x(3);
    a.mul(b.detach()).add(b).sum().backward();
    expect(Array.from(b.grad!.data)).toEqual([1, 1, 1]);
    expect(Array.from(a.grad!.data)).toEqual(Array.from(b.data));
  });
});

describe('gradcheck: matmul', () => {
  it('1-D · 1-D (a 0-d result)', () => check((a, b) => matmul(a, b), [x(4), x(4)]));
  it('1-D · 2-D and 2-D · 1-D', () => {
    check((a, b) => a.matmul(b), [x(3), x(3, 4)]);
    check((a, b) => a.matmul(b), [x(3, 4), x(4)]);
  });
  it('2-D · 2-D', () => check((a, b) => a.matmul(b), [x(2, 3), x(3, 4)]));
  it('batched 3-D · 3-D', () => check((a, b) => a.matmul(b), [x(2, 2, 3), x(2, 3, 4)]));
  it('batched with broadcast batch dims', () => {
    check((a, b) => a.matmul(b), [x(2, 1, 2, 3), x(3, 3, 2)]);
    check((a, b) => a.matmul(b), [x(2, 2, 3), x(3, 4)]);
    check((a, b) => a.matmul(b), [x(2, 3), x(2, 3, 4)]);
  });
  it('batched with a 1-D operand on either side', () => {
    check((a, b) => a.matmul(b), [x(2, 3, 4), x(4)]);
    check((a, b) => a.matmul(b), [x(4), x(2, 4, 3)]);
  });
});

describe('gradcheck: composite graphs', () => {
  it('a small tanh network reusing its weight twice', () => {
    check((w, inp) => inp.matmul(w).tanh().matmul(w.T).sigmoid().sum(1).log(), [x(3, 3).mul(0.5).detach().requiresGrad_(), x(4, 3)]);
  });
});

describe('shapes of matmul with 1-D operands follow PyTorch', () => {
  it('drops the promoted dimensions', () => {
    expect(matmul(x(4), x(4)).shape).toEqual([]);
    expect(matmul(x(3), x(3, 5)).shape).toEqual([5]);
    expect(matmul(x(2, 3, 4), x(4)).shape).toEqual([2, 3]);
    expect(matmul(x(4), x(2, 4, 3)).shape).toEqual([2, 3]);
  });
});

describe('max() of all elements splits the gradient among ties (PyTorch)', () => {
  it('gives each of k tied maxima 1/k', () => {
    const t = new Tensor(new Float64Array([1, 3, 3, 2]), [4], { requiresGrad: true });
    t.max().backward();
    expect(Array.from(t.grad!.data)).toEqual([0, 0.5, 0.5, 0]);
  });
  it('max(dim) gives the gradient to the first maximal index only', () => {
    const t = new Tensor(new Float64Array([1, 3, 3]), [1, 3], { requiresGrad: true });
    const [values, indices] = t.max(1);
    values.sum().backward();
    expect(Array.from(indices.data)).toEqual([1]);
    expect(Array.from(t.grad!.data)).toEqual([0, 1, 0]);
  });
});
