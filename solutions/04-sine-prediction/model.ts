// SinPredictor: an RNN reads the window, a Linear layer turns its last hidden state into the next value.
import { Tensor, nn } from '../../lib/index.ts';

export class SinPredictor extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(hiddenSize = 32) {
    super();
    this.rnn = new nn.RNN(1, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, 1);
  }

  /** x: (batch, seqLen, 1) → the predicted next value of each window, (batch). */
  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x);
    // hN is (numLayers, batch, hidden); its last row is the top layer after the last step.
    const last = hN.select(0, -1);
    return this.fc.forward(last).squeeze(-1);
  }
}
