// Finite-difference checks of the layers and losses: Linear, Embedding, activations, Sequential,
// Dropout (with a fixed mask: the same generator seed on every call) and every loss × reduction.
import { describe, expect, it } from 'vitest';
import { Tanh, Sigmoid, ReLU, Softmax } from '../nn/activation.ts';
import { Dropout } from '../nn/dropout.ts';
import { Embedding } from '../nn/embedding.ts';
import { Linear } from '../nn/linear.ts';
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss } from '../nn/losses/index.ts';
import { Sequential } from '../nn/sequential.ts';
import { Generator, manualSeed, rand, randn } from '../random.ts';
import { Tensor, tensor } from '../tensor.ts';
import { gradcheck } from '../utils/gradcheck.ts';

const gen = new Generator('gradcheck-nn');
const x = (...shape: number[]) => randn(shape, { generator: gen, requiresGrad: true });
/** Probabilities in [0.05, 0.95]. */
const probs = (...shape: number[]) => rand(shape, { generator: gen }).mul(0.9).add(0.05).detach().requiresGrad_();
const REDUCTIONS = ['mean', 'sum', 'none'] as const;

function check(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  expect(gradcheck(fn, inputs)).toBe(true);
}

describe('gradcheck: Linear', () => {
  it('with and without bias, on 1-D, 2-D and 3-D inputs', () => {
    manualSeed(1);
    const layer = new Linear(3, 2);
    check((inp) => layer.forward(inp), [x(3), layer.weight, layer.bias!]);
    check((inp) => layer.forward(inp), [x(4, 3), layer.weight, layer.bias!]);
    check((inp) => layer.forward(inp), [x(2, 4, 3), layer.weight, layer.bias!]);
    const noBias = new Linear(3, 2, { bias: false });
    check((inp) => noBias.forward(inp), [x(4, 3), noBias.weight]);
  });
});

describe('gradcheck: Embedding', () => {
  it('repeated indices accumulate into the weight gradient', () => {
    manualSeed(2);
    const emb = new Embedding(5, 3);
    const idx = tensor([[1, 4, 1], [0, 1, 3]]);
    check(() => emb.forward(idx).tanh(), [emb.weight]);
  });

  it('with paddingIdx: the other rows check, the padding row gets exactly zero gradient', () => {
    manualSeed(3);
    const emb = new Embedding(5, 3, { paddingIdx: -2 });
    expect(emb.paddingIdx).toBe(3);
    expect(Array.from(emb.weight.data.subarray(9, 12))).toEqual([0, 0, 0]);
    check(() => emb.forward(tensor([0, 4, 4, 1])), [emb.weight]);
    emb.weight.grad = null;
    emb.weight.data.fill(0.5, 9, 12); // a loaded, non-zero padding row is still read
    const out = emb.forward(tensor([3, 2, 3]));
    expect(Array.from(out.data.subarray(0, 3))).toEqual([0.5, 0.5, 0.5]);
    out.sum().backward();
    expect(Array.from(emb.weight.grad!.data.subarray(9, 12))).toEqual([0, 0, 0]);
    expect(Array.from(emb.weight.grad!.data.subarray(6, 9))).toEqual([1, 1, 1]);
  });
});

describe('gradcheck: activation modules and Sequential', () => {
  it('Tanh, Sigmoid, ReLU, Softmax(dim)', () => {
    check((a) => new Tanh().forward(a), [x(2, 3)]);
    check((a) => new Sigmoid().forward(a), [x(2, 3)]);
    const away = x(2, 3).detach();
    for (let i = 0; i < away.data.length; i++) away.data[i] += 0.2 * Math.sign(away.data[i]);
    check((a) => new ReLU().forward(a), [away.requiresGrad_()]);
    check((a) => new Softmax(1).forward(a), [x(2, 3)]);
    check((a) => new Softmax(0).forward(a), [x(2, 3)]);
  });

  it('Sequential(Linear, Tanh, Linear)', () => {
    manualSeed(4);
    const net = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));
    check((inp) => net.forward(inp), [x(5, 3), ...net.parameters()]);
  });
});

describe('gradcheck: Dropout with a fixed mask', () => {
  it('the same seed on every call gives the same mask, so the gradient is that mask', () => {
    const fn = (a: Tensor) => new Dropout(0.4, { generator: new Generator(7) }).forward(a);
    check(fn, [x(4, 5)]);
    const stream = new Generator(0);
    const shared = new Dropout(0.3, { generator: stream });
    const reseeded = (a: Tensor) => {
      stream.manualSeed(11);
      return shared.forward(a).tanh();
    };
    check(reseeded, [x(3, 4)]);
  });
});

describe('gradcheck: losses with every reduction', () => {
  for (const reduction of REDUCTIONS) {
    it(`MSELoss (${reduction}), with respect to input and target`, () => {
      const loss = new MSELoss({ reduction });
      check((a, b) => loss.forward(a, b), [x(3, 4), x(3, 4)]);
      check((a, b) => loss.forward(a, b), [x(2, 3, 2), x(2, 3, 2)]);
    });

    it(`BCELoss (${reduction}), with respect to input and target`, () => {
      const loss = new BCELoss({ reduction });
      check((a, b) => loss.forward(a, b), [probs(3, 4), probs(3, 4)]);
      const binary = tensor([[0, 1, 1], [1, 0, 0]]);
      check((a) => loss.forward(a, binary), [probs(2, 3)]);
    });

    it(`BCEWithLogitsLoss (${reduction}), with respect to input and target`, () => {
      const loss = new BCEWithLogitsLoss({ reduction });
      check((a, b) => loss.forward(a, b), [x(3, 4).mul(2).detach().requiresGrad_(), probs(3, 4)]);
    });

    it(`CrossEntropyLoss (${reduction}) on (N, C), (N, C, d), (C), with ignored targets and class weights`, () => {
      const plain = new CrossEntropyLoss({ reduction });
      check((a) => plain.forward(a, tensor([0, 3, 1, 3, 2])), [x(5, 4)]);
      check((a) => plain.forward(a, tensor([[0, 2, 1, 1], [2, 0, -100, 1]])), [x(2, 3, 4)]);
      check((a) => plain.forward(a, tensor(2)), [x(4)]);
      check((a) => plain.forward(a, tensor([0, -100, 1, 3, -100])), [x(5, 4)]);
      const custom = new CrossEntropyLoss({ reduction, ignoreIndex: 2 });
      check((a) => custom.forward(a, tensor([0, 2, 1, 2, 3])), [x(5, 4)]);
      const weighted = new CrossEntropyLoss({ reduction, weight: tensor([0.2, 1.0, 3.0, 0.5]) });
      check((a) => weighted.forward(a, tensor([0, 3, 1, -100, 2])), [x(5, 4)]);
      check((a) => weighted.forward(a, tensor([[0, 2, 3], [1, 1, 0]])), [x(2, 4, 3)]);
    });
  }
});
