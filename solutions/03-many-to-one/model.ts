// Many-to-one: the RNN reads the whole sequence, its last hidden state goes through Linear and Sigmoid.
import { Tensor, nn, zeros } from '../../lib/index.ts';

export interface ModelOptions {
  inputSize?: number;
  hiddenSize?: number;
  numLayers?: number;
  outputSize?: number;
}

export class SimpleRNNModel extends nn.Module {
  readonly hiddenSize: number;
  readonly numLayers: number;
  rnn: nn.RNN;
  fc: nn.Linear;
  sigmoid: nn.Sigmoid;

  constructor({ inputSize = 1, hiddenSize = 5, numLayers = 1, outputSize = 1 }: ModelOptions = {}) {
    super();
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.rnn = new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, outputSize);
    this.sigmoid = new nn.Sigmoid();
  }

  /** x (batch, seq, inputSize) → probabilities of class 1, (batch, outputSize). */
  forward(x: Tensor): Tensor {
    const h0 = zeros([this.numLayers, x.shape[0], this.hiddenSize]);
    const [, hN] = this.rnn.forward(x, h0);
    // h_n[-1]: the last layer's state after the last step (note 000's h_n[0] is the same only for one layer).
    const lastHidden = hN.select(0, this.numLayers - 1);
    return this.sigmoid.forward(this.fc.forward(lastHidden));
  }
}
