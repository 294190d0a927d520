// SinPredictor: an RNN reads the window, a Linear layer turns its last hidden state into the next value.
// BEGIN SOLUTION
import { Tensor, nn } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, todo } from '../../lib/index.ts';
// END SOLUTION

export class SinPredictor extends nn.Module {
  // BEGIN SOLUTION
  rnn: nn.RNN;
  fc: nn.Linear;
  // STARTER
  // The grader looks for these two names (PyTorch keys rnn.weight_ih_l0, fc.weight, …).
  //> rnn!: nn.RNN;
  //> fc!: nn.Linear;
  // END SOLUTION

  constructor(hiddenSize = 32) {
    super();
    // BEGIN SOLUTION
    this.rnn = new nn.RNN(1, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, 1);
    // STARTER
    // TODO(2단계): this.rnn = 입력 1, 은닉 hiddenSize, batchFirst인 nn.RNN,
    //   this.fc = hiddenSize → 1인 nn.Linear를 만드세요. 힌트: README.md의 "힌트 2".
    //> todo(`SinPredictor constructor (hiddenSize ${hiddenSize})`);
    // END SOLUTION
  }

  /** x: (batch, seqLen, 1) → the predicted next value of each window, (batch). */
  forward(x: Tensor): Tensor {
    // BEGIN SOLUTION
    const [, hN] = this.rnn.forward(x);
    // hN is (numLayers, batch, hidden); its last row is the top layer after the last step.
    const last = hN.select(0, -1);
    return this.fc.forward(last).squeeze(-1);
    // STARTER
    // TODO(2단계): RNN의 마지막 은닉 상태(hN의 마지막 행)를 fc에 넣고, 끝의 크기 1 축을 없애 (batch)로 돌려주세요.
    //   힌트: README.md의 "힌트 2".
    //> return todo('SinPredictor.forward');
    // END SOLUTION
  }
}
