// The two cells as layers over a whole sequence, with nn.LSTM / nn.GRU's parameter names, shapes and
// initialisation, so that `myLstm.loadStateDict(lstm.stateDict())` works and both give the same
// numbers. One layer, batchFirst: x is (N, T, inputSize).
// BEGIN SOLUTION
import { Tensor, nn, stack, zeros } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, todo } from '../../lib/index.ts';
// END SOLUTION
import { gruCell, lstmCell } from './cells.ts';
// BEGIN SOLUTION

/** Like nn.LSTM / nn.GRU: every parameter, biases included, from U(−1/√H, 1/√H). */
function initialParameter(shape: number[], hiddenSize: number): nn.Parameter {
  const bound = 1 / Math.sqrt(hiddenSize);
  return new nn.Parameter(nn.init.uniform_(zeros(shape), -bound, bound));
}

/** The step outputs h_1 … h_T, each (N, H), as one (N, T, H) tensor. */
function stackSteps(steps: Tensor[]): Tensor {
  return stack(steps, 1);
}
// END SOLUTION

export class MyLSTM extends nn.Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** (4H, inputSize), gates i, f, g, o */
  // BEGIN SOLUTION
  weight_ih_l0: nn.Parameter;
  weight_hh_l0: nn.Parameter;
  bias_ih_l0: nn.Parameter;
  bias_hh_l0: nn.Parameter;
  // STARTER
  //> weight_ih_l0!: nn.Parameter;
  //> /** (4H, H) */
  //> weight_hh_l0!: nn.Parameter;
  //> /** (4H) */
  //> bias_ih_l0!: nn.Parameter;
  //> /** (4H) */
  //> bias_hh_l0!: nn.Parameter;
  // END SOLUTION

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    // BEGIN SOLUTION
    this.weight_ih_l0 = initialParameter([4 * hiddenSize, inputSize], hiddenSize);
    this.weight_hh_l0 = initialParameter([4 * hiddenSize, hiddenSize], hiddenSize);
    this.bias_ih_l0 = initialParameter([4 * hiddenSize], hiddenSize);
    this.bias_hh_l0 = initialParameter([4 * hiddenSize], hiddenSize);
    // STARTER
    // TODO(3단계): 네 파라미터를 nn.LSTM과 같은 이름·모양으로 만들고, nn.LSTM처럼
    //   U(−1/√hiddenSize, 1/√hiddenSize)에서 뽑아 채우세요. 힌트: README.md의 "힌트 3".
    //> todo('MyLSTM constructor');
    // END SOLUTION
  }

  /**
   * x (N, T, inputSize); state [h0, c0], each (1, N, H), zeros when omitted.
   * Returns [output (N, T, H), [hN (1, N, H), cN (1, N, H)]], as nn.LSTM(…, { batchFirst: true }).
   */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    // BEGIN SOLUTION
    const [batch, steps] = x.shape;
    const weights = { weight_ih: this.weight_ih_l0, weight_hh: this.weight_hh_l0, bias_ih: this.bias_ih_l0, bias_hh: this.bias_hh_l0 };
    let h = state ? state[0].select(0, 0) : zeros([batch, this.hiddenSize]);
    let c = state ? state[1].select(0, 0) : zeros([batch, this.hiddenSize]);
    const outputs: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      [h, c] = lstmCell(x.select(1, t), [h, c], weights);
      outputs.push(h);
    }
    return [stackSteps(outputs), [h.unsqueeze(0), c.unsqueeze(0)]];
    // STARTER
    // TODO(3단계): [h, c]를 state(없으면 0)에서 시작해 시점마다 lstmCell을 부르고, 모든 시점의 h를
    //   (N, T, H)로 쌓은 output과 마지막 [h, c]를 (1, N, H) 모양으로 돌려주세요. 힌트: README.md의 "힌트 3".
    //> return todo('MyLSTM.forward');
    // END SOLUTION
  }
}

export class MyGRU extends nn.Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** (3H, inputSize), gates r, z, n */
  // BEGIN SOLUTION
  weight_ih_l0: nn.Parameter;
  weight_hh_l0: nn.Parameter;
  bias_ih_l0: nn.Parameter;
  bias_hh_l0: nn.Parameter;
  // STARTER
  //> weight_ih_l0!: nn.Parameter;
  //> /** (3H, H) */
  //> weight_hh_l0!: nn.Parameter;
  //> /** (3H) */
  //> bias_ih_l0!: nn.Parameter;
  //> /** (3H) */
  //> bias_hh_l0!: nn.Parameter;
  // END SOLUTION

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    // BEGIN SOLUTION
    this.weight_ih_l0 = initialParameter([3 * hiddenSize, inputSize], hiddenSize);
    this.weight_hh_l0 = initialParameter([3 * hiddenSize, hiddenSize], hiddenSize);
    this.bias_ih_l0 = initialParameter([3 * hiddenSize], hiddenSize);
    this.bias_hh_l0 = initialParameter([3 * hiddenSize], hiddenSize);
    // STARTER
    // TODO(4단계): MyLSTM과 같되 게이트가 셋(3H 행)입니다. 힌트: README.md의 "힌트 3".
    //> todo('MyGRU constructor');
    // END SOLUTION
  }

  /**
   * x (N, T, inputSize); h0 (1, N, H), zeros when omitted.
   * Returns [output (N, T, H), hN (1, N, H)], as nn.GRU(…, { batchFirst: true }).
   */
  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    // BEGIN SOLUTION
    const [batch, steps] = x.shape;
    const weights = { weight_ih: this.weight_ih_l0, weight_hh: this.weight_hh_l0, bias_ih: this.bias_ih_l0, bias_hh: this.bias_hh_l0 };
    let h = h0 ? h0.select(0, 0) : zeros([batch, this.hiddenSize]);
    const outputs: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      h = gruCell(x.select(1, t), h, weights);
      outputs.push(h);
    }
    return [stackSteps(outputs), h.unsqueeze(0)];
    // STARTER
    // TODO(4단계): MyLSTM.forward와 같은 루프를 gruCell로. 상태는 h 하나입니다. 힌트: README.md의 "힌트 3".
    //> return todo('MyGRU.forward');
    // END SOLUTION
  }
}
