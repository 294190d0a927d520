// y = x Wᵀ + b, as torch.nn.Linear, on inputs of shape (*, inFeatures).
import type { AbstractMatrix } from 'ml-matrix';
import { Tensor, formatShape, toTensor, zeros } from '../tensor.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';
import { uniform_ } from './init.ts';

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, { bias = true }: { bias?: boolean } = {}) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`Linear: ${name} must be a positive integer, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    // PyTorch's default: U(-1/√in, 1/√in) for weight and bias, weight drawn first.
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = new Parameter(uniform_(zeros([outFeatures, inFeatures]), -bound, bound));
    this.bias = bias ? new Parameter(uniform_(zeros([outFeatures]), -bound, bound)) : null;
  }

  forward(inputOrMatrix: Tensor | AbstractMatrix): Tensor {
    const input = toTensor(inputOrMatrix, 'Linear');
    if (input.ndim === 0 || input.shape[input.ndim - 1] !== this.inFeatures) {
      throw new Error(
        `Linear: input.size(-1) must be equal to inFeatures. Expected ${this.inFeatures}, got ` +
          `${input.ndim === 0 ? 'a scalar' : input.shape[input.ndim - 1]} (input shape ${formatShape(input.shape)})`,
      );
    }
    const out = input.matmul(this.weight.T);
    return this.bias ? out.add(this.bias) : out;
  }
}
