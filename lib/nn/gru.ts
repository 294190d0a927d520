// torch.nn.GRU: gates r, z, n; n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
// The loop over time and BPTT live in lib/kernels/gru-kernel.ts.
import { gruLayer } from '../kernels/gru-kernel.ts';
import type { AbstractMatrix } from 'ml-matrix';
import type { RecurrentLayerOptions } from '../kernels/rnn-kernel.ts';
import type { Tensor } from '../tensor.ts';
import type { PackedSequence } from '../utils/packed-sequence.ts';
import { RNNBase, type LayerWeights, type RecurrentOptions } from './rnn-base.ts';

export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', 3, inputSize, hiddenSize, options);
  }

  /** input (T, N, inputSize) — (N, T, inputSize) with batchFirst, (T, inputSize) unbatched — or a PackedSequence. */
  forward(input: Tensor | AbstractMatrix, h0?: Tensor | AbstractMatrix): [Tensor, Tensor];
  forward(input: PackedSequence, h0?: Tensor | AbstractMatrix): [PackedSequence, Tensor];
  forward(input: Tensor | PackedSequence | AbstractMatrix, h0?: Tensor | AbstractMatrix): [Tensor | PackedSequence, Tensor] {
    const [output, [hN]] = this.runLayers(input, h0 === undefined ? undefined : [h0], ['hidden']);
    return [output, hN];
  }

  protected layerKernel(input: Tensor, [h0]: Tensor[], w: LayerWeights, options: RecurrentLayerOptions): Tensor {
    return gruLayer(input, h0, w.weightIh, w.weightHh, w.biasIh, w.biasHh, options);
  }
}
