// Many-to-one: the RNN reads the whole sequence, its last hidden state goes through Linear and Sigmoid.
// BEGIN SOLUTION
import { Tensor, nn, zeros } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, todo, zeros } from '../../lib/index.ts';
// END SOLUTION

export interface ModelOptions {
  inputSize?: number;
  hiddenSize?: number;
  numLayers?: number;
  outputSize?: number;
}

export class SimpleRNNModel extends nn.Module {
  readonly hiddenSize: number;
  readonly numLayers: number;
  // BEGIN SOLUTION
  rnn: nn.RNN;
  fc: nn.Linear;
  sigmoid: nn.Sigmoid;
  // STARTER
  //> rnn!: nn.RNN;
  //> fc!: nn.Linear;
  //> sigmoid!: nn.Sigmoid;
  // END SOLUTION

  constructor({ inputSize = 1, hiddenSize = 5, numLayers = 1, outputSize = 1 }: ModelOptions = {}) {
    super();
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    // BEGIN SOLUTION
    this.rnn = new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, outputSize);
    this.sigmoid = new nn.Sigmoid();
    // STARTER
    // TODO: rnn (batchFirst인 nn.RNN), fc (nn.Linear), sigmoid (nn.Sigmoid)를 만드세요.
    //       inputSize, outputSize도 여기서 씁니다. → README 힌트 1
    //> todo('SimpleRNNModel constructor');
    // END SOLUTION
  }

  /** x (batch, seq, inputSize) → probabilities of class 1, (batch, outputSize). */
  forward(x: Tensor): Tensor {
    // BEGIN SOLUTION
    const h0 = zeros([this.numLayers, x.shape[0], this.hiddenSize]);
    const [, hN] = this.rnn.forward(x, h0);
    // h_n[-1]: the last layer's state after the last step (note 000's h_n[0] is the same only for one layer).
    const lastHidden = hN.select(0, this.numLayers - 1);
    return this.sigmoid.forward(this.fc.forward(lastHidden));
    // STARTER
    // TODO: h_0 = 0으로 RNN을 돌리고, 마지막 층의 마지막 은닉 상태 h_n[-1]을 fc → sigmoid에 통과시키세요. → README 힌트 2
    //> return todo('SimpleRNNModel.forward');
    // END SOLUTION
  }
}
