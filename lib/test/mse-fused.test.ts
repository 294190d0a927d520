// MSELoss with 'mean' and 'sum' runs as one fused operation (lib/nn/losses/mse-loss.ts); it must
// give exactly the bits of the composition it replaces — value and both gradients — on any data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MSELoss } from '../nn/losses/mse-loss.ts';
import { applyReduction } from '../nn/losses/reduction.ts';
import { Tensor } from '../tensor.ts';

const value = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-310, -1e200, Infinity, NaN) },
);

function run(reduction: 'mean' | 'sum', fused: boolean, xs: number[], ys: number[], seed: number, targetGrad: boolean) {
  const shape = [xs.length];
  const x = new Tensor(Float64Array.from(xs), shape, { requiresGrad: true });
  const y = new Tensor(Float64Array.from(ys), shape, { requiresGrad: targetGrad });
  const loss = fused ? new MSELoss({ reduction }).forward(x, y) : applyReduction(x.sub(y).pow(2), reduction);
  loss.backward(new Tensor(new Float64Array([seed]), []));
  return [loss.data, x.grad!.data, targetGrad ? y.grad!.data : new Float64Array(0)];
}

describe('fused MSELoss = sub, pow(2), sum / mean, bit for bit', () => {
  it.each(['mean', 'sum'] as const)('%s', (reduction) => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.boolean(),
        (pairs, seed, targetGrad) => {
          const xs = pairs.map((p) => p[0]);
          const ys = pairs.map((p) => p[1]);
          const want = run(reduction, false, xs, ys, seed, targetGrad);
          const got = run(reduction, true, xs, ys, seed, targetGrad);
          got.forEach((g, k) => {
            expect(g.length).toBe(want[k].length);
            g.forEach((v, i) => expect(Object.is(v, want[k][i]), `output ${k}[${i}]: ${v} fused, ${want[k][i]} composed`).toBe(true));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
