// Many-to-one: the RNN reads the whole sequence, its last hidden state goes through Linear and Sigmoid.
import { Tensor, nn, todo, zeros } from '../../lib/index.ts';

export interface ModelOptions {
  inputSize?: number;
  hiddenSize?: number;
  numLayers?: number;
  outputSize?: number;
}

export class SimpleRNNModel extends nn.Module {
  readonly hiddenSize: number;
  readonly numLayers: number;
  rnn!: nn.RNN;
  fc!: nn.Linear;
  sigmoid!: nn.Sigmoid;

  constructor({ inputSize = 1, hiddenSize = 5, numLayers = 1, outputSize = 1 }: ModelOptions = {}) {
    super();
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    // TODO: rnn (batchFirst인 nn.RNN), fc (nn.Linear), sigmoid (nn.Sigmoid)를 만드세요.
    //       inputSize, outputSize도 여기서 씁니다. → README 힌트 1
    todo('SimpleRNNModel constructor');
  }

  /** x (batch, seq, inputSize) → probabilities of class 1, (batch, outputSize). */
  forward(x: Tensor): Tensor {
    // TODO: h_0 = 0으로 RNN을 돌리고, 마지막 층의 마지막 은닉 상태 h_n[-1]을 fc → sigmoid에 통과시키세요. → README 힌트 2
    return todo('SimpleRNNModel.forward');
  }
}
