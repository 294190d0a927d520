// RNNCell, RNN, GRU and LSTM: gradients by finite differences (the fused kernels' BPTT against
// the definition), properties that must hold for any weights, and errors on bad input.
import { beforeEach, describe, expect, it } from 'vitest';
import { cat } from '../ops/shape.ts';
import { manualSeed, randn } from '../random.ts';
import { GRU } from '../nn/gru.ts';
import { LSTM } from '../nn/lstm.ts';
import type { RNNBase } from '../nn/rnn-base.ts';
import { RNN } from '../nn/rnn.ts';
import { RNNCell } from '../nn/rnn-cell.ts';
import { Tensor, tensor, zeros } from '../tensor.ts';
import { gradcheck } from '../utils/gradcheck.ts';
import { PackedSequence, packPaddedSequence, padPackedSequence } from '../utils/packed-sequence.ts';
import { expectClose } from './helpers/reference.ts';

beforeEach(() => manualSeed(1234));

/** Everything a recurrent module returns, flattened into one tensor (gradcheck wants one output). */
function runFlat(module: RNNBase, input: Tensor | PackedSequence, states: Tensor[]): Tensor {
  let output: Tensor | PackedSequence;
  let finals: Tensor[];
  if (module instanceof LSTM) {
    const [out, [hN, cN]] = module.forward(input as Tensor, states.length ? [states[0], states[1]] : undefined);
    [output, finals] = [out, [hN, cN]];
  } else {
    const [out, hN] = (module as RNN).forward(input as Tensor, states[0]);
    [output, finals] = [out, [hN]];
  }
  const out = output instanceof PackedSequence ? output.data : output;
  return cat([out.flatten(), ...finals.map((f) => f.flatten())], 0);
}

describe('gradients match finite differences', () => {
  const T = 3;
  const N = 2;
  const cases: [string, () => RNNBase, { packed?: number[]; batchFirst?: boolean; states?: number }][] = [
    ['RNN tanh', () => new RNN(2, 3), { states: 1 }],
    ['RNN relu', () => new RNN(2, 3, { nonlinearity: 'relu' }), { states: 1 }],
    ['RNN 2 layers', () => new RNN(2, 3, { numLayers: 2 }), { states: 1 }],
    ['RNN bidirectional, batchFirst', () => new RNN(2, 3, { bidirectional: true, batchFirst: true }), { states: 1, batchFirst: true }],
    ['RNN without bias', () => new RNN(2, 3, { bias: false }), { states: 1 }],
    ['RNN packed, 2 layers, bidirectional', () => new RNN(2, 3, { numLayers: 2, bidirectional: true }), { states: 1, packed: [2, 3] }],
    ['GRU', () => new GRU(2, 3), { states: 1 }],
    ['GRU bidirectional, packed', () => new GRU(2, 3, { bidirectional: true }), { states: 1, packed: [1, 3] }],
    ['GRU without bias, no h0', () => new GRU(2, 3, { bias: false }), { states: 0 }],
    ['LSTM', () => new LSTM(2, 3), { states: 2 }],
    ['LSTM 2 layers, bidirectional', () => new LSTM(2, 2, { numLayers: 2, bidirectional: true }), { states: 2 }],
    ['LSTM packed, without bias', () => new LSTM(2, 3, { bias: false }), { states: 2, packed: [3, 2] }],
  ];
  it.each(cases)('%s', (_name, make, { packed, batchFirst = false, states = 0 }) => {
    const module = make();
    const D = module.bidirectional ? 2 : 1;
    const x = randn(batchFirst ? [N, T, 2] : [T, N, 2], { requiresGrad: true });
    const initial = Array.from({ length: states }, () => randn([module.numLayers * D, N, module.hiddenSize], { requiresGrad: true }));
    const fn = () => runFlat(module, packed ? packPaddedSequence(x, packed, { batchFirst, enforceSorted: false }) : x, initial);
    expect(gradcheck(fn, [x, ...initial, ...module.parameters()])).toBe(true);
  });

  it.each([
    ['tanh, batched', 'tanh', [2, 3], [2, 4]],
    ['relu, batched', 'relu', [2, 3], [2, 4]],
    ['tanh, unbatched, no bias', 'tanh', [3], [4]],
  ] as const)('RNNCell %s', (name, nonlinearity, xShape, hShape) => {
    const cell = new RNNCell(3, 4, { nonlinearity, bias: !name.includes('no bias') });
    const x = randn([...xShape], { requiresGrad: true });
    const h = randn([...hShape], { requiresGrad: true });
    expect(gradcheck(() => cell.forward(x, h), [x, h, ...cell.parameters()])).toBe(true);
  });
});

describe('properties', () => {
  it('unidirectional: hN is the output at the last step, per layer the top one', () => {
    for (const module of [new RNN(3, 4, { numLayers: 2 }), new GRU(3, 4), new LSTM(3, 4, { batchFirst: true })]) {
      const x = randn(module.batchFirst ? [2, 5, 3] : [5, 2, 3]);
      const [output, hN] = module instanceof LSTM ? [module.forward(x)[0], module.forward(x)[1][0]] : (module as RNN).forward(x);
      const last = module.batchFirst ? output.select(1, 4) : output.select(0, 4);
      expectClose(hN.select(0, module.numLayers - 1), last, `${module.constructor.name} hN`);
    }
  });

  it('bidirectional: forward hN = output[T−1, :, :H], backward hN = output[0, :, H:]', () => {
    const H = 4;
    for (const module of [new RNN(3, H, { bidirectional: true }), new GRU(3, H, { bidirectional: true }), new LSTM(3, H, { bidirectional: true })]) {
      const x = randn([5, 2, 3]);
      const [output, hN] = module instanceof LSTM ? [module.forward(x)[0], module.forward(x)[1][0]] : (module as RNN).forward(x);
      expectClose(hN.select(0, 0), output.select(0, 4).narrow(1, 0, H), `${module.constructor.name} forward hN`);
      expectClose(hN.select(0, 1), output.select(0, 0).narrow(1, H, H), `${module.constructor.name} backward hN`);
    }
  });

  it('a packed batch gives each sequence what it gets when run alone (no padding seen in either direction)', () => {
    const lengths = [2, 4, 1];
    for (const module of [
      new RNN(3, 4, { numLayers: 2, bidirectional: true }),
      new GRU(3, 4, { bidirectional: true }),
      new LSTM(3, 4, { numLayers: 2, bidirectional: true }),
    ]) {
      const x = randn([4, 3, 3]);
      const layersTimesDirections = module.numLayers * module.numDirections;
      const h0 = randn([layersTimesDirections, 3, 4]);
      const c0 = randn([layersTimesDirections, 3, 4]);
      const packed = packPaddedSequence(x, lengths, { enforceSorted: false });
      const run = (input: Tensor | PackedSequence, h: Tensor, c: Tensor): [Tensor | PackedSequence, Tensor] =>
        module instanceof LSTM ? [module.forward(input as Tensor, [h, c])[0], module.forward(input as Tensor, [h, c])[1][0]] : (module as RNN).forward(input as Tensor, h);
      const [packedOut, hN] = run(packed, h0, c0);
      const [padded] = padPackedSequence(packedOut as PackedSequence);
      lengths.forEach((len, b) => {
        const [alone, hAlone] = run(x.select(1, b).narrow(0, 0, len), h0.select(1, b), c0.select(1, b));
        expectClose(padded.select(1, b).narrow(0, 0, len), alone as Tensor, `${module.constructor.name} output of sequence ${b}`);
        expectClose(hN.select(1, b), hAlone, `${module.constructor.name} hN of sequence ${b}`);
      });
    }
  });

  it('a padded batch that is not packed does run over the padding (it changes the reverse direction)', () => {
    const rnn = new RNN(2, 3, { bidirectional: true });
    const x = randn([3, 1, 2]);
    const [full] = rnn.forward(x);
    const [short] = rnn.forward(x.narrow(0, 0, 2));
    const diff = full.narrow(0, 0, 2).narrow(2, 3, 3).sub(short.narrow(2, 3, 3)).abs().max().item();
    expect(diff).toBeGreaterThan(1e-6);
  });

  it('dropout acts between layers in training only: 0 or the value scaled by 1/(1 − p), never on hN or the last output', () => {
    const p = 0.3;
    const H = 20;
    // Layer 0 with relu gives outputs ≥ 0; layer 1 is the identity on its input (W_ih = I, W_hh = 0, no bias),
    // so the model's output is exactly dropout(layer 0's output).
    const rnn = new RNN(3, H, { numLayers: 2, nonlinearity: 'relu', dropout: p });
    const eye = Array.from({ length: H }, (_, i) => Array.from({ length: H }, (_, j) => (i === j ? 1 : 0)));
    rnn.weight_ih_l1.data.set(tensor(eye).data);
    rnn.weight_hh_l1.data.fill(0);
    rnn.bias_ih_l1!.data.fill(0);
    rnn.bias_hh_l1!.data.fill(0);
    const x = randn([10, 4, 3]);
    rnn.eval();
    const [evalOut, evalHN] = rnn.forward(x);
    expectClose(rnn.forward(x)[0], evalOut, 'eval is deterministic');
    rnn.train();
    const [trainOut, trainHN] = rnn.forward(x);
    expectClose(trainHN.select(0, 0), evalHN.select(0, 0), 'layer 0 hN (no dropout on hN)');
    expectClose(trainHN.select(0, 1), trainOut.select(0, 9), 'last layer hN = last output (no dropout after the last layer)');
    let zeroed = 0;
    let positive = 0;
    for (let i = 0; i < evalOut.data.length; i++) {
      const kept = evalOut.data[i] / (1 - p);
      if (trainOut.data[i] === 0) zeroed += evalOut.data[i] > 0 ? 1 : 0;
      else expect(Math.abs(trainOut.data[i] - kept)).toBeLessThan(1e-12);
      if (evalOut.data[i] > 0) positive++;
    }
    expect(positive).toBeGreaterThan(200);
    // Binomial(positive, 0.3): [0.15, 0.45] holds except with probability < 1e-9.
    expect(zeroed / positive).toBeGreaterThan(0.15);
    expect(zeroed / positive).toBeLessThan(0.45);
  });

  it('same seed, same initial weights; another seed, other weights; all within ±1/√H', () => {
    manualSeed(7);
    const a = new LSTM(3, 5, { numLayers: 2, bidirectional: true }).stateDict();
    manualSeed(7);
    const b = new LSTM(3, 5, { numLayers: 2, bidirectional: true }).stateDict();
    manualSeed(8);
    const c = new LSTM(3, 5, { numLayers: 2, bidirectional: true }).stateDict();
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const bound = 1 / Math.sqrt(5);
    for (const values of Object.values(a)) {
      for (const v of (values as number[] | number[][]).flat()) expect(Math.abs(v)).toBeLessThanOrEqual(bound);
    }
  });

  it('parameters are registered under PyTorch names in PyTorch order, with PyTorch shapes', () => {
    const gru = new GRU(10, 20, { numLayers: 2, bidirectional: true, bias: false });
    expect(gru.namedParameters().map(([n, p]) => `${n} ${p.shape.join('x')}`)).toEqual([
      'weight_ih_l0 60x10', 'weight_hh_l0 60x20', 'weight_ih_l0_reverse 60x10', 'weight_hh_l0_reverse 60x20',
      'weight_ih_l1 60x40', 'weight_hh_l1 60x20', 'weight_ih_l1_reverse 60x40', 'weight_hh_l1_reverse 60x20',
    ]);
    const rnn = new RNN(4, 3, { nonlinearity: 'relu', batchFirst: true, dropout: 0.1 });
    expect([rnn.inputSize, rnn.hiddenSize, rnn.numLayers, rnn.nonlinearity, rnn.bias, rnn.batchFirst, rnn.dropout, rnn.bidirectional])
      .toEqual([4, 3, 1, 'relu', true, true, 0.1, false]);
  });

  it('shapes follow PyTorch: batchFirst changes input and output only, unbatched input drops the batch dimension', () => {
    const lstm = new LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
    const [out, [hN, cN]] = lstm.forward(randn([5, 7, 3]));
    expect([out.shape, hN.shape, cN.shape]).toEqual([[5, 7, 8], [4, 5, 4], [4, 5, 4]]);
    const [out1, [h1]] = lstm.forward(randn([7, 3]), [zeros([4, 4]), zeros([4, 4])]);
    expect([out1.shape, h1.shape]).toEqual([[7, 8], [4, 4]]);
    const cell = new RNNCell(3, 4);
    expect(cell.forward(randn([3])).shape).toEqual([4]);
    expect(cell.forward(randn([2, 3])).shape).toEqual([2, 4]);
  });

  it('RNNCell applied step by step equals nn.RNN with the same weights', () => {
    const cell = new RNNCell(3, 4, { nonlinearity: 'relu' });
    const rnn = new RNN(3, 4, { nonlinearity: 'relu' });
    rnn.loadStateDict({ weight_ih_l0: cell.weight_ih.toArray(), weight_hh_l0: cell.weight_hh.toArray(), bias_ih_l0: cell.bias_ih!.toArray(), bias_hh_l0: cell.bias_hh!.toArray() });
    const x = randn([5, 2, 3]);
    let h = randn([2, 4]);
    const [output, hN] = rnn.forward(x, h.unsqueeze(0));
    for (let t = 0; t < 5; t++) {
      h = cell.forward(x.select(0, t), h);
      expectClose(output.select(0, t), h, `step ${t}`);
    }
    expectClose(hN.select(0, 0), h, 'hN');
  });
});

describe('bad input raises an error naming what was expected and what was given', () => {
  it('input of the wrong feature size', () => {
    expect(() => new RNN(5, 20).forward(randn([7, 3, 4]))).toThrow('RNN: input.size(-1) must be equal to inputSize. Expected 5, got 4');
    expect(() => new GRU(5, 20).forward(randn([7, 4]))).toThrow('GRU: input.size(-1) must be equal to inputSize. Expected 5, got 4');
    expect(() => new RNNCell(5, 20).forward(randn([3, 4]))).toThrow('RNNCell: input.size(-1) must be equal to inputSize. Expected 5, got 4');
  });

  it('h0 of the wrong shape', () => {
    expect(() => new RNN(10, 20, { numLayers: 2 }).forward(randn([5, 3, 10]), randn([1, 3, 20]))).toThrow(
      'RNN: Expected hidden size [2, 3, 20], got [1, 3, 20]',
    );
    expect(() => new LSTM(10, 20).forward(randn([5, 3, 10]), [randn([1, 3, 20]), randn([1, 2, 20])])).toThrow(
      'LSTM: Expected hidden[1] size [1, 3, 20], got [1, 2, 20]',
    );
    expect(() => new GRU(10, 20).forward(randn([5, 10]), randn([1, 3, 20]))).toThrow(/unbatched 2-D input, hidden should also be 2-D but got 3-D/);
    expect(() => new RNNCell(3, 4).forward(randn([2, 3]), randn([3, 4]))).toThrow('RNNCell: Expected hidden size [2, 4], got [3, 4]');
    expect(() => new LSTM(3, 4).forward(randn([5, 2, 3]), randn([1, 2, 4]) as unknown as [Tensor, Tensor])).toThrow(/pair \[h0, c0\], got a single Tensor/);
  });

  it('input of the wrong rank', () => {
    expect(() => new RNN(3, 4).forward(randn([2, 2, 2, 3]))).toThrow(/Expected input to be 2-D .* or 3-D .*got 4-D tensor of shape \[2, 2, 2, 3\]/);
    expect(() => new RNNCell(3, 4).forward(randn([1, 2, 3]))).toThrow(/Expected input to be 1-D .* or 2-D .*got 3-D/);
  });

  it('a nonlinearity other than tanh or relu', () => {
    expect(() => new RNN(3, 4, { nonlinearity: 'sigmoid' as 'tanh' })).toThrow("RNN: Unknown nonlinearity 'sigmoid'. Expected 'tanh' or 'relu'");
    expect(() => new RNNCell(3, 4, { nonlinearity: 'gelu' as 'tanh' })).toThrow("RNNCell: Unknown nonlinearity 'gelu'. Expected 'tanh' or 'relu'");
  });

  it('bad options', () => {
    expect(() => new RNN(3, 4, { batch_first: true } as object)).toThrow(/unknown option 'batch_first'. Expected one of .*batchFirst/);
    expect(() => new GRU(3, 4, { dropout: 1.5 })).toThrow('GRU: dropout must be a number in [0, 1] (the probability of zeroing an element), got 1.5');
    expect(() => new LSTM(3, 0)).toThrow('LSTM: hiddenSize must be a positive integer, got 0');
    expect(() => new LSTM(3, 4, { numLayers: 1.5 })).toThrow('LSTM: numLayers must be a positive integer, got 1.5');
    expect(() => new GRU(3, 4, { nonlinearity: 'relu' } as object)).toThrow(/unknown option 'nonlinearity'/);
  });
});
