// RNNSeq2Seq: one prediction per time step (many-to-many). Tokens are embedded, the RNN reads the
// sequence, and the same Linear layer scores the classes at every step.
import { Tensor, nn } from '../../lib/index.ts';

export interface Seq2SeqOptions {
  /** Number of distinct tokens (the tokens are 0 … vocabSize - 1). */
  vocabSize: number;
  embedSize?: number;
  hiddenSize?: number;
  numClasses?: number;
}

export class RNNSeq2Seq extends nn.Module {
  embedding: nn.Embedding;
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor({ vocabSize, embedSize = 16, hiddenSize = 32, numClasses = 3 }: Seq2SeqOptions) {
    super();
    this.embedding = new nn.Embedding(vocabSize, embedSize);
    this.rnn = new nn.RNN(embedSize, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, numClasses);
  }

  /** x: (batch, seqLen) integer tokens → class scores (logits) at every step, (batch, seqLen, numClasses). */
  forward(x: Tensor): Tensor {
    const embedded = this.embedding.forward(x); // (batch, seqLen, embedSize)
    const [output] = this.rnn.forward(embedded); // (batch, seqLen, hiddenSize): every step's hidden state
    return this.fc.forward(output); // Linear acts on the last axis, so every step at once
  }
}
