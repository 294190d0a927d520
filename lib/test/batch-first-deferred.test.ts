// A recurrent layer's batch-first output (N, T, D·H) is computed only when its values are read
// (nn/rnn-base.ts, batchFirstOutput); a pick along batch or time goes straight to the kernels'
// time-major rows. These tests require the same bits, forward and backward, whichever way a pick
// is taken: through the shortcut, or after the whole output has been computed.
import { describe, expect, it } from 'vitest';
import { GRU } from '../nn/gru.ts';
import { LSTM } from '../nn/lstm.ts';
import { RNN } from '../nn/rnn.ts';
import type { RNNBase } from '../nn/rnn-base.ts';
import { manualSeed, randn } from '../random.ts';
import { Tensor } from '../tensor.ts';

const N = 3;
const T = 5;
const layers: [string, () => RNNBase][] = [
  ['RNN', () => new RNN(4, 6, { batchFirst: true })],
  ['GRU, 2 layers', () => new GRU(4, 5, { batchFirst: true, numLayers: 2 })],
  ['LSTM, bidirectional', () => new LSTM(4, 5, { batchFirst: true, bidirectional: true })],
];
const picks: [string, (out: Tensor) => Tensor, boolean][] = [
  // name, the pick, whether the shortcut answers it (false: the values are computed first)
  ['select(1, -1): the last step', (out) => out.select(1, -1), true],
  ['select(1, 0): the first step', (out) => out.select(1, 0), true],
  ['select(0, 1): one sequence', (out) => out.select(0, 1), true],
  ['narrow(1, 1, 3)', (out) => out.narrow(1, 1, 3), true],
  ['slice(1, 0, T, 2)', (out) => out.slice(1, 0, T, 2), true],
  ['index([2, 0], 0): sequences reordered', (out) => out.index([2, 0], 0), true],
  ['index([4, 1, 1], 1): a step twice', (out) => out.index([4, 1, 1], 1), false],
  ['select(2, 0): one feature', (out) => out.select(2, 0), false],
];

/** Output of the pick, and the gradients of a weighted sum of it for the input and every parameter. */
function run(make: () => RNNBase, pick: (out: Tensor) => Tensor, computeFirst: boolean) {
  manualSeed(7);
  const layer = make();
  const x = randn([N, T, 4]).requiresGrad_();
  const [out] = layer.forward(x) as [Tensor, Tensor];
  const deferredBefore = out.gatherDeferred(1, [0], [N, out.shape[2]]) !== null;
  if (computeFirst) void out.data;
  const picked = pick(out);
  const weights = randn(picked.shape);
  picked.mul(weights).sum().backward();
  return {
    deferredBefore,
    deferredAfterPick: out.gatherDeferred(1, [0], [N, out.shape[2]]) !== null,
    picked: Array.from(picked.data),
    grads: [x, ...layer.parameters()].map((p) => Array.from(p.grad!.data)),
  };
}

describe('the batch-first output of a recurrent layer is computed only when read', () => {
  for (const [layerName, make] of layers) {
    for (const [pickName, pick, shortcut] of picks) {
      it(`${layerName}, ${pickName}: the same values and gradients as from the computed output`, () => {
        const lazy = run(make, pick, false);
        const eager = run(make, pick, true);
        expect(lazy.deferredBefore).toBe(true);
        expect(eager.deferredAfterPick).toBe(false); // reading data computed the values
        expect(lazy.deferredAfterPick, 'whether the pick was answered without computing the whole output').toBe(shortcut);
        expect(lazy.picked).toEqual(eager.picked);
        expect(lazy.grads).toEqual(eager.grads);
      });
    }
  }

  it('holds the values of the output laid out batch-first: [b, t] is step t of sequence b', () => {
    manualSeed(3);
    const layer = new RNN(2, 3, { batchFirst: true });
    const x = randn([N, T, 2]);
    const [out] = layer.forward(x) as [Tensor, Tensor];
    for (let b = 0; b < N; b++) {
      // Sequence b alone, unbatched: its outputs are row b of the batch.
      const [alone] = layer.forward(x.select(0, b)) as [Tensor, Tensor];
      for (let t = 0; t < T; t++) {
        expect(Array.from(out.select(0, b).select(0, t).data)).toEqual(Array.from(alone.select(0, t).data));
        expect(Array.from(out.select(1, t).select(0, b).data)).toEqual(Array.from(alone.select(0, t).data));
      }
    }
  });

  it('rejects deferred values that do not fit the shape, naming both', () => {
    const t = new Tensor({ compute: () => new Float64Array(5) }, [2, 3]);
    expect(() => t.data).toThrow('Tensor: deferred values of length 5 do not fit shape [2, 3]');
    expect(t.numel()).toBe(6);
    expect(() => new Tensor([1, 2] as unknown as Float64Array, [2])).toThrow('Tensor: expected data to be a Float64Array (or DeferredValues with a compute() function), got an array (use tensor(values) for nested arrays)');
  });
});
