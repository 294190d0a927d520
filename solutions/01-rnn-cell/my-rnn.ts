// The same cell as a Module with Parameters, so autograd can train it (note 003's MyRNNcell and MyRNN).
// BEGIN SOLUTION
import { Tensor, nn, zeros } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, todo, zeros } from '../../lib/index.ts';
// END SOLUTION
// BEGIN SOLUTION

/** Like nn.RNN: every parameter starts from U(-1/√hidden, 1/√hidden). */
function initialParameter(shape: number[], hiddenSize: number): nn.Parameter {
  const bound = 1 / Math.sqrt(hiddenSize);
  return new nn.Parameter(nn.init.uniform_(zeros(shape), -bound, bound));
}
// END SOLUTION

export class MyRNNCell extends nn.Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** (hiddenSize, inputSize) */
  // BEGIN SOLUTION
  Wx: nn.Parameter;
  // STARTER
  //> Wx!: nn.Parameter;
  // END SOLUTION
  /** (hiddenSize, hiddenSize) */
  // BEGIN SOLUTION
  Wh: nn.Parameter;
  // STARTER
  //> Wh!: nn.Parameter;
  // END SOLUTION
  /** (hiddenSize) */
  // BEGIN SOLUTION
  b: nn.Parameter;
  // STARTER
  //> b!: nn.Parameter;
  // END SOLUTION

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    // BEGIN SOLUTION
    this.Wx = initialParameter([hiddenSize, inputSize], hiddenSize);
    this.Wh = initialParameter([hiddenSize, hiddenSize], hiddenSize);
    this.b = initialParameter([hiddenSize], hiddenSize);
    // STARTER
    // TODO: Wx, Wh, b를 nn.Parameter로 만들고 nn.RNN처럼 U(−1/√hiddenSize, 1/√hiddenSize)에서
    //       뽑아 채우세요 (nn.init.uniform_). → README 힌트 3
    //> todo('MyRNNCell constructor');
    // END SOLUTION
  }

  /** x (N, inputSize), hidden (N, hiddenSize) → the next hidden state (N, hiddenSize). */
  forward(x: Tensor, hidden: Tensor): Tensor {
    // BEGIN SOLUTION
    return x.matmul(this.Wx.T).add(hidden.matmul(this.Wh.T)).add(this.b).tanh();
    // STARTER
    // TODO: 같은 식을 이번에는 라이브러리 텐서(Tensor) 연산으로: 자동 미분(autograd)이 따라오도록. → README 힌트 4
    //> return todo('MyRNNCell.forward');
    // END SOLUTION
  }
}

export class MyRNN extends nn.Module {
  readonly hiddenSize: number;
  // BEGIN SOLUTION
  rnnCell: MyRNNCell;
  // STARTER
  //> rnnCell!: MyRNNCell;
  // END SOLUTION
  /** (outputSize, hiddenSize) */
  // BEGIN SOLUTION
  Wy: nn.Parameter;
  // STARTER
  //> Wy!: nn.Parameter;
  // END SOLUTION

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    // BEGIN SOLUTION
    this.rnnCell = new MyRNNCell(inputSize, hiddenSize);
    this.Wy = initialParameter([outputSize, hiddenSize], hiddenSize);
    // STARTER
    // TODO: rnnCell (MyRNNCell)과 출력 가중치 Wy (outputSize, hiddenSize)를 만드세요. → README 힌트 5
    //> todo('MyRNN constructor');
    // END SOLUTION
  }

  /** h_0: zeros of shape (batchSize, hiddenSize). */
  initHidden(batchSize = 1): Tensor {
    // BEGIN SOLUTION
    return zeros([batchSize, this.hiddenSize]);
    // STARTER
    // TODO: 처음 은닉 상태 h_0 (batchSize, hiddenSize)는 0입니다. → README 힌트 5
    //> return todo('MyRNN.initHidden');
    // END SOLUTION
  }

  /** x (N, T, inputSize) → [sigmoid(h_T Wyᵀ) of shape (N, outputSize), h_T of shape (N, hiddenSize)]. */
  forward(x: Tensor): [Tensor, Tensor] {
    // BEGIN SOLUTION
    let h = this.initHidden(x.shape[0]);
    for (let t = 0; t < x.shape[1]; t++) h = this.rnnCell.forward(x.select(1, t), h); // same weights every step
    const output = h.matmul(this.Wy.T).sigmoid();
    return [output, h];
    // STARTER
    // TODO: h_0에서 시작해 시점마다 rnnCell을 적용하고, 마지막 h_T로 출력을 만드세요. → README 힌트 5
    //> return todo('MyRNN.forward');
    // END SOLUTION
  }
}
