// Graded suite of exercise 04 (sine prediction): the data really is a sine window followed by its
// next value, SinPredictor is RNN(1, H) + Linear(H, 1) on the last hidden state, and a short
// training run beats the "repeat the last value" baseline on fresh data at any seed.
//
// Judge/probe split: the probes (run in the submission's process) only build the submission's
// objects, call them and send back numbers; everything below that compares, counts or thresholds
// runs here, in the grading process.
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, toNumeric, type Rng, type SandboxContext } from '../kit/index.ts';

const TWO_PI = 2 * Math.PI;
// The short training run of the graded check (the exercise's defaults are 1000 samples, hidden 32, 50 epochs).
const TRAIN_SAMPLES = 512;
const TRAIN_HIDDEN = 16;
const TRAIN_EPOCHS = 15;
const BASELINE_FACTOR = 0.25;
// Training runs inside one probe call; the default 10 s per call is for quick calls.
const TRAINING_TIMEOUT_MS = 60_000;

/** The flat values of a tensor (or nested array) the submission returned, or a failure saying what it was instead. */
function numbers(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

/** Sine windows built here, independently of the submission: seqLen + 1 points over 4π from a random phase. */
function sineWindows(rng: Rng, seqLen: number, count: number): { X: number[][][]; y: number[]; lastInput: number[] } {
  const step = (2 * TWO_PI) / seqLen;
  const windows: number[][][] = [];
  const targets: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = rng.uniform(0, TWO_PI);
    windows.push(Array.from({ length: seqLen }, (_, k) => [Math.sin(start + k * step)]));
    targets.push(Math.sin(start + seqLen * step));
  }
  return { X: windows, y: targets, lastInput: windows.map((w) => w[seqLen - 1][0]) };
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

/** Mean of (a_i - b_i)² over the targets. */
function meanSquaredError(predictions: number[], targets: number[]): number {
  return predictions.reduce((sum, p, i) => sum + (p - targets[i]) ** 2, 0) / targets.length;
}

// Probe: generateSinData(seqLen, count, { generator: new Generator(seed) }) in the submission's process.
const generateWithSeed = async ({ load, lib }: SandboxContext, input: { seqLen: number; count: number; seed: number }) => {
  const { generateSinData } = await load('data.ts');
  const sample = generateSinData(input.seqLen, input.count, { generator: new lib.Generator(input.seed) });
  return { X: sample.X, y: sample.y };
};

group('generateSinData', {}, () => {
  check('X is (nSamples, seqLen, 1) and y is (nSamples), with defaults seqLen 30 and 1000 samples', { points: 1 }, async ({ run }) => {
    const got = await run(async ({ load }: SandboxContext) => {
      const { generateSinData } = await load('data.ts');
      const small = generateSinData(12, 7);
      const defaults = generateSinData();
      return { small: { X: small.X, y: small.y }, defaults: { X: defaults.X, y: defaults.y } };
    }, null);
    expectShape(got.small.X, [7, 12, 1], 'generateSinData(12, 7).X');
    expectShape(got.small.y, [7], 'generateSinData(12, 7).y');
    expectShape(got.defaults.X, [1000, 30, 1], 'generateSinData().X');
    expectShape(got.defaults.y, [1000], 'generateSinData().y');
  });

  check('every window is a unit sine with step 4π/seqLen and y is its next value', {
    points: 2,
    visibility: 'hidden',
    hint: 'x_k = sin(start + k·4π/seqLen) for k = 0 … seqLen-1, and y = sin(start + seqLen·4π/seqLen)',
  }, async ({ rng, run }) => {
    const seqLen = rng.int(8, 41);
    const count = 64;
    const sample = await run(generateWithSeed, { seqLen, count, seed: rng.int(0, 1e9) });
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

  check('start phases are spread over [0, 2π)', { points: 1, visibility: 'hidden', hint: 'draw start uniformly in [0, 2π) for every sample' }, async ({ rng, run }) => {
    const seqLen = 30;
    const count = 400;
    const sample = await run(generateWithSeed, { seqLen, count, seed: rng.int(0, 1e9) });
    expectShape(sample.X, [count, seqLen, 1], 'X');
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

  check('uses the generator option: same seed, same data; another seed, other data', { points: 1, hint: 'draw every random number from `generator ?? defaultGenerator()`' }, async ({ run }) => {
    // One call at a time: the submission's process answers probes in turn.
    const first = numbers((await run(generateWithSeed, { seqLen: 10, count: 20, seed: 5 })).X, 'X');
    const again = numbers((await run(generateWithSeed, { seqLen: 10, count: 20, seed: 5 })).X, 'X');
    const other = numbers((await run(generateWithSeed, { seqLen: 10, count: 20, seed: 6 })).X, 'X');
    // Neither run is the reference: both are the learner's, so the message names them first and second.
    const what = 'X of generateSinData(10, 20, { generator: new Generator(5) })';
    if (again.length !== first.length) fail(`two runs with the same generator differ: ${what} has ${first.length} values in the first run and ${again.length} in the second`);
    const differing = first.flatMap((v, i) => (Object.is(v, again[i]) && v === v ? [] : [i]));
    if (differing.length > 0) {
      const i = differing[0];
      fail(`two runs with the same generator differ: ${what} at flat index ${i} is ${first[i]} in the first run and ${again[i]} in the second`
        + ` (${differing.length} of ${first.length} values differ)`);
    }
    expectTrue(other.some((v, i) => v !== first[i]), 'new Generator(6) gave the same windows as new Generator(5)');
  });
});

group('SinPredictor', {}, () => {
  check('parameter names and shapes: rnn (input 1) and fc (hidden → 1)', { points: 1, hint: 'name the layers `rnn` and `fc`: this.rnn = new nn.RNN(1, hiddenSize, …), this.fc = new nn.Linear(hiddenSize, 1)' }, async ({ run }) => {
    const got = await run(async ({ load }: SandboxContext) => {
      const { SinPredictor } = await load('model.ts');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const shapesOf = (net: any) => Object.fromEntries(net.namedParameters().map(([name, p]: [string, { shape: number[] }]) => [name, [...p.shape]]));
      return { defaults: shapesOf(new SinPredictor()), small: shapesOf(new SinPredictor(8)) };
    }, null);
    expectEqual(got.defaults, expectedParameterShapes(32), 'parameters of new SinPredictor()');
    expectEqual(got.small, expectedParameterShapes(8), 'parameters of new SinPredictor(8)');
  });

  check('forward maps (batch, seqLen, 1) to (batch), also for a batch of one', { points: 1, hint: 'squeeze only the last axis: .squeeze(-1)' }, async ({ rng, run }) => {
    const windows = sineWindows(rng, 30, 5);
    const got = await run(async ({ load, lib }: SandboxContext, X: number[][][]) => {
      const { SinPredictor } = await load('model.ts');
      const net = new SinPredictor(8);
      const batch = lib.tensor(X);
      return {
        five: lib.noGrad(() => net.forward(batch)),
        one: lib.noGrad(() => net.forward(batch.narrow(0, 0, 1))),
      };
    }, windows.X);
    expectShape(got.five, [5], 'forward on (5, 30, 1)');
    expectShape(got.one, [1], 'forward on (1, 30, 1)');
  });

  check('forward equals tanh RNN + Linear on the last hidden state, with the same weights', {
    points: 2,
    visibility: 'hidden',
    hint: 'use the last row of h_n (hN.select(0, -1)) and the plain nn.RNN / nn.Linear layers',
  }, async ({ rng, run }) => {
    const hidden = rng.int(3, 12);
    const seqLen = rng.int(5, 20);
    const batch = rng.int(2, 6);
    const weights: Record<string, number[][] | number[]> = {};
    for (const [name, shape] of Object.entries(expectedParameterShapes(hidden))) {
      weights[name] = rng.array(shape, -0.6, 0.6) as number[][] | number[];
    }
    const windows = Array.from({ length: batch }, () => Array.from({ length: seqLen }, () => rng.uniform(-1, 1)));
    const expected = windows.map((w) => referencePrediction(weights, w));
    const got = await run(async ({ load, lib }: SandboxContext, input: { hidden: number; weights: Record<string, number[][] | number[]>; windows: number[][] }) => {
      const { SinPredictor } = await load('model.ts');
      const net = new SinPredictor(input.hidden);
      net.loadStateDict(input.weights);
      return lib.noGrad(() => net.forward(lib.tensor(input.windows.map((w) => w.map((v) => [v])))));
    }, { hidden, weights, windows });
    expectClose(got, expected, { name: 'SinPredictor.forward', rtol: 1e-9, atol: 1e-10 });
  });
});

group('training', {}, () => {
  check('trainSinPredictor returns one mean loss per epoch, calls onEpoch, and the loss goes down', {
    points: 1,
    timeout: TRAINING_TIMEOUT_MS,
    hint: 'return an array with the mean loss of each epoch; call onEpoch?.(epoch, loss) after every epoch',
  }, async ({ rng, run }) => {
    const windows = sineWindows(rng, 12, 64);
    const got = await run(async ({ load, lib }: SandboxContext, input: { X: number[][][]; y: number[] }) => {
      const { SinPredictor } = await load('model.ts');
      const { trainSinPredictor } = await load('train.ts');
      lib.manualSeed(4);
      const net = new SinPredictor(8);
      const seen: unknown[] = [];
      const history = trainSinPredictor(net, lib.tensor(input.X), lib.tensor(input.y), { epochs: 4, generator: new lib.Generator(4), onEpoch: (epoch: unknown) => seen.push(epoch) });
      return { isArray: Array.isArray(history), type: typeof history, history: Array.isArray(history) ? history : null, seen };
    }, { X: windows.X, y: windows.y });
    expectTrue(got.isArray === true, `trainSinPredictor should return an array of losses, got ${typeof got.type === 'string' ? got.type : 'something else'}`);
    const history = got.history as unknown[];
    expectEqual(history.length, 4, 'number of losses returned for epochs: 4');
    expectTrue(history.every((v) => typeof v === 'number' && Number.isFinite(v)), 'the returned losses are not all finite numbers');
    expectEqual(got.seen, [1, 2, 3, 4], 'epochs passed to onEpoch');
    const losses = history as number[];
    expectTrue(losses[3] < losses[0], `the loss did not go down over 4 epochs: ${losses.map((v) => v.toFixed(4)).join(', ')}`);
  });

  check('testMse is the mean squared error of the predictions', { points: 1, visibility: 'hidden' }, async ({ rng, run }) => {
    const seed = rng.int(0, 1e9);
    const windows = sineWindows(rng, 15, 20);
    const got = await run(async ({ load, lib }: SandboxContext, input: { seed: number; X: number[][][]; y: number[] }) => {
      const { SinPredictor } = await load('model.ts');
      const { testMse } = await load('train.ts');
      lib.manualSeed(input.seed);
      const net = new SinPredictor(6);
      const X = lib.tensor(input.X);
      const predictions = lib.noGrad(() => net.forward(X));
      return { predictions, mse: testMse(net, X, lib.tensor(input.y)) };
    }, { seed, X: windows.X, y: windows.y });
    // The reference is the MSE of the learner's own predictions: this check is about testMse, not forward.
    const predictions = numbers(got.predictions, 'SinPredictor.forward');
    expectEqual(predictions.length, windows.y.length, 'number of predictions');
    expectClose(got.mse, meanSquaredError(predictions, windows.y), { name: 'testMse', rtol: 1e-9, atol: 1e-12 });
  });

  check('after a short training the test MSE is far below the "repeat the last value" baseline', {
    points: 3,
    visibility: 'hidden',
    timeout: TRAINING_TIMEOUT_MS,
    hint: 'train with MSE + Adam on mini-batches and honour the epochs option; the model must use the last hidden state',
  }, async ({ rng, run }) => {
    const seqLen = 20;
    const trainSet = sineWindows(rng, seqLen, TRAIN_SAMPLES);
    const testSet = sineWindows(rng, seqLen, 200);
    // The library seed of the run, drawn after the data so the data stay those of the grading seed.
    const seed = rng.int(0, 1e9);
    const got = await run(async ({ load, lib }: SandboxContext, input: { seed: number; hidden: number; epochs: number; trainX: number[][][]; trainY: number[]; testX: number[][][] }) => {
      const { SinPredictor } = await load('model.ts');
      const { trainSinPredictor } = await load('train.ts');
      lib.manualSeed(input.seed);
      const net = new SinPredictor(input.hidden);
      trainSinPredictor(net, lib.tensor(input.trainX), lib.tensor(input.trainY), { epochs: input.epochs, generator: new lib.Generator(input.seed) });
      return lib.noGrad(() => net.forward(lib.tensor(input.testX)));
    }, { seed, hidden: TRAIN_HIDDEN, epochs: TRAIN_EPOCHS, trainX: trainSet.X, trainY: trainSet.y, testX: testSet.X });
    const predictions = numbers(got, 'SinPredictor.forward');
    expectEqual(predictions.length, testSet.y.length, 'number of predictions');
    const mse = meanSquaredError(predictions, testSet.y);
    const baseline = meanSquaredError(testSet.lastInput, testSet.y);
    expectTrue(Number.isFinite(mse), 'the predictions after training are not finite');
    expectTrue(mse < BASELINE_FACTOR * baseline,
      `test MSE ${mse.toFixed(4)} after ${TRAIN_EPOCHS} epochs is not below ${BASELINE_FACTOR} × the baseline "repeat the last value" (${baseline.toFixed(4)})`);
  });
});

check('why a simple RNN struggles on long sequences', { points: 1, visibility: 'hidden' }, async ({ run }) => {
  const answer = await run(async ({ load }: SandboxContext) => (await load('questions.ts')).whySimpleRnnStruggles(), null);
  expectEqual(answer, 'b', 'whySimpleRnnStruggles()');
});
