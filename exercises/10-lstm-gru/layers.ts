// The two cells as layers over a whole sequence, with nn.LSTM / nn.GRU's parameter names, shapes and
// initialisation, so that `myLstm.loadStateDict(lstm.stateDict())` works and both give the same
// numbers. One layer, batchFirst: x is (N, T, inputSize).
import { Tensor, nn, todo } from '../../lib/index.ts';
import { gruCell, lstmCell } from './cells.ts';

export class MyLSTM extends nn.Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** (4H, inputSize), gates i, f, g, o */
  weight_ih_l0!: nn.Parameter;
  /** (4H, H) */
  weight_hh_l0!: nn.Parameter;
  /** (4H) */
  bias_ih_l0!: nn.Parameter;
  /** (4H) */
  bias_hh_l0!: nn.Parameter;

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    // TODO(3단계): 네 파라미터를 nn.LSTM과 같은 이름·모양으로 만들고, nn.LSTM처럼
    //   U(−1/√hiddenSize, 1/√hiddenSize)에서 뽑아 채우세요. 힌트: README.md의 "힌트 3".
    todo('MyLSTM constructor');
  }

  /**
   * x (N, T, inputSize); state [h0, c0], each (1, N, H), zeros when omitted.
   * Returns [output (N, T, H), [hN (1, N, H), cN (1, N, H)]], as nn.LSTM(…, { batchFirst: true }).
   */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    // TODO(3단계): [h, c]를 state(없으면 0)에서 시작해 시점마다 lstmCell을 부르고, 모든 시점의 h를
    //   (N, T, H)로 쌓은 output과 마지막 [h, c]를 (1, N, H) 모양으로 돌려주세요. 힌트: README.md의 "힌트 3".
    return todo('MyLSTM.forward');
  }
}

export class MyGRU extends nn.Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** (3H, inputSize), gates r, z, n */
  weight_ih_l0!: nn.Parameter;
  /** (3H, H) */
  weight_hh_l0!: nn.Parameter;
  /** (3H) */
  bias_ih_l0!: nn.Parameter;
  /** (3H) */
  bias_hh_l0!: nn.Parameter;

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    // TODO(4단계): MyLSTM과 같되 게이트가 셋(3H 행)입니다. 힌트: README.md의 "힌트 3".
    todo('MyGRU constructor');
  }

  /**
   * x (N, T, inputSize); h0 (1, N, H), zeros when omitted.
   * Returns [output (N, T, H), hN (1, N, H)], as nn.GRU(…, { batchFirst: true }).
   */
  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    // TODO(4단계): MyLSTM.forward와 같은 루프를 gruCell로. 상태는 h 하나입니다. 힌트: README.md의 "힌트 3".
    return todo('MyGRU.forward');
  }
}
