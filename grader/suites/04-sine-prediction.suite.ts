// Graded suite of exercise 04 (sine prediction): the data really is a sine window followed by its
// next value, SinPredictor is RNN(1, H) + Linear(H, 1) on the last hidden state, a few epochs of the
// learner's training equal a reference run of the library (same start weights, data and generator,
// MSE + Adam, one shuffle per epoch) to 1e-9, and a short training run beats the "repeat the last
// value" baseline on fresh data at any seed.
//
// Judge/probe split: the probes (run in the submission's process) only build the submission's
// objects, call them and send back numbers; everything below that compares, counts or thresholds
// runs here, in the grading process.
import { Generator, Tensor, nn, optim, randperm, tensor, type NestedArray } from '../../lib/index.ts';
import {
  check, expectChoice, expectClose, expectEqual, expectShape, expectTrue, expectValueAnswer, fail, group, toNumeric, type Rng, type SandboxContext,
} from '../kit/index.ts';

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

/** The exercise's model rebuilt from the library: same parameter names, same forward. */
class ReferencePredictor extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(hidden: number) {
    super();
    this.rnn = new nn.RNN(1, hidden, { batchFirst: true });
    this.fc = new nn.Linear(hidden, 1);
  }

  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x);
    return this.fc.forward(hN.select(0, -1)).squeeze(-1);
  }
}

/** Start weights drawn here, in the range of the default init for small hidden sizes. */
function startWeights(rng: Rng, hidden: number): Record<string, NestedArray> {
  const state: Record<string, NestedArray> = {};
  for (const [name, shape] of Object.entries(expectedParameterShapes(hidden))) state[name] = rng.array(shape, -0.5, 0.5) as NestedArray;
  return state;
}

/**
 * The training the README asks for, done here with the library: MSE and Adam(lr); every epoch one
 * permutation of all n samples from the generator (randperm draws exactly as the given
 * shuffledBatches does), mini-batches of batchSize taken in that order; the epoch's loss is
 * Σ loss_b·|b| / n. Returns the loss of every epoch and the weights at the end.
 */
function referenceTraining(
  hidden: number,
  state: Record<string, NestedArray>,
  data: { X: number[][][]; y: number[] },
  { epochs, lr, batchSize }: { epochs: number; lr: number; batchSize: number },
  seed: number,
): { losses: number[]; weights: Record<string, NestedArray> } {
  const net = new ReferencePredictor(hidden);
  net.loadStateDict(state);
  const X = tensor(data.X);
  const y = tensor(data.y);
  const n = data.y.length;
  const lossFn = new nn.MSELoss();
  const optimizer = new optim.Adam(net.parameters(), { lr });
  const generator = new Generator(seed);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = Array.from(randperm(n, { generator }).data);
    let total = 0;
    for (let start = 0; start < n; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      optimizer.zeroGrad();
      const loss = lossFn.forward(net.forward(X.index(batch)), y.index(batch));
      loss.backward();
      optimizer.step();
      total += loss.item() * batch.length;
    }
    losses.push(total / n);
  }
  return { losses, weights: net.stateDict() as Record<string, NestedArray> };
}

// Probe: generateSinData(seqLen, count, { generator: new Generator(seed) }) in the submission's process.
const generateWithSeed = async ({ load, lib }: SandboxContext, input: { seqLen: number; count: number; seed: number }) => {
  const { generateSinData } = await load('data.ts');
  const sample = generateSinData(input.seqLen, input.count, { generator: new lib.Generator(input.seed) });
  return { X: sample.X, y: sample.y };
};

group('generateSinData', {}, () => {
  check('X is a (nSamples, seqLen, 1) tensor and y a (nSamples) tensor, with defaults seqLen 30 and 1000 samples', {
    points: 1,
    hint: [
      'every sample is one window of seqLen steps with one feature per step, and y holds the one value that follows each window (see lessons/05-sine-prediction §2)',
      'the defaults are seqLen = 30 and nSamples = 1000; collect each window as [[x0], [x1], …] so that the feature axis exists, and return tensors, not nested arrays (README hint 1)',
      'windows.push(Array.from({ length: seqLen }, (_, k) => [value(k)])); return { X: tensor(windows), y: tensor(targets) } (README code hint 1)',
    ],
  }, async ({ run }) => {
    const got = await run(async ({ load, lib }: SandboxContext) => {
      const { generateSinData } = await load('data.ts');
      const small = generateSinData(12, 7);
      const defaults = generateSinData();
      const smallest = generateSinData(2, 1); // one window of two steps: still a window and its next value
      // A tensor and a nested array arrive here alike: the probe says which it was.
      const tensors = [small.X, small.y, defaults.X, defaults.y].map((v: unknown) => v instanceof lib.Tensor);
      return { small: { X: small.X, y: small.y }, defaults: { X: defaults.X, y: defaults.y }, smallest: { X: smallest.X, y: smallest.y }, tensors };
    }, null);
    const tensors = got.tensors as unknown;
    if (!Array.isArray(tensors) || !tensors.every((isTensor) => isTensor === true)) {
      fail('generateSinData should return X and y as tensors (tensor(...)), not as nested arrays or other values');
    }
    expectShape(got.small.X, [7, 12, 1], 'generateSinData(12, 7).X');
    expectShape(got.small.y, [7], 'generateSinData(12, 7).y');
    expectShape(got.defaults.X, [1000, 30, 1], 'generateSinData().X');
    expectShape(got.defaults.y, [1000], 'generateSinData().y');
    expectShape(got.smallest.X, [1, 2, 1], 'generateSinData(2, 1).X');
    expectShape(got.smallest.y, [1], 'generateSinData(2, 1).y');
  });

  check('every window is a unit sine with step 4π/seqLen and y is its next value', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'a window is seqLen + 1 evenly spaced points of one unit sine over two periods (4π): the first seqLen are the input, the last is the target (see lessons/05-sine-prediction §2)',
      'the spacing is 4π/seqLen, so point k is sin(start + k·4π/seqLen) for k = 0 … seqLen, and y is point seqLen (README step 1)',
      'x_k = Math.sin(start + k * (4 * Math.PI / seqLen)) for k < seqLen, y = Math.sin(start + seqLen * (4 * Math.PI / seqLen)) (README code hint 1)',
    ],
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

  check('start phases are spread over [0, 2π)', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'every window starts at its own phase, drawn uniformly over a whole period [0, 2π) (see lessons/05-sine-prediction §2)',
      'one uniform draw in [0, 1) per sample, scaled by 2π (README hint 1)',
      'const start = rng.random() * 2 * Math.PI inside the loop over the samples (README code hint 1)',
    ],
  }, async ({ rng, run }) => {
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

  check('uses the generator option: same seed, same data; another seed, other data', {
    points: 1,
    hint: [
      'the data must be reproducible: every random number comes from the generator the caller passes in (see lessons/05-sine-prediction §2)',
      "use the generator option when it is given and the library's default generator otherwise; never Math.random (README step 1)",
      'const rng = generator ?? defaultGenerator(); … rng.random() (README code hint 1)',
    ],
  }, async ({ run }) => {
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
  check('parameter names and shapes: rnn (input 1) and fc (hidden → 1)', {
    points: 1,
    hint: [
      'the model is one RNN layer reading one feature per step and one linear layer from the hidden state to one number (see lessons/05-sine-prediction §3)',
      'the grader reads the parameters by name, so the fields are rnn and fc and the names come out as rnn.weight_ih_l0 … fc.bias (README step 2)',
      'this.rnn = new nn.RNN(1, hiddenSize, { batchFirst: true }); this.fc = new nn.Linear(hiddenSize, 1) (README step 2)',
    ],
  }, async ({ run }) => {
    const got = await run(async ({ load }: SandboxContext) => {
      const { SinPredictor } = await load('model.ts');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const shapesOf = (net: any) => Object.fromEntries(net.namedParameters().map(([name, p]: [string, { shape: number[] }]) => [name, [...p.shape]]));
      return { defaults: shapesOf(new SinPredictor()), small: shapesOf(new SinPredictor(8)) };
    }, null);
    expectEqual(got.defaults, expectedParameterShapes(32), 'parameters of new SinPredictor()');
    expectEqual(got.small, expectedParameterShapes(8), 'parameters of new SinPredictor(8)');
  });

  check('forward maps (batch, seqLen, 1) to (batch), also for a batch of one', {
    points: 1,
    hint: [
      'one prediction per window: the output keeps the batch axis and drops only the feature axis of size 1 (see lessons/05-sine-prediction §3)',
      'a squeeze without an axis removes every axis of size 1, the batch axis too when the batch holds one window (README hint 2)',
      'this.fc.forward(last).squeeze(-1) (README code hint 2)',
    ],
  }, async ({ rng, run }) => {
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
    hint: [
      'the prediction reads the hidden state of the top layer after the last step of the window, through one linear layer (see lessons/05-sine-prediction §3)',
      'h_n is (numLayers, batch, hidden) whatever batchFirst says: its last row is what fc needs; keep the plain tanh nn.RNN and nn.Linear (README hint 2)',
      'const [, hN] = this.rnn.forward(x); this.fc.forward(hN.select(0, -1)).squeeze(-1) (README code hint 2)',
    ],
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
  check('trainSinPredictor returns one mean loss per epoch, passes each epoch and that loss to onEpoch, and the loss goes down', {
    points: 1,
    timeout: TRAINING_TIMEOUT_MS,
    hint: [
      'training returns one number per epoch, the mean loss of that epoch, and hands the same number to onEpoch after the epoch (see lessons/05-sine-prediction §4)',
      'honour the epochs option; onEpoch gets the epoch counted from 1 and exactly the number stored for it (README hint 3)',
      'history.push(mean); onEpoch?.(epoch, mean) at the end of every epoch (README code hint 3)',
    ],
  }, async ({ rng, run }) => {
    const windows = sineWindows(rng, 12, 64);
    const got = await run(async ({ load, lib }: SandboxContext, input: { X: number[][][]; y: number[] }) => {
      const { SinPredictor } = await load('model.ts');
      const { trainSinPredictor } = await load('train.ts');
      lib.manualSeed(4);
      const net = new SinPredictor(8);
      const seen: unknown[] = [];
      const history = trainSinPredictor(net, lib.tensor(input.X), lib.tensor(input.y), {
        epochs: 4,
        generator: new lib.Generator(4),
        onEpoch: (epoch: unknown, loss: unknown) => seen.push([epoch, loss]),
      });
      return { isArray: Array.isArray(history), type: typeof history, history: Array.isArray(history) ? history : null, seen };
    }, { X: windows.X, y: windows.y });
    expectTrue(got.isArray === true, `trainSinPredictor should return an array of losses, got ${typeof got.type === 'string' ? got.type : 'something else'}`);
    const history = got.history as unknown[];
    expectEqual(history.length, 4, 'number of losses returned for epochs: 4');
    expectTrue(history.every((v) => typeof v === 'number' && Number.isFinite(v)), 'the returned losses are not all finite numbers');
    const seen = got.seen as [unknown, unknown][];
    expectEqual(seen.map(([epoch]) => epoch), [1, 2, 3, 4], 'epochs passed to onEpoch');
    expectClose(seen.map(([, loss]) => loss), history, { name: 'the losses passed to onEpoch (against the losses returned)', atol: 1e-12, rtol: 1e-12 });
    const losses = history as number[];
    expectTrue(losses[3] < losses[0], `the loss did not go down over 4 epochs: ${losses.map((v) => v.toFixed(4)).join(', ')}`);
  });

  check('the same start weights, data, options and generator give the losses and weights of a reference run (MSE, Adam, one shuffle per epoch) to 1e-9', {
    points: 2,
    visibility: 'hidden',
    timeout: TRAINING_TIMEOUT_MS,
    hint: [
      'training is reproducible: with the same start weights, data, generator and options, MSE + Adam over shuffled mini-batches gives one exact sequence of losses and weights (see lessons/05-sine-prediction §4)',
      'all X.shape[0] samples every epoch, shuffled once per epoch from the generator option, batches in that order, Adam with the lr option, and the epoch loss Σ loss_b·|b| / n counts every sample once (README step 3 and hint 3)',
      'for (const batch of shuffledBatches(X.shape[0], batchSize, generator)) { zeroGrad; loss on X.index(batch), y.index(batch); backward; step; total += loss.item() * batch.length } then total / n (README code hint 3)',
    ],
  }, async ({ rng, run }) => {
    const hidden = rng.int(3, 7);
    const seqLen = rng.int(5, 10);
    const samples = rng.int(18, 30);
    let batchSize = rng.int(4, 9);
    while (samples % batchSize === 0) batchSize = rng.int(4, 9); // a short last batch: the mean must weigh it by its size
    const epochs = 3;
    const lr = rng.uniform(0.01, 0.05); // never the default 0.005
    const state = startWeights(rng, hidden);
    const data = sineWindows(rng, seqLen, samples);
    const seed = rng.int(0, 1e9);
    const globalSeed = seed + 1 + rng.int(0, 1000); // the global generator is seeded apart from the generator passed in
    const options = { epochs, lr, batchSize };
    const reference = referenceTraining(hidden, state, data, options, seed);
    const got = await run(async ({ load, lib }: SandboxContext, input: {
      hidden: number; state: Record<string, unknown>; X: number[][][]; y: number[];
      options: { epochs: number; lr: number; batchSize: number }; seed: number; globalSeed: number;
    }) => {
      const { SinPredictor } = await load('model.ts');
      const { trainSinPredictor } = await load('train.ts');
      lib.manualSeed(input.globalSeed);
      const net = new SinPredictor(input.hidden);
      net.loadStateDict(input.state);
      const history = trainSinPredictor(net, lib.tensor(input.X), lib.tensor(input.y), { ...input.options, generator: new lib.Generator(input.seed) });
      const weights: Record<string, unknown> = {};
      for (const [name, p] of net.namedParameters() as [string, { toArray(): unknown }][]) weights[name] = p.toArray();
      return { history, weights };
    }, { hidden, state, X: data.X, y: data.y, options, seed, globalSeed });
    const history = got.history as unknown;
    if (!Array.isArray(history)) fail(`trainSinPredictor should return an array of losses, got ${history === null ? 'null' : typeof history}`);
    expectEqual(history.length, epochs, `number of losses returned for epochs: ${epochs}`);
    expectClose(history, reference.losses, { name: 'the mean loss of every epoch', atol: 1e-9, rtol: 1e-9 });
    const weights = got.weights as Record<string, unknown>;
    expectTrue(weights !== null && typeof weights === 'object', 'the model\'s parameters could not be read back after training');
    for (const [name, shape] of Object.entries(expectedParameterShapes(hidden))) {
      expectTrue(Object.prototype.hasOwnProperty.call(weights, name), 'the model lost one of its parameters during training; was it rebuilt?');
      expectShape(weights[name], shape, `${name} after training`);
      expectClose(weights[name], reference.weights[name], { name: `${name} after training`, atol: 1e-9, rtol: 1e-9 });
    }
  });

  check('testMse is the mean squared error of the predictions', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'the test error is the mean, over the samples, of the squared difference between prediction and target, measured without recording gradients (see lessons/05-sine-prediction §4)',
      'return a plain number, not a tensor, and predict every sample of X at once (README hint 4)',
      'noGrad(() => new nn.MSELoss().forward(model.forward(X), y).item()) (README code hint 4)',
    ],
  }, async ({ rng, run }) => {
    const seed = rng.int(0, 1e9);
    const windows = sineWindows(rng, 15, 20);
    const got = await run(async ({ load, lib }: SandboxContext, input: { seed: number; X: number[][][]; y: number[] }) => {
      const { SinPredictor } = await load('model.ts');
      const { testMse } = await load('train.ts');
      lib.manualSeed(input.seed);
      const net = new SinPredictor(6);
      const X = lib.tensor(input.X);
      const predictions = lib.noGrad(() => net.forward(X));
      const mse = testMse(net, X, lib.tensor(input.y));
      // A 0-d tensor would arrive here as a plain number: the probe says what it was.
      return { predictions, mse, isNumber: typeof mse === 'number' };
    }, { seed, X: windows.X, y: windows.y });
    expectTrue(got.isNumber === true, 'testMse should return a plain number (the loss\'s .item()), not a tensor');
    // The reference is the MSE of the learner's own predictions: this check is about testMse, not forward.
    const predictions = numbers(got.predictions, 'SinPredictor.forward');
    expectEqual(predictions.length, windows.y.length, 'number of predictions');
    expectClose(got.mse, meanSquaredError(predictions, windows.y), { name: 'testMse', rtol: 1e-9, atol: 1e-12 });
  });

  check('after a short training the test MSE is far below the "repeat the last value" baseline', {
    points: 3,
    visibility: 'hidden',
    timeout: TRAINING_TIMEOUT_MS,
    hint: [
      'a trained RNN predicts the next value of a sine far better than repeating the last value of the window (see lessons/05-sine-prediction §5)',
      'train with MSE and Adam on mini-batches, honour the epochs option, and predict from the last hidden state (README hints 2 and 3)',
    ],
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

const questionProbe = async ({ load }: SandboxContext, name: string) => (await load('questions.ts'))[name]();

group('questions', { visibility: 'hidden' }, () => {
  check('why a simple RNN struggles on long sequences', {
    points: 1,
    hint: [
      'follow the gradient from the loss back to an early input: what is it multiplied by once per step in between? (see lessons/05-sine-prediction §6)',
      'the weights are shared by every step and tanh keeps h in (-1, 1); the product of k factors tanh′ · W_hh shrinks or grows exponentially in k (README hint 5)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'whySimpleRnnStruggles'), {
      name: 'whySimpleRnnStruggles',
      answer: 'b',
      misses: {
        a: 'an RNN uses one set of weights at every step (weight sharing), so its number of parameters does not depend on the length',
        c: 'tanh squashes the hidden state into (-1, 1) at every step, so it cannot grow without bound however long the input is',
        d: 'batchFirst only decides which axis holds the batch; it puts no limit on the length',
      },
      lesson: 'lessons/05-sine-prediction §6',
    });
  });

  check('how many numbers SinPredictor(32) learns', {
    points: 1,
    hint: [
      'count the entries of every weight matrix and bias vector of the model of step 2; the count does not depend on the sequence length (see lessons/03-nn-rnn-shapes §6)',
      'nn.RNN(1, H) has weight_ih (H × 1), weight_hh (H × H) and two bias vectors of H; nn.Linear(H, 1) has a 1 × H weight and one bias, with H = 32 (README hint 5)',
    ],
  }, async ({ run }) => {
    // Counted with the library: the model of step 2 with the hidden size of run.ts.
    const reference = new ReferencePredictor(32);
    const expected = reference.parameters().reduce((sum, p) => sum + p.numel(), 0);
    expectValueAnswer(await run(questionProbe, 'sinPredictorParameterCount'), {
      name: 'sinPredictorParameterCount',
      expected,
      idea: 'it is the number of entries of every weight matrix and bias vector of nn.RNN(1, 32) (two bias vectors) and nn.Linear(32, 1), and the same at every length',
      lesson: 'lessons/03-nn-rnn-shapes §6 and lessons/05-sine-prediction §3',
    });
  });
});
