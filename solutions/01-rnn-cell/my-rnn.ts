// The same cell as a Module with Parameters, so autograd can train it (note 003's MyRNNcell and MyRNN).
import { Tensor, nn, zeros } from '../../lib/index.ts';

/** Like nn.RNN: every parameter starts from U(-1/√hidden, 1/√hidden). */
function initialParameter(shape: number[], hiddenSize: number): nn.Parameter {
  const bound = 1 / Math.sqrt(hiddenSize);
  return new nn.Parameter(nn.init.uniform_(zeros(shape), -bound, bound));
}

export class MyRNNCell extends nn.Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** (hiddenSize, inputSize) */
  Wx: nn.Parameter;
  /** (hiddenSize, hiddenSize) */
  Wh: nn.Parameter;
  /** (hiddenSize) */
  b: nn.Parameter;

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.Wx = initialParameter([hiddenSize, inputSize], hiddenSize);
    this.Wh = initialParameter([hiddenSize, hiddenSize], hiddenSize);
    this.b = initialParameter([hiddenSize], hiddenSize);
  }

  /** x (N, inputSize), hidden (N, hiddenSize) → the next hidden state (N, hiddenSize). */
  forward(x: Tensor, hidden: Tensor): Tensor {
    return x.matmul(this.Wx.T).add(hidden.matmul(this.Wh.T)).add(this.b).tanh();
  }
}

export class MyRNN extends nn.Module {
  readonly hiddenSize: number;
  rnnCell: MyRNNCell;
  /** (outputSize, hiddenSize) */
  Wy: nn.Parameter;

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.rnnCell = new MyRNNCell(inputSize, hiddenSize);
    this.Wy = initialParameter([outputSize, hiddenSize], hiddenSize);
  }

  /** h_0: zeros of shape (batchSize, hiddenSize). */
  initHidden(batchSize = 1): Tensor {
    return zeros([batchSize, this.hiddenSize]);
  }

  /** x (N, T, inputSize) → [sigmoid(h_T Wyᵀ) of shape (N, outputSize), h_T of shape (N, hiddenSize)]. */
  forward(x: Tensor): [Tensor, Tensor] {
    let h = this.initHidden(x.shape[0]);
    for (let t = 0; t < x.shape[1]; t++) h = this.rnnCell.forward(x.select(1, t), h); // same weights every step
    const output = h.matmul(this.Wy.T).sigmoid();
    return [output, h];
  }
}
