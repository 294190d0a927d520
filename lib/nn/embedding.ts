// A lookup table of learned vectors, as torch.nn.Embedding: row i of `weight` is the vector of token i.
// forward(indices) of any shape (*) returns (*, embeddingDim).
import { fromOp } from '../autograd.ts';
import { Tensor, formatShape, tensor, zeros, type NestedArray } from '../tensor.ts';
import { normal_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

export interface EmbeddingOptions {
  /** This row is zeroed at init and never receives a gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** Normalised to [0, numEmbeddings), or null. */
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, { paddingIdx = null }: EmbeddingOptions = {}) {
    super();
    for (const [name, v] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`Embedding: ${name} must be a positive integer, got ${v}`);
    }
    if (paddingIdx !== null && paddingIdx !== undefined) {
      if (!Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
        throw new Error(
          `Embedding: paddingIdx must be within numEmbeddings. Expected an integer in [${-numEmbeddings}, ${numEmbeddings - 1}], got ${paddingIdx}`,
        );
      }
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = paddingIdx === null || paddingIdx === undefined ? null : paddingIdx < 0 ? numEmbeddings + paddingIdx : paddingIdx;
    // PyTorch's init: N(0, 1), then the padding row set to zeros.
    const w = normal_(zeros([numEmbeddings, embeddingDim]));
    if (this.paddingIdx !== null) w.data.fill(0, this.paddingIdx * embeddingDim, (this.paddingIdx + 1) * embeddingDim);
    this.weight = new Parameter(w);
  }

  /** indices: a Tensor (or nested array) of integer token ids in [0, numEmbeddings). */
  forward(indices: Tensor | NestedArray): Tensor {
    const idx = indices instanceof Tensor ? indices : tensor(indices);
    const num = this.numEmbeddings;
    const dim = this.embeddingDim;
    const rows = new Int32Array(idx.data.length);
    for (let i = 0; i < rows.length; i++) {
      const v = idx.data[i];
      if (!Number.isInteger(v) || v < 0 || v >= num) {
        const what = Number.isInteger(v) ? 'index out of range' : 'indices must be integers';
        throw new Error(
          `Embedding: ${what}. Expected an integer in [0, ${num - 1}], got ${v} at flat index ${i} of indices shape ${formatShape(idx.shape)}`,
        );
      }
      rows[i] = v;
    }
    const w = this.weight.data;
    const out = new Float64Array(rows.length * dim);
    for (let i = 0; i < rows.length; i++) out.set(w.subarray(rows[i] * dim, (rows[i] + 1) * dim), i * dim);
    const padding = this.paddingIdx;
    // d out[i] / d weight[rows[i]] = identity: each looked-up row adds its gradient back (the padding row excepted).
    return fromOp(out, [...idx.shape, dim], [this.weight], (g) => {
      const gw = new Float64Array(w.length);
      for (let i = 0; i < rows.length; i++) {
        if (rows[i] === padding) continue;
        const base = rows[i] * dim;
        for (let k = 0; k < dim; k++) gw[base + k] += g[i * dim + k];
      }
      return [gw];
    });
  }
}
