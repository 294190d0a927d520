// A deep stacked RNN regressor: numLayers RNN layers, then Linear on the last layer's final state.
// BEGIN SOLUTION
import { Tensor, nn } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, todo } from '../../lib/index.ts';
// END SOLUTION

export interface DeepRNNOptions {
  inputSize?: number;
  hiddenSize?: number;
  numLayers?: number;
}

export class DeepRNNRegressor extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor({ inputSize = 1, hiddenSize = 16, numLayers = 5 }: DeepRNNOptions = {}) {
    super();
    this.rnn = new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, 1);
  }

  /** x: (batch, seqLen, inputSize) → one number per sequence, (batch). */
  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x); // hN: (numLayers, batch, hidden)
    return this.fc.forward(hN.select(0, -1)).squeeze(-1); // h_n[-1]: the top layer's final state
  }
}

/** Redraws every recurrent weight matrix (weight_ih_l*, weight_hh_l*) from N(0, std²), like nn.init.normal_(p, std=2.0). */
export function initLargeWeights(model: DeepRNNRegressor, std = 2.0): void {
  // BEGIN SOLUTION
  for (const [name, param] of model.rnn.namedParameters()) {
    if (name.startsWith('weight')) nn.init.normal_(param, 0, std);
  }
  // STARTER
  // TODO: model.rnn.namedParameters()에서 이름이 'weight'로 시작하는 파라미터마다
  // nn.init.normal_(파라미터, 0, std)를 호출하세요 (편향 bias_*와 fc는 그대로 둡니다).
  // 힌트: README의 "힌트 1".
  //> return todo('initLargeWeights');
  // END SOLUTION
}
