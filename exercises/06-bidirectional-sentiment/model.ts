// A bidirectional character-level RNN classifier: Embedding → bidirectional RNN → [forward h_n ; backward h_n] → Linear.
import { Tensor, cat, nn, todo } from '../../lib/index.ts';

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
  // TODO(5단계): 마지막 층의 순방향 행과 역방향 행을 골라 dim 1로 이어 붙이세요 (cat).
  //   numLayers가 2 이상이어도 맞아야 합니다. 힌트: README.md의 "힌트 5".
  return todo('concatFinalStates');
}

export class CharRNN extends nn.Module {
  // The grader looks for these three names (PyTorch keys embedding.weight, rnn.weight_ih_l0_reverse, fc.weight, …).
  embedding!: nn.Embedding;
  rnn!: nn.RNN;
  fc!: nn.Linear;

  constructor({ vocabSize = 27, embedSize = 16, hiddenSize = 32, numClasses = 2, numLayers = 1 }: CharRNNOptions = {}) {
    super();
    // TODO(6단계): this.embedding (vocabSize → embedSize), 양방향(bidirectional)·batchFirst인 this.rnn (numLayers 층),
    //   그리고 이어 붙인 상태를 받는 this.fc를 만드세요. fc의 입력 크기에 주의! 힌트: README.md의 "힌트 6".
    todo('CharRNN constructor');
  }

  /** x: (batch, seqLen) character indices → class scores (logits), (batch, numClasses). */
  forward(x: Tensor): Tensor {
    // TODO(6단계): embedding → rnn → concatFinalStates(hN) → fc. 힌트: README.md의 "힌트 6".
    return todo('CharRNN.forward');
  }
}
