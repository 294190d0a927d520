// Whole training runs against PyTorch (optim.json): RNN(3, 5, batchFirst) + Linear(5, 2) on the last
// step, MSE, several SGD / Adam steps with optional clipping. Losses, clip norms and final weights at 1e-9.
import { expect, it } from 'vitest';
import { Linear } from '../nn/linear.ts';
import { MSELoss } from '../nn/losses/index.ts';
import { Module, type StateDict } from '../nn/module.ts';
import { RNN } from '../nn/rnn.ts';
import { Adam, type AdamOptions } from '../optim/adam.ts';
import { SGD, type SGDOptions } from '../optim/sgd.ts';
import { Tensor, tensor, type NestedArray } from '../tensor.ts';
import { clipGradNorm_, clipGradValue_ } from '../utils/clip-grad.ts';
import { expectClose, loadFixture } from './helpers/reference.ts';
import { onEveryBackend } from './helpers/backends.ts';

interface OptimCase {
  name: string;
  optimizer: 'SGD' | 'Adam';
  options: SGDOptions | AdamOptions;
  clip: null | { kind: 'norm'; maxNorm: number; normType: number | 'inf' } | { kind: 'value'; clipValue: number };
  initialStateDict: StateDict;
  x: NestedArray;
  y: NestedArray;
  losses: number[];
  norms: (number | null)[];
  finalStateDict: StateDict;
}

/** PyTorch's SeqRegressor: rnn = RNN(3, 5, batch_first=True); fc = Linear(5, 2) on out[:, -1]. */
class SeqRegressor extends Module {
  rnn = new RNN(3, 5, { batchFirst: true });
  fc = new Linear(5, 2);

  forward(x: Tensor): Tensor {
    const [out] = this.rnn.forward(x);
    return this.fc.forward(out.select(1, -1));
  }
}

const fixture = loadFixture<OptimCase>('optim');

onEveryBackend('optimisers match PyTorch over several steps (optim.json)', () => {
  it('a PyTorch state dict loads unchanged into the RNN + Linear model', () => {
    const model = new SeqRegressor();
    const sd = fixture.cases[0].initialStateDict;
    expect(model.namedParameters().map(([n]) => n)).toEqual(Object.keys(sd));
    model.loadStateDict(sd);
    expect(model.stateDict()).toEqual(sd);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const model = new SeqRegressor();
    model.loadStateDict(c.initialStateDict);
    const optimizer = c.optimizer === 'SGD' ? new SGD(model.parameters(), c.options as SGDOptions) : new Adam(model.parameters(), c.options as AdamOptions);
    const lossFn = new MSELoss();
    const x = tensor(c.x);
    const y = tensor(c.y);
    c.losses.forEach((expectedLoss, step) => {
      optimizer.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      if (c.clip?.kind === 'norm') {
        const norm = clipGradNorm_(model.parameters(), c.clip.maxNorm, c.clip.normType);
        expectClose(norm, c.norms[step]!, `${c.name} clip norm at step ${step}`);
      } else if (c.clip?.kind === 'value') {
        clipGradValue_(model.parameters(), c.clip.clipValue);
      }
      optimizer.step();
      expectClose(loss, expectedLoss, `${c.name} loss at step ${step}`);
    });
    const final = model.stateDict();
    for (const [key, expected] of Object.entries(c.finalStateDict)) expectClose(final[key], expected, `${c.name} final ${key}`);
  });
});
