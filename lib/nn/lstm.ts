// torch.nn.LSTM: gates i, f, g, o; c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
// The loop over time and BPTT live in lib/kernels/lstm-kernel.ts.
import { lstmLayer } from '../kernels/lstm-kernel.ts';
import type { AbstractMatrix } from 'ml-matrix';
import type { RecurrentLayerOptions } from '../kernels/rnn-kernel.ts';
import { Tensor } from '../tensor.ts';
import type { PackedSequence } from '../utils/packed-sequence.ts';
import { RNNBase, type LayerWeights, type RecurrentOptions } from './rnn-base.ts';

export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', 4, inputSize, hiddenSize, options);
  }

  /**
   * input (T, N, inputSize) — (N, T, inputSize) with batchFirst, (T, inputSize) unbatched — or a
   * PackedSequence; hx = [h0, c0], zeros when omitted. Returns [output, [hN, cN]].
   */
  forward(input: Tensor | AbstractMatrix, hx?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]];
  forward(input: PackedSequence, hx?: [Tensor, Tensor]): [PackedSequence, [Tensor, Tensor]];
  forward(input: Tensor | PackedSequence | AbstractMatrix, hx?: [Tensor, Tensor]): [Tensor | PackedSequence, [Tensor, Tensor]] {
    if (hx !== undefined && (!Array.isArray(hx) || hx.length !== 2)) {
      const got = hx instanceof Tensor ? `a single Tensor of shape [${hx.shape.join(', ')}]` : Array.isArray(hx) ? `an array of length ${hx.length}` : typeof hx;
      throw new Error(`LSTM: expected hx to be a pair [h0, c0], got ${got}`);
    }
    const [output, [hN, cN]] = this.runLayers(input, hx, ['hidden[0]', 'hidden[1]']);
    return [output, [hN, cN]];
  }

  protected layerKernel(input: Tensor, [h0, c0]: Tensor[], w: LayerWeights, options: RecurrentLayerOptions): Tensor {
    return lstmLayer(input, h0, c0, w.weightIh, w.weightHh, w.biasIh, w.biasHh, options);
  }
}
