// Graded suite of exercise 01 (the RNN cell by hand): the ml-matrix step and loop give the values of
// the library's nn.RNNCell / nn.RNN loaded with the same weights, MyRNNCell / MyRNN register their
// Parameters and backpropagate like nn.RNN, and note 004's U[0, 1) loop saturates while nn.RNN's
// initialisation does not.
import { Matrix } from 'ml-matrix';
import { Generator, manualSeed, nn, tensor, type NestedArray, type Tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, loadSubmission, toNumeric, type Rng } from '../kit/index.ts';

const byHand = loadSubmission(() => import('@submission/01-rnn-cell/cell-by-hand.ts'));
const module = loadSubmission(() => import('@submission/01-rnn-cell/my-rnn.ts'));
const saturation = loadSubmission(() => import('@submission/01-rnn-cell/saturation.ts'));
const questions = loadSubmission(() => import('@submission/01-rnn-cell/questions.ts'));

// Same arithmetic in another order: float64 agrees to ~1e-15; 1e-9 leaves room and catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };
/** A hidden value counts as saturated above this (note 004's values are ≈ 0.9999). */
const SATURATED = 0.99;

interface Weights {
  Wx: number[][];
  Wh: number[][];
  b: number[];
}

function randomWeights(rng: Rng, inputSize: number, hiddenSize: number, scale = 1): Weights {
  return {
    Wx: rng.array([hiddenSize, inputSize], -scale, scale) as number[][],
    Wh: rng.array([hiddenSize, hiddenSize], -scale, scale) as number[][],
    b: rng.array([hiddenSize], -scale, scale) as number[],
  };
}

function asMatrices(w: Weights): { Wx: Matrix; Wh: Matrix; b: number[] } {
  return { Wx: new Matrix(w.Wx), Wh: new Matrix(w.Wh), b: [...w.b] };
}

/** The library's one-step cell with these weights (its second bias is zero, so b plays both roles). */
function libraryStep(w: Weights, x: number[][], h: number[][]): Tensor {
  const cell = new nn.RNNCell(w.Wx[0].length, w.b.length);
  cell.loadStateDict({ weight_ih: w.Wx, weight_hh: w.Wh, bias_ih: w.b, bias_hh: w.b.map(() => 0) });
  return cell.forward(tensor(x), tensor(h));
}

/** nn.RNN (batchFirst) loaded with the weights; b goes into bias_ih_l0 and bias_hh_l0 is zero. */
function libraryRnn(w: Weights): nn.RNN {
  const rnn = new nn.RNN(w.Wx[0].length, w.b.length, { batchFirst: true });
  rnn.loadStateDict({ weight_ih_l0: w.Wx, weight_hh_l0: w.Wh, bias_ih_l0: w.b, bias_hh_l0: w.b.map(() => 0) });
  return rnn;
}

/** Every hidden state of the library's RNN over one sequence (T, d), from a zero state: (T, Dh). */
function libraryStates(w: Weights, inputs: number[][]): Tensor {
  const [output] = libraryRnn(w).forward(tensor([inputs]));
  return output.select(0, 0);
}

function matrixValues(value: unknown, name: string): number[][] {
  if (!(value instanceof Matrix)) fail(`\`${name}\` should be an ml-matrix Matrix, got ${value === null ? 'null' : typeof value === 'object' ? `an object of class ${value?.constructor?.name}` : typeof value}`);
  return value.to2DArray();
}

function flat(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

function parameterShapes(m: nn.Module): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, p] of m.namedParameters()) out[name] = [...p.shape];
  return out;
}

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

group('rnnStep (ml-matrix)', {}, () => {
  check('note 001 one step: batch 1, input 4, hidden 3, h_prev = 0, equals nn.RNNCell', {
    points: 2,
    hint: 'h_t = tanh(x_t Wxᵀ + h_prev Whᵀ + b) with Wx (Dh, d): xT.mmul(Wx.transpose()), and add b to every row (README hint 1)',
  }, async ({ rng }) => {
    const { rnnStep } = await byHand();
    const w = randomWeights(rng, 4, 3, 0.5);
    const x = [[0.5, 0.1, -0.3, 0.7]];
    const h = [[0, 0, 0]];
    const got = rnnStep(new Matrix(x), new Matrix(h), asMatrices(w));
    expectShape(got, [1, 3], 'rnnStep(...)');
    expectClose(got, libraryStep(w, x, h), { ...TOL, name: 'rnnStep(...)' });
  });

  check('random sizes and a non-zero h_prev, equals nn.RNNCell', {
    points: 2,
    visibility: 'hidden',
    hint: 'Wh is square, so a missing transpose raises no error: use hPrev.mmul(Wh.transpose()) (README hint 1)',
  }, async ({ rng }) => {
    const { rnnStep } = await byHand();
    for (let trial = 0; trial < 3; trial++) {
      const batch = rng.int(1, 5);
      const inputSize = rng.int(2, 7);
      const hiddenSize = rng.int(2, 8);
      const w = randomWeights(rng, inputSize, hiddenSize);
      const x = rng.array([batch, inputSize]) as number[][];
      const h = rng.array([batch, hiddenSize], -0.9, 0.9) as number[][];
      const got = rnnStep(new Matrix(x), new Matrix(h), asMatrices(w));
      expectClose(got, libraryStep(w, x, h), { ...TOL, name: `rnnStep (batch ${batch}, input ${inputSize}, hidden ${hiddenSize})` });
    }
  });

  check('leaves its arguments unchanged', {
    points: 1,
    visibility: 'hidden',
    hint: 'ml-matrix add / addRowVector / tanh() work in place: start from the new matrix mmul returns (README hint 1)',
  }, async ({ rng }) => {
    const { rnnStep } = await byHand();
    const w = randomWeights(rng, 3, 4);
    const x = rng.array([2, 3]) as number[][];
    const h = rng.array([2, 4]) as number[][];
    const args = { x: new Matrix(x), h: new Matrix(h), weights: asMatrices(w) };
    const result = rnnStep(args.x, args.h, args.weights);
    flat(result, 'rnnStep(...)'); // it must have returned a matrix, not thrown
    const unchanged = (now: number[][] | number[], before: number[][] | number[], what: string) =>
      expectTrue(JSON.stringify(now) === JSON.stringify(before), `rnnStep changed its argument ${what}`);
    unchanged(args.x.to2DArray(), x, 'xT');
    unchanged(args.h.to2DArray(), h, 'hPrev');
    unchanged(args.weights.Wx.to2DArray(), w.Wx, 'weights.Wx');
    unchanged(args.weights.Wh.to2DArray(), w.Wh, 'weights.Wh');
    unchanged(args.weights.b, w.b, 'weights.b');
  });
});

group('unrollSequence (ml-matrix)', {}, () => {
  check('10 steps, input 4, hidden 8 give a (10, 8) matrix', { points: 1, hint: 'one row per time step: new Matrix(T, Dh), then setRow(t, …) (README hint 2)' }, async ({ rng }) => {
    const { unrollSequence } = await byHand();
    const got = unrollSequence(new Matrix(rng.array([10, 4], 0, 1) as number[][]), asMatrices(randomWeights(rng, 4, 8, 0.3)));
    expectShape(got, [10, 8], 'unrollSequence(inputs (10, 4), …)');
  });

  check('every h_t equals the output of nn.RNN with the same weights (10 steps, input 4, hidden 8)', {
    points: 2,
    hint: 'start from h_0 = zeros(1, Dh) and feed each h_t back into the next rnnStep with the same weights (README hint 2)',
  }, async ({ rng }) => {
    const { unrollSequence } = await byHand();
    const w = randomWeights(rng, 4, 8, 0.5);
    const inputs = rng.array([10, 4], 0, 1) as number[][];
    const got = unrollSequence(new Matrix(inputs), asMatrices(w));
    expectClose(matrixValues(got, 'unrollSequence(...)'), libraryStates(w, inputs), { ...TOL, name: 'unrollSequence(...)' });
  });

  check('random lengths and sizes, equals nn.RNN', { points: 2, visibility: 'hidden' }, async ({ rng }) => {
    const { unrollSequence } = await byHand();
    for (let trial = 0; trial < 3; trial++) {
      const steps = rng.int(2, 13); // from two steps on, h_{t-1} is non-zero and Wh matters
      const inputSize = rng.int(1, 7);
      const hiddenSize = rng.int(2, 9);
      const w = randomWeights(rng, inputSize, hiddenSize, 0.8);
      const inputs = rng.array([steps, inputSize]) as number[][];
      const got = unrollSequence(new Matrix(inputs), asMatrices(w));
      expectClose(matrixValues(got, 'unrollSequence(...)'), libraryStates(w, inputs), { ...TOL, name: `unrollSequence (T ${steps}, input ${inputSize}, hidden ${hiddenSize})` });
    }
  });
});

group('MyRNNCell and MyRNN (Module)', {}, () => {
  check('MyRNNCell registers Wx (Dh, d), Wh (Dh, Dh) and b (Dh) as trainable Parameters', {
    points: 1,
    hint: 'this.Wx = new nn.Parameter(...) and so on, under exactly these names (README hint 3)',
  }, async () => {
    const { MyRNNCell } = await module();
    const cell = new MyRNNCell(4, 6);
    expectEqual(parameterShapes(cell), { Wx: [6, 4], Wh: [6, 6], b: [6] }, 'parameter names and shapes of new MyRNNCell(4, 6)');
    for (const [name, p] of cell.namedParameters()) expectTrue(p.requiresGrad, `parameter ${name} does not require gradients`);
  });

  check('MyRNNCell starts from U(-1/√Dh, 1/√Dh) like nn.RNN', {
    points: 1,
    visibility: 'hidden',
    hint: 'nn.init.uniform_(zeros(shape), -bound, bound) with bound = 1 / Math.sqrt(hiddenSize) (README hint 3)',
  }, async ({ rng }) => {
    const { MyRNNCell } = await module();
    manualSeed(rng.int(0, 1_000_000));
    const inputSize = rng.int(3, 7);
    const hiddenSize = rng.int(6, 11);
    const cell = new MyRNNCell(inputSize, hiddenSize);
    const bound = 1 / Math.sqrt(hiddenSize);
    const values = cell.parameters().flatMap((p) => flat(p, 'a parameter'));
    expectTrue(values.length === hiddenSize * (inputSize + hiddenSize + 1), 'MyRNNCell has the wrong number of parameter values');
    expectTrue(values.every((v) => Math.abs(v) <= bound), 'some initial weights lie outside [-1/√hiddenSize, 1/√hiddenSize]');
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const spread = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    // U(-a, a) has mean 0 and standard deviation a/√3 ≈ 0.58 a.
    expectTrue(Math.abs(mean) < 0.3 * bound && spread > 0.35 * bound, 'the initial weights are not spread evenly around 0 across (-1/√hiddenSize, 1/√hiddenSize)');
  });

  check('MyRNNCell.forward equals nn.RNNCell with the same weights (input 4, hidden 6)', {
    points: 2,
    hint: 'x.matmul(this.Wx.T).add(hidden.matmul(this.Wh.T)).add(this.b).tanh() (README hint 4)',
  }, async ({ rng }) => {
    const { MyRNNCell } = await module();
    const w = randomWeights(rng, 4, 6, 0.6);
    const cell = new MyRNNCell(4, 6);
    cell.loadStateDict(w as unknown as Record<string, NestedArray>);
    const x = rng.array([1, 4]) as number[][];
    const h = rng.array([1, 6], -0.9, 0.9) as number[][];
    expectClose(cell.forward(tensor(x), tensor(h)), libraryStep(w, x, h), { ...TOL, name: 'MyRNNCell.forward(x, h)' });
  });

  check('MyRNNCell.forward on a batch of several rows', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { MyRNNCell } = await module();
    const batch = rng.int(2, 6);
    const inputSize = rng.int(1, 7);
    const hiddenSize = rng.int(2, 9);
    const w = randomWeights(rng, inputSize, hiddenSize);
    const cell = new MyRNNCell(inputSize, hiddenSize);
    cell.loadStateDict(w as unknown as Record<string, NestedArray>);
    const x = rng.array([batch, inputSize]) as number[][];
    const h = rng.array([batch, hiddenSize], -0.9, 0.9) as number[][];
    expectClose(cell.forward(tensor(x), tensor(h)), libraryStep(w, x, h), { ...TOL, name: `MyRNNCell.forward (batch ${batch})` });
  });

  check('MyRNN has parameters Wy, rnnCell.Wx, rnnCell.Wh, rnnCell.b, and initHidden gives zeros (batch, Dh)', {
    points: 1,
    hint: 'this.rnnCell = new MyRNNCell(...), this.Wy = new nn.Parameter(... (outputSize, hiddenSize)), initHidden → zeros([batchSize, hiddenSize]) (README hint 5)',
  }, async () => {
    const { MyRNN } = await module();
    const model = new MyRNN(4, 6, 2);
    const shapes = parameterShapes(model);
    expectEqual(sortedKeys(shapes), ['Wy', 'rnnCell.Wh', 'rnnCell.Wx', 'rnnCell.b'], 'parameter names of new MyRNN(4, 6, 2), sorted');
    expectEqual(shapes, { Wy: [2, 6], 'rnnCell.Wx': [6, 4], 'rnnCell.Wh': [6, 6], 'rnnCell.b': [6] }, 'parameter shapes of new MyRNN(4, 6, 2)');
    const h0 = model.initHidden(3);
    expectShape(h0, [3, 6], 'initHidden(3)');
    expectTrue(flat(h0, 'initHidden(3)').every((v) => v === 0), 'initHidden(3) is not all zeros');
  });

  check("MyRNN.forward on note 003's sequence (1, 5, 4): h_T equals nn.RNN's h_n and output = sigmoid(h_T Wyᵀ)", {
    points: 2,
    hint: 'loop t over x.shape[1] with h = this.rnnCell.forward(x.select(1, t), h), then h.matmul(this.Wy.T).sigmoid() (README hint 5)',
  }, async ({ rng }) => {
    const { MyRNN } = await module();
    const w = randomWeights(rng, 4, 6, 0.6);
    const Wy = rng.array([1, 6]) as number[][];
    const model = new MyRNN(4, 6, 1);
    model.loadStateDict({ Wy, 'rnnCell.Wx': w.Wx, 'rnnCell.Wh': w.Wh, 'rnnCell.b': w.b });
    const sequence = [0, 1, 2, 3, 4].map((t) => [0.1, 0.2, 0.3, 0.4].map((v) => v + 0.1 * t));
    const result = model.forward(tensor([sequence]));
    if (!Array.isArray(result) || result.length !== 2) fail('MyRNN.forward should return [output, h_T]');
    const [output, hT] = result;
    const [, hN] = libraryRnn(w).forward(tensor([sequence]));
    const expectedH = hN.select(0, 0);
    expectClose(hT, expectedH, { ...TOL, name: 'h_T (second value MyRNN.forward returns)' });
    expectClose(output, expectedH.matmul(tensor(Wy).T).sigmoid(), { ...TOL, name: 'output (first value MyRNN.forward returns)' });
  });

  check('backward through MyRNN gives the gradients of nn.RNN for Wx, Wh, b and Wy', {
    points: 2,
    visibility: 'hidden',
    hint: 'stay with Tensor operations on the Parameters (no toMatrix / toArray / detach inside forward) so autograd can follow',
  }, async ({ rng }) => {
    const { MyRNN } = await module();
    const batch = rng.int(2, 5);
    const steps = rng.int(2, 7);
    const inputSize = rng.int(1, 6);
    const hiddenSize = rng.int(2, 7);
    const outputSize = rng.int(1, 4);
    const w = randomWeights(rng, inputSize, hiddenSize, 0.7);
    const Wy = rng.array([outputSize, hiddenSize]) as number[][];
    const x = tensor(rng.array([batch, steps, inputSize]));
    const weightOut = tensor(rng.array([batch, outputSize]));
    const weightHidden = tensor(rng.array([batch, hiddenSize]));

    const model = new MyRNN(inputSize, hiddenSize, outputSize);
    model.loadStateDict({ Wy, 'rnnCell.Wx': w.Wx, 'rnnCell.Wh': w.Wh, 'rnnCell.b': w.b });
    const [output, hT] = model.forward(x);
    output.mul(weightOut).sum().add(hT.mul(weightHidden).sum()).backward();

    const rnn = libraryRnn(w);
    const referenceWy = tensor(Wy, { requiresGrad: true });
    const [, hN] = rnn.forward(x);
    const referenceH = hN.select(0, 0);
    referenceH.matmul(referenceWy.T).sigmoid().mul(weightOut).sum().add(referenceH.mul(weightHidden).sum()).backward();

    const params = new Map(model.namedParameters());
    const pairs: [string, Tensor | null][] = [
      ['rnnCell.Wx', rnn.weight_ih_l0.grad],
      ['rnnCell.Wh', rnn.weight_hh_l0.grad],
      ['rnnCell.b', rnn.bias_ih_l0?.grad ?? null],
      ['Wy', referenceWy.grad],
    ];
    for (const [name, expected] of pairs) {
      const grad = params.get(name)?.grad;
      if (!grad) fail(`${name}.grad is empty after backward(): the loss does not reach this parameter through autograd`);
      expectClose(grad, expected, { ...TOL, name: `${name}.grad` });
    }
  });
});

group('saturation (note 004)', {}, () => {
  check('saturationFraction on hand-made matrices', { points: 1, hint: 'count the entries with Math.abs(v) > threshold and divide by the number of entries (README hint 7)' }, async () => {
    const { saturationFraction } = await saturation();
    // 0.9995, -0.9999 and 0.99991 are above 0.999: 3 of 6.
    expectClose(saturationFraction(new Matrix([[0.9995, -0.9999, 0.5], [0.2, 0.99991, -0.3]]), 0.999), 0.5, { name: 'saturationFraction(…, 0.999)' });
    // Default threshold 0.99: 0.995 and -0.999 are above it, 0.98 is not: 2 of 6.
    expectClose(saturationFraction(new Matrix([[0.995, 0.98, 0.3], [-0.999, 0, 0.2]])), 2 / 6, { name: 'saturationFraction(…) with the default threshold' });
  });

  check('saturationFraction on random matrices', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { saturationFraction } = await saturation();
    for (let trial = 0; trial < 3; trial++) {
      const rows = rng.int(1, 8);
      const columns = rng.int(1, 8);
      const threshold = rng.uniform(0.5, 0.999);
      const values = rng.array([rows, columns]) as number[][];
      const expected = values.flat().filter((v) => Math.abs(v) > threshold).length / (rows * columns);
      expectClose(saturationFraction(new Matrix(values), threshold), expected, { name: 'saturationFraction(states, threshold)' });
    }
  });

  check('saturationExperiment draws inputs (10, 4), Wx (8, 4), Wh (8, 8), b (8) from U[0, 1)', {
    points: 1,
    hint: "inputs always from U[0, 1); with init 'uniform01' the weights too, each value low + (high - low) * generator.random() (README hint 6)",
  }, async () => {
    const { saturationExperiment } = await saturation();
    const run = saturationExperiment({ generator: new Generator(7) });
    const parts: [string, unknown, number[]][] = [
      ['inputs', run.inputs, [10, 4]],
      ['weights.Wx', run.weights?.Wx, [8, 4]],
      ['weights.Wh', run.weights?.Wh, [8, 8]],
      ['weights.b', run.weights?.b, [8]],
      ['states', run.states, [10, 8]],
    ];
    for (const [name, value, shape] of parts) {
      expectShape(value, shape, name);
      if (name === 'states') continue;
      const values = flat(value, name);
      expectTrue(values.every((v) => v >= 0 && v < 1), `${name} has values outside [0, 1)`);
      expectTrue(Math.max(...values) - Math.min(...values) > 0.1, `${name} does not look drawn from U[0, 1): its values hardly vary`);
    }
  });

  check('with U[0, 1) weights, at least 80 % of |h| are above 0.99 from the second step on', {
    points: 1,
    hint: 'return the hidden states unrollSequence computes from the inputs and weights you drew (README hint 6)',
  }, async () => {
    const { saturationExperiment } = await saturation();
    const states = matrixValues(saturationExperiment({ generator: new Generator(11) }).states, 'states');
    const fromStep2 = states.slice(1).flat();
    expectTrue(fromStep2.length === 72, `states should have 10 rows of 8, got ${states.length} rows`);
    const share = fromStep2.filter((v) => Math.abs(v) > SATURATED).length / fromStep2.length;
    expectTrue(share >= 0.8, `only ${(100 * share).toFixed(1)} % of the hidden values from step 2 on are above ${SATURATED} in absolute value`);
  });

  check('the states it returns are the RNN run over the inputs and weights it returns', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { saturationExperiment } = await saturation();
    for (const init of ['uniform01', 'pytorch'] as const) {
      const timesteps = rng.int(2, 12);
      const inputSize = rng.int(1, 6);
      const hiddenSize = rng.int(2, 10);
      const run = saturationExperiment({ timesteps, inputSize, hiddenSize, init, generator: new Generator(rng.int(0, 1_000_000)) });
      const w: Weights = {
        Wx: matrixValues(run.weights?.Wx, 'weights.Wx'),
        Wh: matrixValues(run.weights?.Wh, 'weights.Wh'),
        b: flat(run.weights?.b, 'weights.b'),
      };
      expectClose(matrixValues(run.states, 'states'), libraryStates(w, matrixValues(run.inputs, 'inputs')), { ...TOL, name: `states (init '${init}')` });
    }
  });

  check("init 'pytorch' draws weights in (-1/√H, 1/√H) and the states hardly saturate", {
    points: 1,
    visibility: 'hidden',
    hint: "with init 'pytorch' draw every weight from U(-1/√hiddenSize, 1/√hiddenSize) (README hint 6)",
  }, async ({ rng }) => {
    const { saturationExperiment } = await saturation();
    const timesteps = rng.int(6, 13);
    const inputSize = rng.int(2, 7);
    const hiddenSize = rng.int(4, 13);
    const run = saturationExperiment({ timesteps, inputSize, hiddenSize, init: 'pytorch', generator: new Generator(rng.int(0, 1_000_000)) });
    const bound = 1 / Math.sqrt(hiddenSize);
    const weights = [...flat(run.weights?.Wx, 'weights.Wx'), ...flat(run.weights?.Wh, 'weights.Wh'), ...flat(run.weights?.b, 'weights.b')];
    expectTrue(weights.length === hiddenSize * (inputSize + hiddenSize + 1), 'the weights do not have the requested sizes');
    expectTrue(weights.every((v) => Math.abs(v) <= bound), 'some weights lie outside (-1/√hiddenSize, 1/√hiddenSize)');
    expectTrue(Math.min(...weights) < 0 && Math.max(...weights) > 0, 'the weights should take both signs');
    const inputs = flat(run.inputs, 'inputs');
    expectTrue(inputs.length === timesteps * inputSize && inputs.every((v) => v >= 0 && v < 1), 'inputs should be (timesteps, inputSize) from U[0, 1)');
    const states = flat(run.states, 'states');
    expectTrue(states.length === timesteps * hiddenSize, 'states should be (timesteps, hiddenSize)');
    const share = states.filter((v) => Math.abs(v) > SATURATED).length / states.length;
    expectTrue(share <= 0.05, `${(100 * share).toFixed(1)} % of the hidden values are saturated with nn.RNN's initialisation`);
  });

  check('draws every random number from the generator it is given', {
    points: 1,
    visibility: 'hidden',
    hint: 'use generator.random() (or { generator } options), never Math.random or the global generator (README hint 6)',
  }, async ({ rng }) => {
    const { saturationExperiment } = await saturation();
    const seed = rng.int(0, 1_000_000);
    manualSeed(rng.int(0, 1000));
    const first = saturationExperiment({ generator: new Generator(seed) });
    manualSeed(rng.int(1000, 2000)); // a different global stream must not matter
    const again = saturationExperiment({ generator: new Generator(seed) });
    const other = saturationExperiment({ generator: new Generator(seed + 1) });
    const key = (run: typeof first) => JSON.stringify([flat(run.inputs, 'inputs'), flat(run.weights?.Wh, 'weights.Wh'), flat(run.states, 'states')]);
    expectTrue(key(first) === key(again), 'the same generator seed gave different results');
    expectTrue(key(first) !== key(other), 'different generator seeds gave the same results');
  });

  check('why every hidden value ends up near 0.9999', { points: 1, hint: 'look at the signs of every term in x_t Wxᵀ + h_{t-1} Whᵀ + b (README hint 8)' }, async () => {
    const { whyDoesItSaturate } = await questions();
    const answer: unknown = whyDoesItSaturate();
    expectTrue(['a', 'b', 'c', 'd'].includes(answer as string), `whyDoesItSaturate() should return 'a', 'b', 'c' or 'd', got ${JSON.stringify(answer)}`);
    expectTrue(answer === 'b', `whyDoesItSaturate(): '${answer as string}' is not the right answer`);
  });
});

