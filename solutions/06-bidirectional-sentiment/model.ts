// A bidirectional character-level RNN classifier: Embedding → bidirectional RNN → [forward h_n ; backward h_n] → Linear.
import { Tensor, cat, nn } from '../../lib/index.ts';

export interface CharRNNOptions {
  vocabSize?: number;
  embedSize?: number;
  hiddenSize?: number;
  numClasses?: number;
  numLayers?: number;
}

/**
 * hN of a bidirectional RNN, (numLayers·2, batch, hidden), ordered [layer 0 fwd, layer 0 bwd, layer 1 fwd, …]
 * → the last layer's forward and backward final states side by side, (batch, 2·hidden).
 */
export function concatFinalStates(hN: Tensor): Tensor {
  const forward = hN.select(0, -2); // last layer, forward direction: after reading the whole sentence left to right
  const backward = hN.select(0, -1); // last layer, backward direction: after reading it right to left
  return cat([forward, backward], 1);
}

export class CharRNN extends nn.Module {
  embedding: nn.Embedding;
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor({ vocabSize = 27, embedSize = 16, hiddenSize = 32, numClasses = 2, numLayers = 1 }: CharRNNOptions = {}) {
    super();
    this.embedding = new nn.Embedding(vocabSize, embedSize);
    this.rnn = new nn.RNN(embedSize, hiddenSize, { numLayers, batchFirst: true, bidirectional: true });
    this.fc = new nn.Linear(2 * hiddenSize, numClasses);
  }

  /** x: (batch, seqLen) character indices → class scores (logits), (batch, numClasses). */
  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(this.embedding.forward(x));
    return this.fc.forward(concatFinalStates(hN));
  }
}
