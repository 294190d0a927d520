// Inverted dropout, as torch.nn.Dropout: in training each element is zeroed with probability p
// and the survivors are scaled by 1/(1 - p), so evaluation needs no rescaling (it is the identity).
import { defaultGenerator, type Generator } from '../random.ts';
import { Tensor, toTensor } from '../tensor.ts';
import type { AbstractMatrix } from 'ml-matrix';
import { Module } from './module.ts';

export interface DropoutOptions {
  /** Draw masks from this stream instead of the global (manualSeed) one. */
  generator?: Generator;
}

export class Dropout extends Module {
  readonly p: number;
  private readonly generator: Generator | null;

  constructor(p = 0.5, { generator }: DropoutOptions = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(`Dropout: dropout probability has to be between 0 and 1. Expected p in [0, 1], got ${p}`);
    }
    this.p = p;
    this.generator = generator ?? null;
  }

  forward(inputOrMatrix: Tensor | AbstractMatrix): Tensor {
    const input = toTensor(inputOrMatrix, 'Dropout');
    if (!this.training || this.p === 0) return input;
    // Looked up on every call: manualSeed replaces the global generator.
    const gen = this.generator ?? defaultGenerator();
    const scale = this.p === 1 ? 0 : 1 / (1 - this.p);
    const mask = new Float64Array(input.data.length);
    // keep with probability 1 - p (a Bernoulli(1 - p) draw per element)
    for (let i = 0; i < mask.length; i++) mask[i] = gen.random() < 1 - this.p ? scale : 0;
    // Composed as a product, so the gradient is the same mask: d(x·m)/dx = m.
    return input.mul(new Tensor(mask, input.shape));
  }
}
