// Lesson 02: the recurrent cell, first by hand (ml-matrix, then tensors), then as a Module,
// then the forward loop of note 004 where all-positive weights saturate tanh.
import { Matrix } from 'ml-matrix';
import { Tensor, manualSeed, nn, rand, randn, stack, tensor, zeros } from '../../lib/index.ts';
import { Transcript, sci } from '../transcript.ts';

export interface SaturationStats {
  /** Hidden state after every step, (timesteps, hiddenSize). */
  states: number[][];
  /** Median of |h| from step 2 on (step 1 starts from h_0 = 0, so it is left out). */
  medianAbsFromStep2: number;
  /** Smallest |h| from step 2 on. */
  minAbsFromStep2: number;
  /** Mean of tanh'(a) = 1 − h² from step 2 on: how much gradient can still pass a step. */
  meanTanhDerivative: number;
}

export interface RnnCellResult {
  oneStep: { x: number[]; W_xh: number[][]; W_hh: number[][]; h: number[] };
  shapes: Record<'x_t' | 'h_prev' | 'Wx' | 'Wh' | 'b' | 'h_t' | 'Wy' | 'y_t', number[]>;
  y_t: number[];
  /** What the demo printed, by name: the numbers lessons/02-…/README.md quotes. */
  transcript: Transcript;
  myRnn: {
    outputShape: number[];
    hiddenShape: number[];
    output: number;
    parameterNames: string[];
    parameterCount: number;
    /** The same model on a sequence ten times longer: same parameters, same count. */
    longSequenceOutputShape: number[];
    gradShapeWx: number[];
  };
  saturation: {
    uniform01: SaturationStats;
    properInit: SaturationStats;
    properInitBound: number;
    /** max |our loop − nn.RNN| with the same (U[0,1)) weights loaded into nn.RNN. */
    libraryMaxDiff: number;
  };
}

const fmt = (v: number, digits = 4) => (v >= 0 ? ' ' : '') + v.toFixed(digits);
const row = (values: ArrayLike<number>, digits = 4) => `[${Array.from(values, (v) => fmt(v, digits)).join(', ')}]`;
const shapeOf = (t: Tensor) => `(${t.shape.join(', ')})`;

// #region my-rnn-cell
class MyRNNCell extends nn.Module {
  Wx: nn.Parameter; // (hidden, input), the layout nn.RNN uses for weight_ih_l0
  Wh: nn.Parameter; // (hidden, hidden)
  b: nn.Parameter; // (hidden)

  constructor(inputSize: number, hiddenSize: number) {
    super();
    this.Wx = new nn.Parameter(randn([hiddenSize, inputSize]));
    this.Wh = new nn.Parameter(randn([hiddenSize, hiddenSize]));
    this.b = new nn.Parameter(randn([hiddenSize]));
  }

  // h_t = tanh(x_t Wxᵀ + h_{t-1} Whᵀ + b), for a whole batch of rows at once
  forward(x: Tensor, hidden: Tensor): Tensor {
    return x.matmul(this.Wx.T).add(hidden.matmul(this.Wh.T)).add(this.b).tanh();
  }
}
// #endregion

// #region my-rnn
class MyRNN extends nn.Module {
  readonly hiddenSize: number;
  rnnCell: MyRNNCell; // a submodule: its Wx, Wh, b become rnnCell.Wx, rnnCell.Wh, rnnCell.b
  Wy: nn.Parameter; // (output, hidden)

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.rnnCell = new MyRNNCell(inputSize, hiddenSize);
    this.Wy = new nn.Parameter(randn([outputSize, hiddenSize]));
  }

  initHidden(batchSize = 1): Tensor {
    return zeros([batchSize, this.hiddenSize]);
  }

  // x: (batch, time, input). The same cell (the same weights) runs at every step.
  forward(x: Tensor): [Tensor, Tensor] {
    let h = this.initHidden(x.shape[0]);
    for (let t = 0; t < x.shape[1]; t++) h = this.rnnCell.forward(x.select(1, t), h);
    const output = h.matmul(this.Wy.T).sigmoid();
    return [output, h];
  }
}
// #endregion

// #region forward-loop
// Note 004's NumPy loop: one sequence, no batch axis, h_t = tanh(Wx·x_t + Wh·h_{t-1} + b).
function runForwardLoop(inputs: Tensor, Wx: Tensor, Wh: Tensor, b: Tensor): Tensor {
  let h = zeros([Wh.shape[0]]);
  const states: Tensor[] = [];
  for (let t = 0; t < inputs.shape[0]; t++) {
    h = Wx.matmul(inputs.select(0, t)).add(Wh.matmul(h)).add(b).tanh();
    states.push(h);
  }
  return stack(states); // (timesteps, hiddenSize)
}
// #endregion

function saturationStats(states: Tensor): SaturationStats {
  const rows = states.toArray() as number[][];
  const later = rows.slice(1).flat();
  const sortedAbs = later.map(Math.abs).sort((a, b) => a - b);
  return {
    states: rows,
    medianAbsFromStep2: sortedAbs[Math.floor(sortedAbs.length / 2)],
    minAbsFromStep2: sortedAbs[0],
    meanTanhDerivative: later.reduce((sum, h) => sum + (1 - h * h), 0) / later.length,
  };
}

type Log = (...args: unknown[]) => void;

function oneStepOnMlMatrix(log: Log): RnnCellResult['oneStep'] {
  // #region one-step-ml-matrix
  const x_t = new Matrix([[0.5, 0.1, -0.3, 0.7]]); // (batch 1, input 4)
  const h_prev = Matrix.zeros(1, 3); // (batch 1, hidden 3)
  const W_xh = randn([4, 3]).mul(0.1).toMatrix(); // (input 4, hidden 3)
  const W_hh = randn([3, 3]).mul(0.1).toMatrix(); // (hidden 3, hidden 3)
  const b_h = Matrix.zeros(1, 3);

  // h_t = tanh(x_t · W_xh + h_{t-1} · W_hh + b_h)
  const h_t = Matrix.tanh(x_t.mmul(W_xh).add(h_prev.mmul(W_hh)).add(b_h));
  // #endregion
  log(`은닉 상태 h_t: ${row(h_t.getRow(0))}  shape (${h_t.rows}, ${h_t.columns})`);
  return { x: x_t.getRow(0), W_xh: W_xh.to2DArray(), W_hh: W_hh.to2DArray(), h: h_t.getRow(0) };
}

function everyShape(log: Log): Pick<RnnCellResult, 'shapes' | 'y_t'> {
  // #region shapes-d4-dh6
  const d = 4; // input size
  const Dh = 6; // hidden size
  const Dy = 2; // output size
  const x_t = randn([d]); // one input vector: (4)
  const h_prev = zeros([1, Dh]); // (1, 6)
  const Wx = randn([Dh, d]); // (6, 4)
  const Wh = randn([Dh, Dh]); // (6, 6)
  const b = randn([Dh]); // (6)

  const h_t = x_t.unsqueeze(0).matmul(Wx.T).add(h_prev.matmul(Wh.T)).add(b.unsqueeze(0)).tanh(); // (1, 6)
  const Wy = randn([Dh, Dy]); // (6, 2)
  const y_t = h_t.matmul(Wy).sigmoid(); // (1, 2), each value in (0, 1)
  // #endregion
  const shapes = { x_t, h_prev, Wx, Wh, b, h_t, Wy, y_t };
  for (const [name, t] of Object.entries(shapes)) log(`${name.padEnd(7)} shape ${shapeOf(t).padEnd(7)} 차원 ${t.ndim}`);
  log(`h_t = ${row(h_t.data)}`);
  log(`y_t = sigmoid(h_t · Wy) = ${row(y_t.data)}`);
  return {
    shapes: Object.fromEntries(Object.entries(shapes).map(([name, t]) => [name, t.shape])) as RnnCellResult['shapes'],
    y_t: Array.from(y_t.data),
  };
}

function cellAsModule(log: Log): RnnCellResult['myRnn'] {
  // #region run-my-rnn
  const sequenceData = tensor([
    [0.1, 0.2, 0.3, 0.4],
    [0.2, 0.3, 0.4, 0.5],
    [0.3, 0.4, 0.5, 0.6],
    [0.4, 0.5, 0.6, 0.7],
    [0.5, 0.6, 0.7, 0.8],
  ]); // (time 5, input 4)
  const model = new MyRNN(4, 6, 1);
  const [output, h_t] = model.forward(sequenceData.unsqueeze(0)); // batch axis added: (1, 5, 4)
  // #endregion
  log(`입력 (1, 5, 4) → 출력 ${shapeOf(output)} = ${output.item().toFixed(4)}, 마지막 은닉 상태 ${shapeOf(h_t)}`);
  log(`마지막 은닉 상태: ${row(h_t.data)}`);
  const named = model.namedParameters();
  const parameterCount = named.reduce((n, [, p]) => n + p.numel(), 0);
  log(`파라미터: ${named.map(([name, p]) => `${name} ${shapeOf(p)}`).join(', ')} → 모두 ${parameterCount}개`);
  const [longOutput] = model.forward(randn([1, 50, 4]));
  log(`길이 50인 시퀀스도 같은 ${parameterCount}개 파라미터로 처리: 출력 ${shapeOf(longOutput)}`);
  output.sum().backward();
  const gradWx = model.rnnCell.Wx.grad!;
  log(`역전파 후 rnnCell.Wx.grad ${shapeOf(gradWx)}: 다섯 스텝이 모두 같은 Wx에 기울기를 보탰다`);
  return {
    outputShape: output.shape,
    hiddenShape: h_t.shape,
    output: output.item(),
    parameterNames: named.map(([name]) => name),
    parameterCount,
    longSequenceOutputShape: longOutput.shape,
    gradShapeWx: gradWx.shape,
  };
}

function saturationDemo(log: Log, transcript: Transcript): RnnCellResult['saturation'] {
  const timesteps = 10;
  const inputDim = 4;
  const hiddenSize = 8;
  const inputs = rand([timesteps, inputDim]); // U[0, 1), like np.random.random
  // #region saturation
  // All weights drawn from U[0, 1), as in note 004: every term of the sum is positive.
  const WxPositive = rand([hiddenSize, inputDim]);
  const WhPositive = rand([hiddenSize, hiddenSize]);
  const bPositive = rand([hiddenSize]);
  const saturated = runForwardLoop(inputs, WxPositive, WhPositive, bPositive);

  // nn.RNN's init instead: U(−1/√H, 1/√H), centred on zero.
  const bound = 1 / Math.sqrt(hiddenSize);
  const uniformInit = (shape: number[]) => nn.init.uniform_(zeros(shape), -bound, bound);
  const centred = runForwardLoop(inputs, uniformInit([hiddenSize, inputDim]), uniformInit([hiddenSize, hiddenSize]), uniformInit([hiddenSize]));
  // #endregion
  const uniform01 = saturationStats(saturated);
  const properInit = saturationStats(centred);
  log('가중치 ~ U[0, 1)일 때 각 스텝의 은닉 상태:');
  uniform01.states.forEach((h, t) => log(`  t=${String(t + 1).padStart(2)} ${row(h, 5)}`));
  log(`  둘째 스텝부터: |h| 중앙값 ${uniform01.medianAbsFromStep2.toFixed(5)}, 최솟값 ${uniform01.minAbsFromStep2.toFixed(5)}, 평균 tanh'(a) = 1 − h² = ${uniform01.meanTanhDerivative.toExponential(1)}`);
  log(`가중치 ~ U(−1/√8, 1/√8) = U(−${bound.toFixed(3)}, ${bound.toFixed(3)})일 때:`);
  properInit.states.forEach((h, t) => log(`  t=${String(t + 1).padStart(2)} ${row(h, 5)}`));
  log(`  둘째 스텝부터: |h| 중앙값 ${properInit.medianAbsFromStep2.toFixed(3)}, 평균 tanh'(a) = 1 − h² = ${properInit.meanTanhDerivative.toFixed(3)}`);

  // #region same-as-nn-rnn
  // nn.RNN computes the same loop; it has two biases, so b goes in bias_ih_l0 and bias_hh_l0 is zero.
  const rnn = new nn.RNN(inputDim, hiddenSize);
  rnn.loadStateDict({
    weight_ih_l0: WxPositive.toArray(),
    weight_hh_l0: WhPositive.toArray(),
    bias_ih_l0: bPositive.toArray(),
    bias_hh_l0: zeros([hiddenSize]).toArray(),
  });
  const [libraryStates] = rnn.forward(inputs); // unbatched input (10, 4) → output (10, 8)
  // #endregion
  const libraryMaxDiff = Math.max(...Array.from(libraryStates.data, (v, i) => Math.abs(v - saturated.data[i])));
  log(`같은 가중치를 넣은 nn.RNN과 우리 루프의 최대 차이: ${libraryMaxDiff.toExponential(1)}`);
  transcript.table('saturation-table', ['가중치 분포', '$\\lvert h\\rvert$의 중앙값', '평균 $\\tanh\'(a) = 1 - h^2$'], [
    ['U[0, 1) (노트 004)', uniform01.medianAbsFromStep2.toFixed(5), sci(uniform01.meanTanhDerivative)],
    [`U(−${bound.toFixed(3)}, ${bound.toFixed(3)}) (\`nn.RNN\`의 기본값)`, properInit.medianAbsFromStep2.toFixed(3), sci(properInit.meanTanhDerivative, 3)],
  ]);
  transcript.value('library-gap', libraryMaxDiff.toExponential(1));
  return { uniform01, properInit, properInitBound: bound, libraryMaxDiff };
}

export async function main({ quiet = false, seed = 0 }: { quiet?: boolean; seed?: number } = {}): Promise<RnnCellResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  manualSeed(seed);
  transcript.block('one-step');
  log('== 1. 한 스텝을 손으로: ml-matrix (batch 1, input 4, hidden 3) ==');
  const oneStep = oneStepOnMlMatrix(log);
  transcript.block('every-shape');
  log('\n== 2. 모든 shape를 찍어 보기: d = 4, Dh = 6 (Tensor) ==');
  const { shapes, y_t } = everyShape(log);
  transcript.block('module');
  log('\n== 3. 셀을 Module로: MyRNNCell, MyRNN ==');
  const myRnn = cellAsModule(log);
  transcript.block('saturation');
  log('\n== 4. 노트 004의 순전파 루프: timesteps 10, input 4, hidden 8 ==');
  const saturation = saturationDemo(log, transcript);
  transcript.endBlock();
  transcript.value('seed', seed);
  return { oneStep, shapes, y_t, myRnn, saturation, transcript };
}
