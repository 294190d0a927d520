// Every loss and reduction against PyTorch (float64): value and input gradient.
import { expect, it } from 'vitest';
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss } from '../nn/losses/index.ts';
import type { Reduction } from '../nn/losses/reduction.ts';
import { tensor, type NestedArray } from '../tensor.ts';
import { expectClose, leaf, loadFixture } from './helpers/reference.ts';
import { onEveryBackend } from './helpers/backends.ts';

interface LossCase {
  name: string;
  loss: 'MSELoss' | 'BCELoss' | 'BCEWithLogitsLoss' | 'CrossEntropyLoss';
  options: { reduction: Reduction; ignoreIndex?: number };
  input: NestedArray;
  target: NestedArray;
  gradOutput: NestedArray;
  output: NestedArray;
  inputGrad: NestedArray;
}

function makeLoss(c: LossCase) {
  switch (c.loss) {
    case 'MSELoss': return new MSELoss(c.options);
    case 'BCELoss': return new BCELoss(c.options);
    case 'BCEWithLogitsLoss': return new BCEWithLogitsLoss(c.options);
    case 'CrossEntropyLoss': return new CrossEntropyLoss(c.options);
  }
}

const fixture = loadFixture<LossCase>('losses');

onEveryBackend('losses match PyTorch (losses.json)', () => {
  it('covers every loss with every reduction', () => {
    const seen = new Set(fixture.cases.map((c) => `${c.loss}/${c.options.reduction}`));
    for (const loss of ['MSELoss', 'BCELoss', 'BCEWithLogitsLoss', 'CrossEntropyLoss']) {
      for (const r of ['mean', 'sum', 'none']) expect(seen.has(`${loss}/${r}`), `${loss}/${r}`).toBe(true);
    }
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const input = leaf(c.input);
    const out = makeLoss(c).forward(input, tensor(c.target));
    expectClose(out, c.output, `${c.name} loss`);
    out.backward(tensor(c.gradOutput));
    expectClose(input.grad, c.inputGrad, `${c.name} input grad`);
  });
});
