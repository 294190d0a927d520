// Lesson 05: predicting the next value of a sequence. Sliding windows over [1, 2, 3, …], then
// note 002's generate_sin_data and SinPredictor (RNN(1, 32) + Linear(32, 1)) trained with MSE and Adam,
// and how much each past step still influences the prediction (why long sequences are hard).
import * as asciichart from 'asciichart';
import { Tensor, manualSeed, nn, noGrad, optim, rand, randperm, tensor } from '../../lib/index.ts';
import { colorEnabled } from '../../scripts/ex/terminal.ts';
import { Transcript, sci } from '../transcript.ts';

export interface SinePredictionResult {
  /** What the demo printed, by name: the numbers lessons/05-…/README.md quotes. */
  transcript: Transcript;
  windows: { input: number[]; target: number }[];
  trainShapes: { X: number[]; y: number[] };
  /** Mean training loss of each epoch. */
  epochLosses: number[];
  testMse: number;
  /** Test MSE of two models that learn nothing: always 0, and "the next value equals the last one". */
  baselines: { zero: number; repeatLast: number };
  /** First five test samples: prediction and truth. */
  samples: { predicted: number; actual: number }[];
  /** Mean |∂ŷ/∂x_t| over the test set for t = 0 … seqLen−1 (the last entry is the most recent step). */
  sensitivity: number[];
}

type Log = (...args: unknown[]) => void;

// #region windows
// Turn one series into (window → next value) pairs: [1, 2, 3, 4] → 5, [2, 3, 4, 5] → 6, …
function slidingWindows(series: number[], windowSize: number): { input: number[]; target: number }[] {
  const pairs: { input: number[]; target: number }[] = [];
  for (let start = 0; start + windowSize < series.length; start++) {
    pairs.push({ input: series.slice(start, start + windowSize), target: series[start + windowSize] });
  }
  return pairs;
}
// #endregion

// #region generate-sin-data
// Each sample: seqLen + 1 points of sin over two periods (4π) from a random phase;
// the first seqLen points are the input, the last one is the value to predict.
function generateSinData(seqLen = 50, nSamples = 1000): { X: Tensor; y: Tensor } {
  const starts = rand([nSamples]).mul(2 * Math.PI); // U(0, 2π), from the seeded generator
  const X: number[][][] = [];
  const y: number[] = [];
  for (const start of starts.data) {
    const seq = Array.from({ length: seqLen + 1 }, (_, i) => Math.sin(start + (4 * Math.PI * i) / seqLen));
    X.push(seq.slice(0, -1).map((v) => [v])); // (seqLen, 1)
    y.push(seq[seqLen]);
  }
  return { X: tensor(X), y: tensor(y) }; // X: (nSamples, seqLen, 1), y: (nSamples)
}
// #endregion

// #region sin-predictor
class SinPredictor extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor() {
    super();
    this.rnn = new nn.RNN(1, 32, { batchFirst: true });
    this.fc = new nn.Linear(32, 1);
  }

  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x); // hN: (1, batch, 32)
    return this.fc.forward(hN.select(0, -1)).squeeze(-1); // (batch)
  }
}
// #endregion

function mse(a: Tensor, b: Tensor): number {
  return a.sub(b).pow(2).mean().item();
}

export async function main({ quiet = false, seed = 0 }: { quiet?: boolean; seed?: number } = {}): Promise<SinePredictionResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  const v = (name: string, text: string | number) => transcript.value(name, text);
  manualSeed(seed);
  v('seed', seed);

  transcript.block('windows');
  log('== 1. 다음 값 맞히기: 수열을 (창 → 다음 값) 쌍으로 ==');
  const windows = slidingWindows([1, 2, 3, 4, 5, 6, 7, 8], 4);
  for (const w of windows) log(`  [${w.input.join(', ')}] → ${w.target}`);

  transcript.endBlock();
  log('\n== 2. 사인파 데이터와 SinPredictor: RNN(1, 32) + Linear(32, 1) ==');
  // #region train
  const seqLen = 50;
  const train = generateSinData(seqLen, 400);
  const test = generateSinData(seqLen, 100);

  const model = new SinPredictor();
  const criterion = new nn.MSELoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const epochs = 15;
  const batchSize = 32;
  const epochLosses: number[] = [];

  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = Array.from(randperm(train.X.shape[0]).data); // a new shuffle every epoch
    let lossSum = 0;
    for (let i = 0; i < order.length; i += batchSize) {
      const batch = order.slice(i, i + batchSize);
      const prediction = model.forward(train.X.index(batch)); // (batch)
      const loss = criterion.forward(prediction, train.y.index(batch));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      lossSum += loss.item() * batch.length;
    }
    epochLosses.push(lossSum / order.length);
  }
  const testPrediction = noGrad(() => model.forward(test.X));
  const testMse = mse(testPrediction, test.y);
  // #endregion
  transcript.block('training');
  log(`학습 X ${`(${train.X.shape.join(', ')})`}, y (${train.y.shape.join(', ')}); 테스트 ${test.X.shape[0]}개`);
  epochLosses.forEach((loss, e) => {
    if (e % 3 === 0 || e === epochs - 1) log(`  epoch ${String(e + 1).padStart(2)}/${epochs}  train MSE ${loss.toExponential(3)}`);
  });

  // #region baselines
  const lastValues = test.X.select(1, seqLen - 1).squeeze(-1); // x_{T-1} of every test sequence
  const baselines = {
    zero: mse(test.y.mul(0), test.y), // always predict 0: E[sin²] ≈ 0.5
    repeatLast: mse(lastValues, test.y), // "tomorrow = today"
  };
  // #endregion
  log(`테스트 MSE: ${testMse.toExponential(3)}   (비교: 항상 0 → ${baselines.zero.toFixed(3)}, 마지막 값 반복 → ${baselines.repeatLast.toExponential(3)})`);

  v('first-train-mse', epochLosses[0].toFixed(3));
  v('last-train-mse', sci(epochLosses[epochs - 1]));
  v('test-mse', sci(testMse));
  v('ratio', (baselines.repeatLast / testMse).toFixed(0));
  transcript.table('baselines-table', ['예측 방법', `테스트 MSE (시드 ${seed})`, '이론값'], [
    ['항상 0', baselines.zero.toFixed(3), '$E[\\sin^2] = 0.5$'],
    ['마지막 값을 그대로 (오늘 = 내일)', baselines.repeatLast.toFixed(4), '$1 - \\cos(4\\pi / 50) \\approx 0.0314$'],
    ['`SinPredictor`', sci(testMse), ''],
  ], 'lrl');
  const samples = Array.from({ length: 5 }, (_, i) => ({ predicted: testPrediction.get(i), actual: test.y.get(i) }));
  log('테스트 예측 5개:');
  for (const s of samples) log(`  예측 ${s.predicted.toFixed(4).padStart(7)}   실제 ${s.actual.toFixed(4).padStart(7)}   오차 ${(s.predicted - s.actual).toFixed(4)}`);
  transcript.endBlock();
  v('largest-sample-error', Math.max(...samples.map((s) => Math.abs(s.predicted - s.actual))).toFixed(4));

  if (!quiet) {
    // One long wave, each point predicted from the 50 before it (one step ahead).
    const long = Array.from({ length: seqLen + 60 }, (_, i) => Math.sin(0.3 + (4 * Math.PI * i) / seqLen));
    const inputs = tensor(slidingWindows(long, seqLen).map((w) => w.input.map((v) => [v])));
    const predicted = Array.from(noGrad(() => model.forward(inputs)).data);
    const on = colorEnabled();
    log(on ? '\n실제 사인파(파랑)와 한 스텝 앞 예측(초록), 60 시점:' : '\n실제 사인파와 한 스텝 앞 예측, 60 시점 (두 곡선이 겹치면 예측이 위에 그려진다):');
    log(asciichart.plot([long.slice(seqLen), predicted], { height: 10, colors: on ? [asciichart.blue, asciichart.green] : undefined }));
  }

  transcript.block('sensitivity');
  log('\n== 3. 예측은 얼마나 먼 과거까지 보나: |∂ŷ/∂x_t| ==');
  // #region sensitivity
  const xs = test.X.detach().requiresGrad_(); // a leaf we can take gradients with respect to
  model.forward(xs).sum().backward(); // each prediction depends only on its own sequence
  const sensitivity = Array.from({ length: seqLen }, (_, t) => xs.grad!.select(1, t).abs().mean().item());
  // #endregion
  for (const back of [1, 2, 5, 10, 20, 30, 40, 50]) {
    log(`  ${String(back).padStart(2)}스텝 전 입력 x_{T-${back}}: 평균 |∂ŷ/∂x| = ${sensitivity[seqLen - back].toExponential(2)}`);
  }
  transcript.endBlock();
  transcript.table('sensitivity-table', ['입력 시점', `평균 $\\lvert \\partial \\hat{y} / \\partial x \\rvert$ (시드 ${seed})`], [1, 10, 30, 50].map((back) => [
    back === seqLen ? `${back}스텝 전 (가장 오래된 입력)` : `${back}스텝 전`,
    sensitivity[seqLen - back].toPrecision(2),
  ]));
  v('decay-ratio', (sensitivity[seqLen - 1] / sensitivity[0]).toFixed(0));
  if (!quiet) {
    log('log10 |∂ŷ/∂x_t|, t = 0 (가장 오래된 입력) … 49 (가장 최근):');
    log(asciichart.plot(sensitivity.map((s) => Math.log10(s)), { height: 8 }));
  }

  return {
    windows,
    trainShapes: { X: train.X.shape, y: train.y.shape },
    epochLosses,
    testMse,
    baselines,
    samples,
    sensitivity,
    transcript,
  };
}
