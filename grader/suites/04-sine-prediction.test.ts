// Graded suite of exercise 04 (sine prediction): the data really is a sine window followed by its
// next value, SinPredictor is RNN(1, H) + Linear(H, 1) on the last hidden state, and a short
// training run beats the "repeat the last value" baseline on fresh data at any seed.
import { Generator, manualSeed, noGrad, tensor, type Tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, loadSubmission, toNumeric, type Rng } from '../kit/index.ts';

const data = loadSubmission(() => import('@submission/04-sine-prediction/data.ts'));
const model = loadSubmission(() => import('@submission/04-sine-prediction/model.ts'));
const train = loadSubmission(() => import('@submission/04-sine-prediction/train.ts'));
const questions = loadSubmission(() => import('@submission/04-sine-prediction/questions.ts'));

const TWO_PI = 2 * Math.PI;
// The short training run of the graded check (the exercise's defaults are 1000 samples, hidden 32, 50 epochs).
const TRAIN_SAMPLES = 512;
const TRAIN_HIDDEN = 16;
const TRAIN_EPOCHS = 15;
const BASELINE_FACTOR = 0.25;


/** The flat values of a tensor (or nested array) the submission returned, or a failure saying what it was instead. */
function numbers(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

/** Sine windows built here, independently of the submission: seqLen + 1 points over 4π from a random phase. */
function sineWindows(rng: Rng, seqLen: number, count: number): { X: Tensor; y: Tensor; lastInput: number[] } {
  const step = (2 * TWO_PI) / seqLen;
  const windows: number[][][] = [];
  const targets: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = rng.uniform(0, TWO_PI);
    windows.push(Array.from({ length: seqLen }, (_, k) => [Math.sin(start + k * step)]));
    targets.push(Math.sin(start + seqLen * step));
  }
  return { X: tensor(windows), y: tensor(targets), lastInput: windows.map((w) => w[seqLen - 1][0]) };
}

/** The reference forward pass written out: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), then fc on h_T. */
function referencePrediction(weights: Record<string, number[][] | number[]>, window: number[]): number {
  const wIh = weights['rnn.weight_ih_l0'] as number[][];
  const wHh = weights['rnn.weight_hh_l0'] as number[][];
  const bIh = weights['rnn.bias_ih_l0'] as number[];
  const bHh = weights['rnn.bias_hh_l0'] as number[];
  const fcW = weights['fc.weight'] as number[][];
  const fcB = weights['fc.bias'] as number[];
  const hidden = bIh.length;
  let h = new Array<number>(hidden).fill(0);
  for (const x of window) {
    h = h.map((_, j) => {
      let z = wIh[j][0] * x + bIh[j] + bHh[j];
      for (let k = 0; k < hidden; k++) z += wHh[j][k] * h[k];
      return Math.tanh(z);
    });
  }
  return fcW[0].reduce((sum, w, k) => sum + w * h[k], fcB[0]);
}

function expectedParameterShapes(hidden: number): Record<string, number[]> {
  return {
    'rnn.weight_ih_l0': [hidden, 1],
    'rnn.weight_hh_l0': [hidden, hidden],
    'rnn.bias_ih_l0': [hidden],
    'rnn.bias_hh_l0': [hidden],
    'fc.weight': [1, hidden],
    'fc.bias': [1],
  };
}

group('generateSinData', {}, () => {
  check('X is (nSamples, seqLen, 1) and y is (nSamples), with defaults seqLen 30 and 1000 samples', { points: 1 }, async () => {
    const { generateSinData } = await data();
    const small = generateSinData(12, 7);
    expectShape(small.X, [7, 12, 1], 'generateSinData(12, 7).X');
    expectShape(small.y, [7], 'generateSinData(12, 7).y');
    const defaults = generateSinData();
    expectShape(defaults.X, [1000, 30, 1], 'generateSinData().X');
    expectShape(defaults.y, [1000], 'generateSinData().y');
  });

  check('every window is a unit sine with step 4π/seqLen and y is its next value', {
    points: 2,
    visibility: 'hidden',
    hint: 'x_k = sin(start + k·4π/seqLen) for k = 0 … seqLen-1, and y = sin(start + seqLen·4π/seqLen)',
  }, async ({ rng }) => {
    const { generateSinData } = await data();
    const seqLen = rng.int(8, 41);
    const count = 64;
    const sample = generateSinData(seqLen, count, { generator: new Generator(rng.int(0, 1e9)) });
    expectShape(sample.X, [count, seqLen, 1], 'X');
    expectShape(sample.y, [count], 'y');
    const xs = numbers(sample.X, 'X');
    const ys = numbers(sample.y, 'y');
    const step = (2 * TWO_PI) / seqLen;
    for (let i = 0; i < count; i++) {
      const wave = [...xs.slice(i * seqLen, (i + 1) * seqLen), ys[i]];
      // A unit sine: sin(φ) and cos(φ) recovered from the first two points lie on the unit circle.
      const cosPhase = (wave[1] - wave[0] * Math.cos(step)) / Math.sin(step);
      expectTrue(Math.abs(wave[0] ** 2 + cosPhase ** 2 - 1) < 1e-9, `sample ${i}: the window is not sin(start + k·4π/seqLen) with amplitude 1`);
      // sin(a + Δ) = 2cos(Δ)·sin(a) − sin(a − Δ): each point continues the two before it, the target included.
      for (let k = 1; k < seqLen; k++) {
        if (Math.abs(wave[k + 1] - (2 * Math.cos(step) * wave[k] - wave[k - 1])) > 1e-9) {
          fail(k + 1 === seqLen
            ? `sample ${i}: y is not the next value of the sine wave after the window`
            : `sample ${i}: step ${k + 1} of the window does not continue the sine wave with step 4π/seqLen`);
        }
      }
    }
  });

  check('start phases are spread over [0, 2π)', { points: 1, visibility: 'hidden', hint: 'draw start uniformly in [0, 2π) for every sample' }, async ({ rng }) => {
    const { generateSinData } = await data();
    const seqLen = 30;
    const count = 400;
    const sample = generateSinData(seqLen, count, { generator: new Generator(rng.int(0, 1e9)) });
    const xs = numbers(sample.X, 'X');
    const step = (2 * TWO_PI) / seqLen;
    const quarters = [0, 0, 0, 0];
    for (let i = 0; i < count; i++) {
      const s = xs[i * seqLen];
      const c = (xs[i * seqLen + 1] - s * Math.cos(step)) / Math.sin(step);
      const phase = (Math.atan2(s, c) + TWO_PI) % TWO_PI;
      quarters[Math.min(3, Math.floor(phase / (Math.PI / 2)))]++;
    }
    // About 100 per quarter; fewer than 60 in one of them is more than 4 standard deviations off.
    expectTrue(quarters.every((n) => n >= 60), `the start phases of 400 windows are not spread evenly over [0, 2π): per quarter ${quarters.join(', ')}`);
  });

  check('uses the generator option: same seed, same data; another seed, other data', { points: 1, hint: 'draw every random number from `generator ?? defaultGenerator()`' }, async () => {
    const { generateSinData } = await data();
    const first = numbers(generateSinData(10, 20, { generator: new Generator(5) }).X, 'X');
    const again = numbers(generateSinData(10, 20, { generator: new Generator(5) }).X, 'X');
    const other = numbers(generateSinData(10, 20, { generator: new Generator(6) }).X, 'X');
    expectClose(again, first, { name: 'X generated twice with new Generator(5)', rtol: 0, atol: 0 });
    expectTrue(other.some((v, i) => v !== first[i]), 'new Generator(6) gave the same windows as new Generator(5)');
  });
});

group('SinPredictor', {}, () => {
  check('parameter names and shapes: rnn (input 1) and fc (hidden → 1)', { points: 1, hint: 'name the layers `rnn` and `fc`: this.rnn = new nn.RNN(1, hiddenSize, …), this.fc = new nn.Linear(hiddenSize, 1)' }, async () => {
    const { SinPredictor } = await model();
    for (const hidden of [32, 8]) {
      const net = hidden === 32 ? new SinPredictor() : new SinPredictor(hidden);
      const shapes = Object.fromEntries(net.namedParameters().map(([name, p]) => [name, p.shape]));
      expectEqual(shapes, expectedParameterShapes(hidden), hidden === 32 ? 'parameters of new SinPredictor()' : 'parameters of new SinPredictor(8)');
    }
  });

  check('forward maps (batch, seqLen, 1) to (batch), also for a batch of one', { points: 1, hint: 'squeeze only the last axis: .squeeze(-1)' }, async ({ rng }) => {
    const { SinPredictor } = await model();
    const net = new SinPredictor(8);
    const windows = sineWindows(rng, 30, 5);
    expectShape(noGrad(() => net.forward(windows.X)), [5], 'forward on (5, 30, 1)');
    expectShape(noGrad(() => net.forward(windows.X.narrow(0, 0, 1))), [1], 'forward on (1, 30, 1)');
  });

  check('forward equals tanh RNN + Linear on the last hidden state, with the same weights', {
    points: 2,
    visibility: 'hidden',
    hint: 'use the last row of h_n (hN.select(0, -1)) and the plain nn.RNN / nn.Linear layers',
  }, async ({ rng }) => {
    const { SinPredictor } = await model();
    const hidden = rng.int(3, 12);
    const seqLen = rng.int(5, 20);
    const batch = rng.int(2, 6);
    const net = new SinPredictor(hidden);
    const weights: Record<string, number[][] | number[]> = {};
    for (const [name, shape] of Object.entries(expectedParameterShapes(hidden))) {
      weights[name] = rng.array(shape, -0.6, 0.6) as number[][] | number[];
    }
    net.loadStateDict(weights);
    const windows = Array.from({ length: batch }, () => Array.from({ length: seqLen }, () => rng.uniform(-1, 1)));
    const got = noGrad(() => net.forward(tensor(windows.map((w) => w.map((v) => [v])))));
    expectClose(got, windows.map((w) => referencePrediction(weights, w)), { name: 'SinPredictor.forward', rtol: 1e-9, atol: 1e-10 });
  });
});

group('training', {}, () => {
  check('trainSinPredictor returns one mean loss per epoch, calls onEpoch, and the loss goes down', {
    points: 1,
    hint: 'return an array with the mean loss of each epoch; call onEpoch?.(epoch, loss) after every epoch',
  }, async ({ rng }) => {
    const { SinPredictor } = await model();
    const { trainSinPredictor } = await train();
    manualSeed(4);
    const windows = sineWindows(rng, 12, 64);
    const net = new SinPredictor(8);
    const seen: number[] = [];
    const history = trainSinPredictor(net, windows.X, windows.y, { epochs: 4, generator: new Generator(4), onEpoch: (epoch) => seen.push(epoch) });
    expectTrue(Array.isArray(history), `trainSinPredictor should return an array of losses, got ${typeof history}`);
    expectEqual(history.length, 4, 'number of losses returned for epochs: 4');
    expectTrue(history.every((v) => typeof v === 'number' && Number.isFinite(v)), 'the returned losses are not all finite numbers');
    expectEqual(seen, [1, 2, 3, 4], 'epochs passed to onEpoch');
    expectTrue(history[3] < history[0], `the loss did not go down over 4 epochs: ${history.map((v) => v.toFixed(4)).join(', ')}`);
  });

  check('testMse is the mean squared error of the predictions', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { SinPredictor } = await model();
    const { testMse } = await train();
    manualSeed(rng.int(0, 1e9));
    const net = new SinPredictor(6);
    const windows = sineWindows(rng, 15, 20);
    const predictions = numbers(noGrad(() => net.forward(windows.X)), 'SinPredictor.forward');
    const targets = numbers(windows.y, 'y');
    const expected = predictions.reduce((sum, p, i) => sum + (p - targets[i]) ** 2, 0) / targets.length;
    expectClose(testMse(net, windows.X, windows.y), expected, { name: 'testMse', rtol: 1e-9, atol: 1e-12 });
  });

  check('after a short training the test MSE is far below the "repeat the last value" baseline', {
    points: 3,
    visibility: 'hidden',
    timeout: 20000,
    hint: 'train with MSE + Adam on mini-batches and honour the epochs option; the model must use the last hidden state',
  }, async ({ rng, seed }) => {
    const { SinPredictor } = await model();
    const { trainSinPredictor } = await train();
    manualSeed(seed);
    const seqLen = 20;
    const trainSet = sineWindows(rng, seqLen, TRAIN_SAMPLES);
    const testSet = sineWindows(rng, seqLen, 200);
    const net = new SinPredictor(TRAIN_HIDDEN);
    trainSinPredictor(net, trainSet.X, trainSet.y, { epochs: TRAIN_EPOCHS, generator: new Generator(seed) });
    const predictions = numbers(noGrad(() => net.forward(testSet.X)), 'SinPredictor.forward');
    const targets = numbers(testSet.y, 'y');
    const mse = predictions.reduce((sum, p, i) => sum + (p - targets[i]) ** 2, 0) / targets.length;
    const baseline = testSet.lastInput.reduce((sum, last, i) => sum + (last - targets[i]) ** 2, 0) / targets.length;
    expectTrue(Number.isFinite(mse), 'the predictions after training are not finite');
    expectTrue(mse < BASELINE_FACTOR * baseline,
      `test MSE ${mse.toFixed(4)} after ${TRAIN_EPOCHS} epochs is not below ${BASELINE_FACTOR} × the baseline "repeat the last value" (${baseline.toFixed(4)})`);
  });
});

check('why a simple RNN struggles on long sequences', { points: 1, visibility: 'hidden' }, async () => {
  const { whySimpleRnnStruggles } = await questions();
  expectEqual(whySimpleRnnStruggles(), 'b', 'whySimpleRnnStruggles()');
});
