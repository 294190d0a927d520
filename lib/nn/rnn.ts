// torch.nn.RNN: h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) (or relu), stacked and
// optionally bidirectional. The loop over time and BPTT live in lib/kernels/rnn-kernel.ts.
import { rnnLayer, type Nonlinearity, type RecurrentLayerOptions } from '../kernels/rnn-kernel.ts';
import type { AbstractMatrix } from 'ml-matrix';
import type { Tensor } from '../tensor.ts';
import type { PackedSequence } from '../utils/packed-sequence.ts';
import { RNNBase, type LayerWeights, type RecurrentOptions } from './rnn-base.ts';

export interface RNNOptions extends RecurrentOptions {
  nonlinearity?: Nonlinearity;
}

export class RNN extends RNNBase {
  readonly nonlinearity: Nonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nonlinearity = options?.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new Error(`RNN: Unknown nonlinearity '${String(nonlinearity)}'. Expected 'tanh' or 'relu'`);
    }
    super('RNN', 1, inputSize, hiddenSize, options, ['nonlinearity']);
    this.nonlinearity = nonlinearity;
  }

  /** input (T, N, inputSize) — (N, T, inputSize) with batchFirst, (T, inputSize) unbatched — or a PackedSequence. */
  forward(input: Tensor | AbstractMatrix, h0?: Tensor | AbstractMatrix): [Tensor, Tensor];
  forward(input: PackedSequence, h0?: Tensor | AbstractMatrix): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence | AbstractMatrix, h0?: Tensor | AbstractMatrix): [Tensor | PackedSequence, Tensor] {
    const [output, [hN]] = this.runLayers(input, h0 === undefined ? undefined : [h0], ['hidden']);
    return [output, hN];
  }

  protected layerKernel(input: Tensor, [h0]: Tensor[], w: LayerWeights, options: RecurrentLayerOptions): Tensor {
    return rnnLayer(input, h0, w.weightIh, w.weightHh, w.biasIh, w.biasHh, { ...options, nonlinearity: this.nonlinearity });
  }
}
