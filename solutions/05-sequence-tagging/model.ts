// RNNSeq2Seq: one prediction per time step (many-to-many). Tokens are embedded, the RNN reads the
// sequence, and the same Linear layer scores the classes at every step.
// BEGIN SOLUTION
import { Tensor, nn } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, todo } from '../../lib/index.ts';
// END SOLUTION

export interface Seq2SeqOptions {
  /** Number of distinct tokens (the tokens are 0 … vocabSize - 1). */
  vocabSize: number;
  embedSize?: number;
  hiddenSize?: number;
  numClasses?: number;
}

export class RNNSeq2Seq extends nn.Module {
  // BEGIN SOLUTION
  embedding: nn.Embedding;
  rnn: nn.RNN;
  fc: nn.Linear;
  // STARTER
  // Declare your layers here as fields (e.g. embedding, rnn, fc) and create them in the constructor.
  // END SOLUTION

  constructor({ vocabSize, embedSize = 16, hiddenSize = 32, numClasses = 3 }: Seq2SeqOptions) {
    super();
    // BEGIN SOLUTION
    this.embedding = new nn.Embedding(vocabSize, embedSize);
    this.rnn = new nn.RNN(embedSize, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, numClasses);
    // STARTER
    // TODO(2단계): 정수 토큰을 벡터로 바꾸는 층(nn.Embedding, 또는 one-hot), batchFirst인 nn.RNN,
    //   그리고 모든 시점에 적용할 nn.Linear(hiddenSize, numClasses)를 만드세요. 힌트: README.md의 "힌트 2".
    //> todo(`RNNSeq2Seq constructor (vocabSize ${vocabSize}, embedSize ${embedSize}, hiddenSize ${hiddenSize}, numClasses ${numClasses})`);
    // END SOLUTION
  }

  /** x: (batch, seqLen) integer tokens → class scores (logits) at every step, (batch, seqLen, numClasses). */
  forward(x: Tensor): Tensor {
    // BEGIN SOLUTION
    const embedded = this.embedding.forward(x); // (batch, seqLen, embedSize)
    const [output] = this.rnn.forward(embedded); // (batch, seqLen, hiddenSize): every step's hidden state
    return this.fc.forward(output); // Linear acts on the last axis, so every step at once
    // STARTER
    // TODO(2단계): h_n이 아니라 모든 시점의 출력(output)을 fc에 넣어야 합니다. 힌트: README.md의 "힌트 2".
    //> return todo('RNNSeq2Seq.forward');
    // END SOLUTION
  }
}
