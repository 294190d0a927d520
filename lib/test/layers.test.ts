// Behaviour of the parameter-free layers, Embedding and CrossEntropyLoss's class weights.
import { describe, expect, it } from 'vitest';
import { ReLU, Sigmoid, Softmax, Tanh } from '../nn/activation.ts';
import { Dropout } from '../nn/dropout.ts';
import { Embedding } from '../nn/embedding.ts';
import { CrossEntropyLoss } from '../nn/losses/index.ts';
import { Generator, manualSeed } from '../random.ts';
import { ones, tensor } from '../tensor.ts';
import { expectClose, leaf } from './helpers/reference.ts';

describe('activation modules', () => {
  it('compute tanh, sigmoid, relu and softmax(dim)', () => {
    const x = tensor([[-1, 0, 2]]);
    expect(Array.from(new Tanh().forward(x).data)).toEqual([Math.tanh(-1), 0, Math.tanh(2)]);
    expect(Array.from(new Sigmoid().forward(x).data)).toEqual([1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))]);
    expect(Array.from(new ReLU().forward(x).data)).toEqual([0, 0, 2]);
    const s = new Softmax(1).forward(x);
    const z = Math.exp(-1) + 1 + Math.exp(2);
    Array.from(s.data).forEach((v, i) => expect(v).toBeCloseTo([Math.exp(-1) / z, 1 / z, Math.exp(2) / z][i], 15));
    expect(Array.from(new Softmax(0).forward(x).data)).toEqual([1, 1, 1]);
  });

  it('have no parameters', () => {
    expect(new Tanh().parameters()).toEqual([]);
    expect(new Softmax(-1).stateDict()).toEqual({});
  });
});

describe('Dropout', () => {
  const x = ones([40, 50]);

  it('zeroes elements and scales the survivors by 1/(1 - p) in training', () => {
    const out = new Dropout(0.25, { generator: new Generator(1) }).forward(x);
    const values = new Set(out.data);
    expect([...values].sort()).toEqual([0, 1 / 0.75]);
    const kept = out.data.filter((v) => v !== 0).length / out.data.length;
    // 2000 Bernoulli(0.75) draws: 6 standard deviations is about ±0.058
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.06);
  });

  it('is the identity in eval mode and for p = 0; p = 1 zeroes everything', () => {
    const d = new Dropout(0.5);
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(new Dropout(1).forward(x).data.every((v) => v === 0)).toBe(true);
  });

  it('uses the global generator at call time, so manualSeed after construction still counts', () => {
    const d = new Dropout(0.5);
    manualSeed(10);
    const a = Array.from(d.forward(x).data);
    manualSeed(10);
    expect(Array.from(d.forward(x).data)).toEqual(a);
  });

  it('back-propagates through the same mask', () => {
    const input = leaf([[1, 2, 3, 4, 5, 6]]);
    const out = new Dropout(0.5, { generator: new Generator(3) }).forward(input);
    out.sum().backward();
    expect(Array.from(input.grad!.data)).toEqual(Array.from(out.data).map((v, i) => v / input.data[i]));
  });
});

describe('Embedding', () => {
  it('maps indices of any shape (*) to (*, dim) rows of the weight', () => {
    const emb = new Embedding(4, 3);
    expect(emb.weight.shape).toEqual([4, 3]);
    const out = emb.forward(tensor([[3, 0], [1, 1], [2, 3]]));
    expect(out.shape).toEqual([3, 2, 3]);
    expect(Array.from(out.select(0, 0).select(0, 0).data)).toEqual(Array.from(emb.weight.data.subarray(9, 12)));
    expect(emb.forward(tensor(2)).shape).toEqual([3]);
    expect(emb.forward([0, 1]).shape).toEqual([2, 3]);
  });

  it('initialises N(0, 1) from the global seed, padding row zero', () => {
    manualSeed(0);
    const emb = new Embedding(200, 50, { paddingIdx: 7 });
    const w = emb.weight.data;
    expect(Array.from(w.subarray(350, 400)).every((v) => v === 0)).toBe(true);
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
    // 9950 normal draws: mean within ±0.06 and variance within ±0.1 hold by a wide margin for any seed
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.abs(variance - 1)).toBeLessThan(0.1);
  });
});

// Reference values from PyTorch 1.13 (float64):
//   x = [[0.5, -1.0, 2.0, 0.1], [1.5, 0.3, -0.7, 0.0], [-2.0, 1.0, 0.5, 0.25]], weight = [0.2, 1.0, 3.0, 0.5]
//   nn.CrossEntropyLoss(weight=weight, reduction=r)(x, target); backward of loss.sum() ('none': of (loss * [1, 2, 3]).sum())
describe('CrossEntropyLoss with class weights matches PyTorch', () => {
  const X = [[0.5, -1.0, 2.0, 0.1], [1.5, 0.3, -0.7, 0.0], [-2.0, 1.0, 0.5, 0.25]];
  const weight = tensor([0.2, 1.0, 3.0, 0.5]);
  const cases = [
    { target: [3, 0, 2], reduction: 'mean', out: 1.348934964957802, grad: [[0.021197205154842698, 0.004729735780899174, 0.0949992826641722, -0.12092622359991406], [-0.020996049067695807, 0.00995687975925582, 0.003662931361646275, 0.007376237946793706], [0.018963776655344145, 0.3808976362139992, -0.5797847162349512, 0.17992330336560786]] },
    { target: [3, 0, 2], reduction: 'sum', out: 4.9910593703438675, grad: [[0.07842965907291799, 0.017500022389326946, 0.3514973458574372, -0.4474270273196821], [-0.0776853815504745, 0.03684045510924654, 0.013552846038091218, 0.027292080403136715], [0.07016597362477334, 1.409321253991797, -2.1452034500693196, 0.6657162224527491]] },
    { target: [3, 0, 2], reduction: 'none', out: [1.1262029690517152, 0.09834416031320992, 3.7665122409789427], grad: [[0.07842965907291799, 0.017500022389326946, 0.3514973458574372, -0.4474270273196821], [-0.155370763100949, 0.07368091021849307, 0.027105692076182436, 0.05458416080627343], [0.21049792087432, 4.227963761975391, -6.435610350207959, 1.9971486673582473]] },
    { target: [3, -100, 2], reduction: 'mean', out: 1.3979186314373309, grad: [[0.02240847402083371, 0.005000006396950556, 0.10042781310212491, -0.12783629351990916], [0, 0, 0, 0], [0.020047421035649524, 0.4026632154262277, -0.612915271448377, 0.19020463498649973]] },
    { target: [3, -100, 2], reduction: 'sum', out: 4.892715210030658, grad: [[0.07842965907291799, 0.017500022389326946, 0.3514973458574372, -0.4474270273196821], [0, 0, 0, 0], [0.07016597362477334, 1.409321253991797, -2.1452034500693196, 0.6657162224527491]] },
    { target: [3, -100, 2], reduction: 'none', out: [1.1262029690517152, 0, 3.7665122409789427], grad: [[0.07842965907291799, 0.017500022389326946, 0.3514973458574372, -0.4474270273196821], [0, 0, 0, 0], [0.21049792087432, 4.227963761975391, -6.435610350207959, 1.9971486673582473]] },
  ] as const;

  it.each(cases.map((c) => [`${c.reduction} ${JSON.stringify(c.target)}`, c] as const))('%s', (_name, c) => {
    const input = leaf(X);
    const loss = new CrossEntropyLoss({ weight, reduction: c.reduction }).forward(input, tensor([...c.target]));
    expectClose(loss, c.out as number | number[], 'loss');
    (c.reduction === 'none' ? loss.mul(tensor([1, 2, 3])) : loss).sum().backward();
    expectClose(input.grad, c.grad as unknown as number[][], 'input grad');
  });

  it('every target ignored: the mean is NaN (0/0) and the gradient zero, as in PyTorch', () => {
    const input = leaf(X);
    const loss = new CrossEntropyLoss({ weight }).forward(input, tensor([-100, -100, -100]));
    expect(loss.item()).toBeNaN();
    loss.backward();
    expect(input.grad!.data.every((v) => v === 0)).toBe(true);
  });
});
