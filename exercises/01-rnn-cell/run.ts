// `npm run ex -- 01`: one step by hand, the unrolled loop, the cell as a Module checked against
// nn.RNN, and note 004's saturation with U[0, 1) weights next to nn.RNN's own initialisation.
import { Matrix } from 'ml-matrix';
import Table from 'cli-table3';
import { Generator, manualSeed, nn, noGrad, randn, tensor } from '../../lib/index.ts';
import { type CellWeights, rnnStep, unrollSequence } from './cell-by-hand.ts';
import { MyRNN } from './my-rnn.ts';
import { saturationExperiment, saturationFraction } from './saturation.ts';
import { whyDoesItSaturate } from './questions.ts';

const shape = (m: Matrix) => `(${m.rows}, ${m.columns})`;
const row = (values: number[], digits = 4) => `[${values.map((v) => v.toFixed(digits)).join(', ')}]`;

/** Weights of the given sizes from N(0, 0.1²), the scale note 001 uses for its one-step example. */
function smallNormalWeights(inputSize: number, hiddenSize: number): CellWeights {
  const draw = (rows: number, columns: number) => randn([rows, columns]).mul(0.1).toMatrix();
  return { Wx: draw(hiddenSize, inputSize), Wh: draw(hiddenSize, hiddenSize), b: draw(1, hiddenSize).getRow(0) };
}

export async function main(_options: { outDir: string }): Promise<void> {
  manualSeed(0);

  console.log('== 1. 한 시점(one step): h_t = tanh(x_t Wxᵀ + h_{t-1} Whᵀ + b) ==');
  const weights = smallNormalWeights(4, 3);
  const xT = new Matrix([[0.5, 0.1, -0.3, 0.7]]);
  const hPrev = Matrix.zeros(1, 3);
  const hT = rnnStep(xT, hPrev, weights);
  console.log(`x_t ${shape(xT)}, h_prev ${shape(hPrev)}, Wx ${shape(weights.Wx)}, Wh ${shape(weights.Wh)}, b (${weights.b.length})`);
  console.log(`h_t ${shape(hT)} = ${row(hT.getRow(0))}`);

  console.log('\n== 2. 시퀀스 펼치기(unrolling): 5 시점, h_0 = 0 ==');
  const sequence = new Matrix([0, 1, 2, 3, 4].map((t) => [0.1, 0.2, 0.3, 0.4].map((v) => v + 0.1 * t)));
  const states = unrollSequence(sequence, weights);
  for (let t = 0; t < states.rows; t++) console.log(`h_${t + 1} = ${row(states.getRow(t))}`);

  console.log('\n== 3. 모듈(Module) MyRNN과 nn.RNN 비교 (같은 가중치) ==');
  const model = new MyRNN(4, 6, 1);
  console.log(`parameters: ${model.namedParameters().map(([name, p]) => `${name} (${p.shape.join(', ')})`).join(', ')}`);
  const rnn = new nn.RNN(4, 6, { batchFirst: true });
  const cell = model.rnnCell;
  rnn.loadStateDict({
    weight_ih_l0: cell.Wx.toArray(),
    weight_hh_l0: cell.Wh.toArray(),
    bias_ih_l0: cell.b.toArray(),
    bias_hh_l0: new Array(6).fill(0), // nn.RNN has two biases; their sum plays the role of b
  });
  const x = tensor([sequence.to2DArray()]);
  const [output, hidden] = noGrad(() => model.forward(x));
  const [, hN] = noGrad(() => rnn.forward(x));
  const difference = hidden.sub(hN.select(0, 0)).abs().max().item();
  console.log(`MyRNN output ${JSON.stringify(output.shape)} = ${output.item().toFixed(4)}, h_T (${hidden.shape.join(', ')})`);
  console.log(`max |h_T(MyRNN) − h_n(nn.RNN)| = ${difference.toExponential(2)}`);

  console.log('\n== 4. 포화(saturation): 10 시점, 입력 4, 은닉 8 ==');
  const table = new Table({ head: ['가중치 (weights)', '마지막 h_10', '|h| > 0.99 (2번째 시점부터)'], style: { head: [], border: [] } });
  for (const init of ['uniform01', 'pytorch'] as const) {
    const run = saturationExperiment({ init, generator: new Generator(4) });
    const fromStep2 = run.states.subMatrix(1, run.states.rows - 1, 0, run.states.columns - 1);
    const label = init === 'uniform01' ? 'U[0, 1) (노트 004)' : 'U(−1/√8, 1/√8) (nn.RNN)';
    table.push([label, row(run.states.getRow(run.states.rows - 1), 5), `${(100 * saturationFraction(fromStep2, 0.99)).toFixed(1)} %`]);
  }
  console.log(table.toString());
  console.log(`왜 포화되나? 답: ${whyDoesItSaturate()} (questions.ts)`);
}
