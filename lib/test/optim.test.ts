// SGD and Adam: hand-worked updates from the rules in PyTorch's docs, parameter groups, and validation.
// (optim-reference.test.ts compares whole training runs with PyTorch.)
import { describe, expect, it } from 'vitest';
import { Linear } from '../nn/linear.ts';
import { Adam } from '../optim/adam.ts';
import { SGD } from '../optim/sgd.ts';
import { Tensor, tensor, zeros } from '../tensor.ts';

/** A leaf parameter with a fixed gradient. */
function param(values: number[], grad: number[]): Tensor {
  const p = tensor(values, { requiresGrad: true });
  p.grad = tensor(grad);
  return p;
}

function expectValues(t: Tensor, expected: number[]): void {
  expect(t.data.length).toBe(expected.length);
  t.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 14));
}

describe('SGD', () => {
  const g = [0.5, -1];

  it('plain: θ -= lr·g, in place, leaving the gradient untouched', () => {
    const p = param([1, 2], g);
    const data = p.data;
    new SGD([p], { lr: 0.1 }).step();
    expect(p.data).toBe(data);
    expectValues(p, [0.95, 2.1]);
    expectValues(p.grad!, g);
  });

  it('momentum: the buffer starts at g, then b = μb + g', () => {
    const p = param([1, 2], g);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    opt.step();
    opt.step();
    // θ - lr·g - lr·1.9g
    expectValues(p, [1 - 0.1 * 2.9 * 0.5, 2 + 0.1 * 2.9]);
  });

  it('dampening applies from the second step on', () => {
    const p = param([1, 2], g);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1 });
    opt.step();
    opt.step();
    // buffers g, then 0.9g + 0.9g = 1.8g
    expectValues(p, [1 - 0.1 * 2.8 * 0.5, 2 + 0.1 * 2.8]);
  });

  it('nesterov: step with g + μb', () => {
    const p = param([1, 2], g);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true });
    opt.step();
    opt.step();
    // 1.9g, then b = 1.9g and g + 0.9·1.9g = 2.71g
    expectValues(p, [1 - 0.1 * 4.61 * 0.5, 2 + 0.1 * 4.61]);
  });

  it('weight decay adds wd·θ to the gradient', () => {
    const p = param([1, 2], g);
    new SGD([p], { lr: 0.1, weightDecay: 0.5 }).step();
    expectValues(p, [1 - 0.1 * (0.5 + 0.5), 2 - 0.1 * (-1 + 1)]);
  });

  it('skips parameters without a gradient and honours per-group options', () => {
    const a = param([1], [1]);
    const b = tensor([5], { requiresGrad: true });
    const c = param([1], [1]);
    const opt = new SGD([{ params: [a, b] }, { params: [c], lr: 0.5 }], { lr: 0.1 });
    opt.step();
    expectValues(a, [0.9]);
    expectValues(b, [5]);
    expectValues(c, [0.5]);
    expect(opt.paramGroups[1].lr).toBe(0.5);
    expect(opt.paramGroups[0].momentum).toBe(0);
  });

  it('zeroGrad sets every gradient to null', () => {
    const model = new Linear(2, 1);
    model.forward(tensor([1, 2])).sum().backward();
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    expect(model.weight.grad).not.toBeNull();
    opt.zeroGrad();
    expect(model.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('validates its options, naming the expected and the given', () => {
    const p = () => [param([1], [1])];
    expect(() => new SGD(p(), { lr: -0.1 })).toThrow('SGD: invalid learning rate lr. Expected a finite number >= 0, got -0.1');
    expect(() => new SGD(p(), { lr: 0.1, momentum: -1 })).toThrow(/invalid momentum value\. Expected a finite number >= 0, got -1/);
    expect(() => new SGD(p(), { lr: 0.1, weightDecay: -1 })).toThrow(/invalid weightDecay value/);
    expect(() => new SGD(p(), { lr: 0.1, nesterov: true })).toThrow(
      'SGD: Nesterov momentum requires a momentum and zero dampening. Expected momentum > 0 and dampening = 0, got momentum 0 and dampening 0',
    );
    expect(() => new SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/got momentum 0\.9 and dampening 0\.1/);
    expect(() => new SGD([{ params: p(), lr: Number.NaN }])).toThrow(/got NaN/);
  });
});

describe('Adam', () => {
  it('first steps move each weight by about lr against the sign of its gradient (bias correction)', () => {
    const p = param([1, 2, 3], [0.5, -2, 1e-3]);
    const opt = new Adam([p], { lr: 0.01, eps: 0 });
    opt.step();
    expectValues(p, [0.99, 2.01, 2.99]);
    opt.step(); // the same gradient again: m̂ = g and v̂ = g² still
    expectValues(p, [0.98, 2.02, 2.98]);
  });

  it('eps and weight decay enter as in PyTorch: denom = √v̂ + eps, g += wd·θ', () => {
    const p = param([2], [0.5]);
    new Adam([p], { lr: 0.1, eps: 0.5, weightDecay: 0.25 }).step();
    // g = 0.5 + 0.25·2 = 1; m̂ = 1, √v̂ = 1 → θ = 2 - 0.1·1/(1 + 0.5)
    expectValues(p, [2 - 0.1 / 1.5]);
  });

  it('amsgrad keeps the running maximum of v', () => {
    const run = (amsgrad: boolean) => {
      const p = param([0], [1]);
      const opt = new Adam([p], { lr: 0.1, betas: [0.5, 0.5], eps: 0, amsgrad });
      opt.step();
      p.grad = tensor([0.1]);
      opt.step();
      return p.data[0];
    };
    // step 2: m = 0.5·0.5 + 0.5·0.1 = 0.3, m̂ = 0.3/0.75 = 0.4; v = 0.25 + 0.005 = 0.255;
    // amsgrad: v̂max = max(0.5, 0.255) = 0.5, √(0.5/0.75); plain: √(0.255/0.75)
    expect(run(false)).toBeCloseTo(-0.1 - (0.1 * 0.4) / Math.sqrt(0.255 / 0.75), 14);
    expect(run(true)).toBeCloseTo(-0.1 - (0.1 * 0.4) / Math.sqrt(0.5 / 0.75), 14);
  });

  it('keeps per-parameter state and skips parameters without a gradient', () => {
    const a = param([1], [1]);
    const b = tensor([1], { requiresGrad: true });
    const opt = new Adam([a, b]);
    opt.step();
    expect(opt.state.get(a)?.step).toBe(1);
    expect(opt.state.has(b)).toBe(false);
    expectValues(b, [1]);
  });

  it('validates its options', () => {
    const p = () => [param([1], [1])];
    expect(() => new Adam(p(), { lr: -1 })).toThrow('Adam: invalid learning rate lr. Expected a finite number >= 0, got -1');
    expect(() => new Adam(p(), { eps: -1e-8 })).toThrow(/invalid epsilon value eps\. Expected a finite number >= 0, got -1e-8/);
    expect(() => new Adam(p(), { betas: [0.9, 1] })).toThrow('Adam: invalid beta parameter at index 1. Expected a number in [0, 1), got 1');
    expect(() => new Adam(p(), { betas: [-0.1, 0.9] })).toThrow(/index 0\. Expected a number in \[0, 1\), got -0\.1/);
    expect(() => new Adam(p(), { weightDecay: -0.1 })).toThrow(/invalid weightDecay value/);
  });
});

describe('parameter list validation (both optimisers)', () => {
  it('refuses an empty list, a single Tensor, non-tensors, tensors without grad, non-leaves and duplicates', () => {
    expect(() => new SGD([], { lr: 0.1 })).toThrow('SGD: optimizer got an empty parameter list');
    const p = tensor([1], { requiresGrad: true });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new Adam(p as any)).toThrow(/iterable of Tensors or groups, but got a single Tensor/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new Adam([p, 3 as any])).toThrow(/can only optimize Tensors, but got number at position 1/);
    expect(() => new Adam([zeros([2])])).toThrow(/does not require grad \(shape \[2\]\)/);
    expect(() => new Adam([p.mul(2)])).toThrow(/can't optimize a non-leaf Tensor/);
    expect(() => new SGD([p, p], { lr: 0.1 })).toThrow(/appear more than once/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(() => new SGD(undefined as any)).toThrow(/iterable of Tensors.*got undefined/);
  });

  it('accepts any iterable, e.g. a generator of parameters', () => {
    const model = new Linear(2, 2);
    function* params() {
      yield* model.parameters();
    }
    expect(new SGD(params(), { lr: 0.1 }).paramGroups[0].params.length).toBe(2);
  });
});
