// SinPredictor: an RNN reads the window, a Linear layer turns its last hidden state into the next value.
import { Tensor, nn, todo } from '../../lib/index.ts';

export class SinPredictor extends nn.Module {
  // The grader looks for these two names (PyTorch keys rnn.weight_ih_l0, fc.weight, …).
  rnn!: nn.RNN;
  fc!: nn.Linear;

  constructor(hiddenSize = 32) {
    super();
    // TODO(2단계): this.rnn = 입력 1, 은닉 hiddenSize, batchFirst인 nn.RNN,
    //   this.fc = hiddenSize → 1인 nn.Linear를 만드세요. 힌트: README.md의 "힌트 2".
    todo(`SinPredictor constructor (hiddenSize ${hiddenSize})`);
  }

  /** x: (batch, seqLen, 1) → the predicted next value of each window, (batch). */
  forward(x: Tensor): Tensor {
    // TODO(2단계): RNN의 마지막 은닉 상태(hN의 마지막 행)를 fc에 넣고, 끝의 크기 1 축을 없애 (batch)로 돌려주세요.
    //   힌트: README.md의 "힌트 2".
    return todo('SinPredictor.forward');
  }
}
