// The same cell as a Module with Parameters, so autograd can train it (note 003's MyRNNcell and MyRNN).
import { Tensor, nn, todo, zeros } from '../../lib/index.ts';

export class MyRNNCell extends nn.Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** (hiddenSize, inputSize) */
  Wx!: nn.Parameter;
  /** (hiddenSize, hiddenSize) */
  Wh!: nn.Parameter;
  /** (hiddenSize) */
  b!: nn.Parameter;

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    // TODO: Wx, Wh, b를 nn.Parameter로 만들고 nn.RNN처럼 U(−1/√hiddenSize, 1/√hiddenSize)에서
    //       뽑아 채우세요 (nn.init.uniform_). → README 힌트 3
    todo('MyRNNCell constructor');
  }

  /** x (N, inputSize), hidden (N, hiddenSize) → the next hidden state (N, hiddenSize). */
  forward(x: Tensor, hidden: Tensor): Tensor {
    // TODO: 같은 식을 이번에는 라이브러리 텐서(Tensor) 연산으로: 자동 미분(autograd)이 따라오도록. → README 힌트 4
    return todo('MyRNNCell.forward');
  }
}

export class MyRNN extends nn.Module {
  readonly hiddenSize: number;
  rnnCell!: MyRNNCell;
  /** (outputSize, hiddenSize) */
  Wy!: nn.Parameter;

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    // TODO: rnnCell (MyRNNCell)과 출력 가중치 Wy (outputSize, hiddenSize)를 만드세요. → README 힌트 5
    todo('MyRNN constructor');
  }

  /** h_0: zeros of shape (batchSize, hiddenSize). */
  initHidden(batchSize = 1): Tensor {
    // TODO: 처음 은닉 상태 h_0 (batchSize, hiddenSize)는 0입니다. → README 힌트 5
    return todo('MyRNN.initHidden');
  }

  /** x (N, T, inputSize) → [sigmoid(h_T Wyᵀ) of shape (N, outputSize), h_T of shape (N, hiddenSize)]. */
  forward(x: Tensor): [Tensor, Tensor] {
    // TODO: h_0에서 시작해 시점마다 rnnCell을 적용하고, 마지막 h_T로 출력을 만드세요. → README 힌트 5
    return todo('MyRNN.forward');
  }
}
