// Graded suite of exercise 01 (the RNN cell by hand): the ml-matrix step and loop give the values of
// the library's nn.RNNCell / nn.RNN loaded with the same weights, MyRNNCell / MyRNN register their
// Parameters and backpropagate like nn.RNN, and note 004's U[0, 1) loop saturates while nn.RNN's
// initialisation does not.
//
// The judge draws every weight and input and computes the library's values here; the probes rebuild
// the matrices / tensors from plain arrays in the submission's process, call the learner's code and
// send back values, parameter names and shapes, gradients and whether a result was an ml-matrix Matrix.
import { nn, tensor, type Tensor } from '../../lib/index.ts';
import { check, expectChoice, expectClose, expectEqual, expectShape, expectTrue, expectValueAnswer, fail, group, kindOf, toNumeric, type Rng, type SandboxContext } from '../kit/index.ts';

// Same arithmetic in another order: float64 agrees to ~1e-15; 1e-9 leaves room and catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };
/** A hidden value counts as saturated above this (note 004's values are ≈ 0.9999). */
const SATURATED = 0.99;
/** The saturated output the question on tanh's slope asks about (note 004's typical value). */
const SATURATED_EXAMPLE = 0.9999;

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

// The library's modules draw their (here overwritten) initial weights from the global generator; the
// reference computations below are synchronous, so they never split another check's seeded stream.

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

/** What a probe sends for a value that should be an ml-matrix Matrix: the answer to instanceof, and the value (a Matrix arrives as a 2-D array). */
interface MatrixReport {
  isMatrix: boolean;
  value: unknown;
}

function matrixValues(report: MatrixReport | undefined, name: string, hidden = false): number[][] {
  expectTrue(typeof report === 'object' && report !== null, `\`${name}\` could not be read back`);
  const { isMatrix, value } = report as MatrixReport;
  if (isMatrix !== true) fail(`\`${name}\` should be an ml-matrix Matrix, got ${kindOf(value, hidden)}`);
  const numeric = toNumeric(value);
  if (!numeric.ok || numeric.value.shape.length !== 2) fail(`\`${name}\` could not be read as a 2-D matrix`);
  return value as number[][];
}

function flat(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

/** A probe's list of [name, shape] pairs as a record (the last of two equal names wins, as a Map would). */
function parameterShapes(pairs: unknown, what: string): Record<string, number[]> {
  expectTrue(Array.isArray(pairs) && pairs.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Array.isArray(p[1])), `the parameters of ${what} could not be read`);
  return Object.fromEntries(pairs as [string, number[]][]);
}

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

// ---- probes (they run in the submission's process and may use only their two arguments) ----

interface StepCase {
  x: number[][];
  h: number[][];
  w: Weights;
}

/** rnnStep on each case; each result comes back as data (a Matrix becomes a 2-D array). */
const rnnStepProbe = async ({ load, Matrix }: SandboxContext, cases: StepCase[]) => {
  const { rnnStep } = await load('cell-by-hand.ts');
  return cases.map(({ x, h, w }) => rnnStep(new Matrix(x), new Matrix(h), { Wx: new Matrix(w.Wx), Wh: new Matrix(w.Wh), b: [...w.b] }));
};

/** unrollSequence on each case, with whether it returned an ml-matrix Matrix. */
const unrollProbe = async ({ load, Matrix }: SandboxContext, cases: { inputs: number[][]; w: Weights }[]) => {
  const { unrollSequence } = await load('cell-by-hand.ts');
  return cases.map(({ inputs, w }) => {
    const got = unrollSequence(new Matrix(inputs), { Wx: new Matrix(w.Wx), Wh: new Matrix(w.Wh), b: [...w.b] });
    return { isMatrix: got instanceof Matrix, value: got };
  });
};

/** MyRNNCell loaded with the weights, forward on (x, h). */
const cellForwardProbe = async ({ load, lib }: SandboxContext, input: StepCase & { inputSize: number; hiddenSize: number }) => {
  const { MyRNNCell } = await load('my-rnn.ts');
  const cell = new MyRNNCell(input.inputSize, input.hiddenSize);
  cell.loadStateDict(input.w);
  return cell.forward(lib.tensor(input.x), lib.tensor(input.h));
};

/** What the answer function `name` of questions.ts returns. */
const questionProbe = async ({ load }: SandboxContext, name: string) => (await load('questions.ts'))[name]();

/** saturationExperiment with a Generator of the given seed; every part with whether it is a Matrix. */
const saturationProbe = async ({ load, lib, Matrix }: SandboxContext, input: { seed: number; options: Record<string, unknown> }) => {
  const { saturationExperiment } = await load('saturation.ts');
  const run = saturationExperiment({ ...input.options, generator: new lib.Generator(input.seed) });
  const report = (value: unknown) => ({ isMatrix: value instanceof Matrix, value });
  return {
    inputs: report(run.inputs),
    Wx: report(run.weights?.Wx),
    Wh: report(run.weights?.Wh),
    b: run.weights?.b,
    states: report(run.states),
  };
};

group('rnnStep (ml-matrix)', {}, () => {
  check('note 001 one step: batch 1, input 4, hidden 3, h_prev = 0, equals nn.RNNCell', {
    points: 2,
    hint: [
      'one step of the cell is h_t = tanh(x_t Wxᵀ + h_(t-1) Whᵀ + b), one sample per row; Wx is stored as (Dh, d), so it is transposed in the product (see lessons/02-rnn-cell §3 and §4)',
      'the shapes must chain: (N, d) times (d, Dh) gives (N, Dh); b has Dh numbers and is added to every row; tanh acts on every entry (README hint 1)',
      'xT.mmul(Wx.transpose()).add(hPrev.mmul(Wh.transpose())).addRowVector(b), then Matrix.tanh(...) (README code hint 1)',
    ],
  }, async ({ rng, run }) => {
    const w = randomWeights(rng, 4, 3, 0.5);
    const x = [[0.5, 0.1, -0.3, 0.7]];
    const h = [[0, 0, 0]];
    const expected = libraryStep(w, x, h);
    const [got] = await run(rnnStepProbe, [{ x, h, w }]);
    expectShape(got, [1, 3], 'rnnStep(...)');
    expectClose(got, expected, { ...TOL, name: 'rnnStep(...)' });
  });

  check('random sizes and a non-zero h_prev, equals nn.RNNCell', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'h_(t-1) Whᵀ counts as soon as h_prev is not zero, and Wh is square: a missing transpose raises no error but gives other values (see lessons/02-rnn-cell §4)',
      'every term is (N, Dh) for any batch, input and hidden size, a size of 1 included; Wh is transposed like Wx (README hint 1)',
      'hPrev.mmul(Wh.transpose()), not hPrev.mmul(Wh) (README code hint 1)',
    ],
  }, async ({ rng, run }) => {
    const cases: (StepCase & { batch: number; inputSize: number; hiddenSize: number })[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const batch = rng.int(1, 5);
      const inputSize = rng.int(2, 7);
      const hiddenSize = rng.int(2, 8);
      const w = randomWeights(rng, inputSize, hiddenSize);
      const x = rng.array([batch, inputSize]) as number[][];
      const h = rng.array([batch, hiddenSize], -0.9, 0.9) as number[][];
      cases.push({ batch, inputSize, hiddenSize, w, x, h });
    }
    // The smallest cell: every matrix 1 × 1.
    cases.push({ batch: 1, inputSize: 1, hiddenSize: 1, w: randomWeights(rng, 1, 1), x: rng.array([1, 1]) as number[][], h: rng.array([1, 1], -0.9, 0.9) as number[][] });
    const expected = cases.map(({ w, x, h }) => libraryStep(w, x, h));
    const got = await run(rnnStepProbe, cases.map(({ x, h, w }) => ({ x, h, w })));
    expectTrue(Array.isArray(got) && got.length === cases.length, 'rnnStep results could not be read back');
    cases.forEach(({ batch, inputSize, hiddenSize }, k) => {
      expectClose(got[k], expected[k], { ...TOL, name: `rnnStep (batch ${batch}, input ${inputSize}, hidden ${hiddenSize})` });
    });
  });

  check('leaves its arguments unchanged', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'a step computes a new state and leaves x_t, h_(t-1) and the weights as they were: the caller uses them again at the next step (README hint 1)',
      "ml-matrix's instance methods add, addRowVector and tanh() change the matrix they are called on",
      'add to the new matrix that xT.mmul(...) returns, and use Matrix.tanh(m), which returns a new matrix (README code hint 1)',
    ],
  }, async ({ rng, run }) => {
    const w = randomWeights(rng, 3, 4);
    const x = rng.array([2, 3]) as number[][];
    const h = rng.array([2, 4]) as number[][];
    const after = await run(async ({ load, Matrix }: SandboxContext, input: StepCase) => {
      const { rnnStep } = await load('cell-by-hand.ts');
      const args = { x: new Matrix(input.x), h: new Matrix(input.h), weights: { Wx: new Matrix(input.w.Wx), Wh: new Matrix(input.w.Wh), b: [...input.w.b] } };
      const result = rnnStep(args.x, args.h, args.weights);
      // The arguments as they are after the call (b as the array itself, not a copy).
      return { result, x: args.x, h: args.h, Wx: args.weights.Wx, Wh: args.weights.Wh, b: args.weights.b };
    }, { x, h, w });
    expectTrue(typeof after === 'object' && after !== null, 'rnnStep results could not be read back');
    flat(after.result, 'rnnStep(...)'); // it must have returned a matrix of numbers
    const unchanged = (now: unknown, before: number[][] | number[], what: string) =>
      expectTrue(JSON.stringify(now) === JSON.stringify(before), `rnnStep changed its argument ${what}`);
    unchanged(after.x, x, 'xT');
    unchanged(after.h, h, 'hPrev');
    unchanged(after.Wx, w.Wx, 'weights.Wx');
    unchanged(after.Wh, w.Wh, 'weights.Wh');
    unchanged(after.b, w.b, 'weights.b');
  });
});

group('unrollSequence (ml-matrix)', {}, () => {
  check('10 steps, input 4, hidden 8 give a (10, 8) matrix', { points: 1, hint: [
      'unrolling gives one hidden state per time step: T rows of Dh numbers (see lessons/02-rnn-cell §2)',
      'row t of the result is the state after reading input row t (README hint 2)',
      'new Matrix(T, Dh), then states.setRow(t, h.getRow(0)) (README code hint 2)',
    ] }, async ({ rng, run }) => {
    const inputs = rng.array([10, 4], 0, 1) as number[][];
    const w = randomWeights(rng, 4, 8, 0.3);
    const [got] = await run(unrollProbe, [{ inputs, w }]);
    expectShape(got?.value, [10, 8], 'unrollSequence(inputs (10, 4), …)');
  });

  check('every h_t equals the output of nn.RNN with the same weights (10 steps, input 4, hidden 8)', {
    points: 2,
    hint: [
      'unrolling starts from h_0 = 0 and feeds each h_t back into the next step, with the same weights at every step (see lessons/02-rnn-cell §2)',
      'step t reads input row t and the state of the step before; nothing else carries over (README hint 2)',
      'h = Matrix.zeros(1, Dh); for each t: h = rnnStep(inputs.getRowVector(t), h, weights) (README code hint 2)',
    ],
  }, async ({ rng, run }) => {
    const w = randomWeights(rng, 4, 8, 0.5);
    const inputs = rng.array([10, 4], 0, 1) as number[][];
    const expected = libraryStates(w, inputs);
    const [got] = await run(unrollProbe, [{ inputs, w }]);
    expectClose(matrixValues(got, 'unrollSequence(...)'), expected, { ...TOL, name: 'unrollSequence(...)' });
  });

  check('random lengths and sizes, equals nn.RNN', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'the loop follows the number of input rows and the sizes of the weights, not the 10 × 4 × 8 of the example (see lessons/02-rnn-cell §2)',
      'T is inputs.rows and Dh comes from the weights (Wh is Dh × Dh); any size may be 1 (README hint 2)',
    ],
  }, async ({ rng, run }) => {
    const cases: { inputs: number[][]; w: Weights; steps: number; inputSize: number; hiddenSize: number }[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const steps = rng.int(2, 13); // from two steps on, h_{t-1} is non-zero and Wh matters
      const inputSize = rng.int(1, 7);
      const hiddenSize = rng.int(2, 9);
      const w = randomWeights(rng, inputSize, hiddenSize, 0.8);
      const inputs = rng.array([steps, inputSize]) as number[][];
      cases.push({ inputs, w, steps, inputSize, hiddenSize });
    }
    // One input and one hidden unit: Wx, Wh are 1 × 1 and every state a single number.
    const steps = rng.int(2, 8);
    cases.push({ inputs: rng.array([steps, 1]) as number[][], w: randomWeights(rng, 1, 1, 0.8), steps, inputSize: 1, hiddenSize: 1 });
    const expected = cases.map(({ w, inputs }) => libraryStates(w, inputs));
    const got = await run(unrollProbe, cases.map(({ inputs, w }) => ({ inputs, w })));
    expectTrue(Array.isArray(got) && got.length === cases.length, 'unrollSequence results could not be read back');
    cases.forEach(({ steps, inputSize, hiddenSize }, k) => {
      expectClose(matrixValues(got[k], 'unrollSequence(...)', true), expected[k], { ...TOL, name: `unrollSequence (T ${steps}, input ${inputSize}, hidden ${hiddenSize})` });
    });
  });
});

group('MyRNNCell and MyRNN (Module)', {}, () => {
  check('MyRNNCell registers Wx (Dh, d), Wh (Dh, Dh) and b (Dh) as trainable Parameters', {
    points: 1,
    hint: [
      'a Module trains only what it registers as Parameters: Wx (Dh, d), Wh (Dh, Dh) and b (Dh) (see lessons/02-rnn-cell §5)',
      'the grader loads weights under exactly these field names, in the (output, input) layout of nn.RNN (README hint 3)',
      'this.Wx = new nn.Parameter(nn.init.uniform_(zeros([hiddenSize, inputSize]), -bound, bound)), and the same for Wh and b (README code hint 3)',
    ],
  }, async ({ run }) => {
    const params = await run(async ({ load }: SandboxContext) => {
      const { MyRNNCell } = await load('my-rnn.ts');
      const cell = new MyRNNCell(4, 6);
      return [...cell.namedParameters()].map(([name, p]: [string, { shape: number[]; requiresGrad: boolean }]) => [name, [...p.shape], p.requiresGrad === true]);
    }, null);
    expectEqual(parameterShapes(params, 'new MyRNNCell(4, 6)'), { Wx: [6, 4], Wh: [6, 6], b: [6] }, 'parameter names and shapes of new MyRNNCell(4, 6)');
    for (const [name, , requiresGrad] of params as [string, number[], unknown][]) expectTrue(requiresGrad === true, `parameter ${name} does not require gradients`);
  });

  check('MyRNNCell starts from U(-1/√Dh, 1/√Dh) like nn.RNN', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'nn.RNN starts every parameter from U(-1/√Dh, 1/√Dh): centred on zero, with a width that shrinks with the hidden size (see lessons/02-rnn-cell §6)',
      'the bound is 1/√hiddenSize for Wx, Wh and b alike, and the values fill the whole interval (README hint 3)',
      'bound = 1 / Math.sqrt(hiddenSize); nn.init.uniform_(zeros(shape), -bound, bound) (README code hint 3)',
    ],
  }, async ({ rng, run }) => {
    const seed = rng.int(0, 1_000_000);
    const inputSize = rng.int(3, 7);
    const hiddenSize = rng.int(6, 11);
    const parameters = await run(async ({ load, lib }: SandboxContext, input: { seed: number; inputSize: number; hiddenSize: number }) => {
      const { MyRNNCell } = await load('my-rnn.ts');
      lib.manualSeed(input.seed);
      return new MyRNNCell(input.inputSize, input.hiddenSize).parameters();
    }, { seed, inputSize, hiddenSize });
    expectTrue(Array.isArray(parameters), 'MyRNNCell.parameters() should return an array of tensors');
    const bound = 1 / Math.sqrt(hiddenSize);
    const values = (parameters as unknown[]).flatMap((p) => flat(p, 'a parameter'));
    expectTrue(values.length === hiddenSize * (inputSize + hiddenSize + 1), 'MyRNNCell has the wrong number of parameter values');
    expectTrue(values.every((v) => Math.abs(v) <= bound), 'some initial weights lie outside [-1/√hiddenSize, 1/√hiddenSize]');
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const spread = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    // U(-a, a) has mean 0 and standard deviation a/√3 ≈ 0.58 a.
    expectTrue(Math.abs(mean) < 0.3 * bound && spread > 0.35 * bound, 'the initial weights are not spread evenly around 0 across (-1/√hiddenSize, 1/√hiddenSize)');
  });

  check('MyRNNCell.forward equals nn.RNNCell with the same weights (input 4, hidden 6)', {
    points: 2,
    hint: [
      'the same equation as rnnStep, written with tensor operations on the Parameters so that autograd can follow it (see lessons/02-rnn-cell §5)',
      'x (N, d) times Wxᵀ, plus hidden (N, Dh) times Whᵀ, plus b broadcast to every row, then tanh (README hint 4)',
      'x.matmul(this.Wx.T).add(hidden.matmul(this.Wh.T)).add(this.b).tanh() (README code hint 4)',
    ],
  }, async ({ rng, run }) => {
    const w = randomWeights(rng, 4, 6, 0.6);
    const x = rng.array([1, 4]) as number[][];
    const h = rng.array([1, 6], -0.9, 0.9) as number[][];
    const expected = libraryStep(w, x, h);
    const got = await run(cellForwardProbe, { w, x, h, inputSize: 4, hiddenSize: 6 });
    expectClose(got, expected, { ...TOL, name: 'MyRNNCell.forward(x, h)' });
  });

  check('MyRNNCell.forward on a batch of several rows', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'every row of x is its own sample: the products act on all rows at once and the bias is added to each row (see lessons/02-rnn-cell §5)',
      'b has shape (Dh) and broadcasts over the batch; nothing may read row 0 only (README hint 4)',
    ],
  }, async ({ rng, run }) => {
    const batch = rng.int(2, 6);
    const inputSize = rng.int(1, 7);
    const hiddenSize = rng.int(2, 9);
    const w = randomWeights(rng, inputSize, hiddenSize);
    const x = rng.array([batch, inputSize]) as number[][];
    const h = rng.array([batch, hiddenSize], -0.9, 0.9) as number[][];
    const expected = libraryStep(w, x, h);
    const got = await run(cellForwardProbe, { w, x, h, inputSize, hiddenSize });
    expectClose(got, expected, { ...TOL, name: `MyRNNCell.forward (batch ${batch})` });
  });

  check('MyRNN has parameters Wy, rnnCell.Wx, rnnCell.Wh, rnnCell.b, and initHidden gives zeros (batch, Dh)', {
    points: 1,
    hint: [
      "MyRNN is a cell plus an output weight; a sub-module's Parameters are registered under the field that holds it (see lessons/02-rnn-cell §5)",
      'fields rnnCell (a MyRNNCell) and Wy (outputSize, hiddenSize); h_0 is zeros of shape (batch, hidden) (README hint 5)',
      'this.rnnCell = new MyRNNCell(...), this.Wy = new nn.Parameter(...), initHidden → zeros([batchSize, hiddenSize]) (README code hint 5)',
    ],
  }, async ({ run }) => {
    const got = await run(async ({ load }: SandboxContext) => {
      const { MyRNN } = await load('my-rnn.ts');
      const model = new MyRNN(4, 6, 2);
      const params = [...model.namedParameters()].map(([name, p]: [string, { shape: number[] }]) => [name, [...p.shape]]);
      return { params, h0: model.initHidden(3) };
    }, null);
    const shapes = parameterShapes(got?.params, 'new MyRNN(4, 6, 2)');
    expectEqual(sortedKeys(shapes), ['Wy', 'rnnCell.Wh', 'rnnCell.Wx', 'rnnCell.b'], 'parameter names of new MyRNN(4, 6, 2), sorted');
    expectEqual(shapes, { Wy: [2, 6], 'rnnCell.Wx': [6, 4], 'rnnCell.Wh': [6, 6], 'rnnCell.b': [6] }, 'parameter shapes of new MyRNN(4, 6, 2)');
    expectShape(got.h0, [3, 6], 'initHidden(3)');
    expectTrue(flat(got.h0, 'initHidden(3)').every((v) => v === 0), 'initHidden(3) is not all zeros');
  });

  check("MyRNN.forward on note 003's sequence (1, 5, 4): h_T equals nn.RNN's h_n and output = sigmoid(h_T Wyᵀ)", {
    points: 2,
    hint: [
      'many-to-one: run the cell over every time step from h_0 = 0; the output layer reads only the last state, sigmoid(h_T Wyᵀ) (see lessons/02-rnn-cell §5)',
      'x is (N, T, d): time is axis 1; forward returns the pair [output, h_T] (README hint 5)',
      'for t < x.shape[1]: h = this.rnnCell.forward(x.select(1, t), h); then [h.matmul(this.Wy.T).sigmoid(), h] (README code hint 5)',
    ],
  }, async ({ rng, run }) => {
    const w = randomWeights(rng, 4, 6, 0.6);
    const Wy = rng.array([1, 6]) as number[][];
    const sequence = [0, 1, 2, 3, 4].map((t) => [0.1, 0.2, 0.3, 0.4].map((v) => v + 0.1 * t));
    const [, hN] = libraryRnn(w).forward(tensor([sequence]));
    const expectedH = hN.select(0, 0);
    const expectedOutput = expectedH.matmul(tensor(Wy).T).sigmoid();
    const got = await run(async ({ load, lib }: SandboxContext, input: { w: Weights; Wy: number[][]; sequence: number[][] }) => {
      const { MyRNN } = await load('my-rnn.ts');
      const model = new MyRNN(4, 6, 1);
      model.loadStateDict({ Wy: input.Wy, 'rnnCell.Wx': input.w.Wx, 'rnnCell.Wh': input.w.Wh, 'rnnCell.b': input.w.b });
      const result = model.forward(lib.tensor([input.sequence]));
      const pair = Array.isArray(result) && result.length === 2;
      return { pair, output: pair ? result[0] : null, hT: pair ? result[1] : null };
    }, { w, Wy, sequence });
    if (got?.pair !== true) fail('MyRNN.forward should return [output, h_T]');
    expectClose(got.hT, expectedH, { ...TOL, name: 'h_T (second value MyRNN.forward returns)' });
    expectClose(got.output, expectedOutput, { ...TOL, name: 'output (first value MyRNN.forward returns)' });
  });

  check('backward through MyRNN gives the gradients of nn.RNN for Wx, Wh, b and Wy', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'autograd differentiates only what it recorded: every step must be a chain of tensor operations on the Parameters themselves (see lessons/02-rnn-cell §5)',
      'no toMatrix, toArray, detach, item or noGrad inside forward, and the same Parameters at every step (README hints 4 and 5)',
    ],
  }, async ({ rng, run }) => {
    const batch = rng.int(2, 5);
    const steps = rng.int(2, 7);
    const inputSize = rng.int(1, 6);
    const hiddenSize = rng.int(2, 7);
    const outputSize = rng.int(1, 4);
    const w = randomWeights(rng, inputSize, hiddenSize, 0.7);
    const Wy = rng.array([outputSize, hiddenSize]) as number[][];
    const x = rng.array([batch, steps, inputSize]) as number[][][];
    const weightOut = rng.array([batch, outputSize]) as number[][];
    const weightHidden = rng.array([batch, hiddenSize]) as number[][];

    const rnn = libraryRnn(w);
    const referenceWy = tensor(Wy, { requiresGrad: true });
    const [, hN] = rnn.forward(tensor(x));
    const referenceH = hN.select(0, 0);
    referenceH.matmul(referenceWy.T).sigmoid().mul(tensor(weightOut)).sum().add(referenceH.mul(tensor(weightHidden)).sum()).backward();
    const pairs: [string, Tensor | null][] = [
      ['rnnCell.Wx', rnn.weight_ih_l0.grad],
      ['rnnCell.Wh', rnn.weight_hh_l0.grad],
      ['rnnCell.b', rnn.bias_ih_l0?.grad ?? null],
      ['Wy', referenceWy.grad],
    ];

    const grads = await run(async ({ load, lib }: SandboxContext, input: {
      sizes: [number, number, number]; w: Weights; Wy: number[][]; x: number[][][]; weightOut: number[][]; weightHidden: number[][];
    }) => {
      const { MyRNN } = await load('my-rnn.ts');
      const model = new MyRNN(...input.sizes);
      model.loadStateDict({ Wy: input.Wy, 'rnnCell.Wx': input.w.Wx, 'rnnCell.Wh': input.w.Wh, 'rnnCell.b': input.w.b });
      const [output, hT] = model.forward(lib.tensor(input.x));
      output.mul(lib.tensor(input.weightOut)).sum().add(hT.mul(lib.tensor(input.weightHidden)).sum()).backward();
      // Every parameter's gradient by name (null where backward() left none).
      return [...model.namedParameters()].map(([name, p]: [string, { grad: unknown }]) => [name, p.grad ?? null]);
    }, { sizes: [inputSize, hiddenSize, outputSize], w, Wy, x, weightOut, weightHidden });
    expectTrue(Array.isArray(grads) && grads.every((g) => Array.isArray(g) && typeof g[0] === 'string'), 'the gradients could not be read back after backward()');
    const byName = new Map(grads as [string, unknown][]);
    for (const [name, expected] of pairs) {
      const grad = byName.get(name);
      if (grad === null || grad === undefined) fail(`${name}.grad is empty after backward(): the loss does not reach this parameter through autograd`);
      expectClose(grad, expected, { ...TOL, name: `${name}.grad` });
    }
  });
});

group('saturation (note 004)', {}, () => {
  check('saturationFraction on hand-made matrices', { points: 1, hint: [
      'the saturated share is the number of entries whose absolute value is strictly above the threshold, divided by the number of entries (see lessons/02-rnn-cell §6)',
      'a value exactly at the threshold is not counted, a negative value counts by its absolute value, and a 1×1 matrix is a matrix too (README hint 7)',
      'states.to1DArray().filter((v) => Math.abs(v) > threshold).length divided by the number of entries (README code hint 7)',
    ] }, async ({ run }) => {
    const got = await run(async ({ load, Matrix }: SandboxContext) => {
      const { saturationFraction } = await load('saturation.ts');
      return [
        saturationFraction(new Matrix([[0.9995, -0.9999, 0.5], [0.2, 0.99991, -0.3]]), 0.999),
        saturationFraction(new Matrix([[0.995, 0.98, 0.3], [-0.999, 0, 0.2]])),
        saturationFraction(new Matrix([[0.99, -0.99, 0.995], [0.5, -0.999, 0.2]])),
        saturationFraction(new Matrix([[0.75, -0.5], [0.5, 0.25]]), 0.5),
        saturationFraction(new Matrix([[-0.995]])),
        saturationFraction(new Matrix([[0.3]]), 0.25),
        saturationFraction(new Matrix([[0.3]])),
      ];
    }, null);
    expectTrue(Array.isArray(got) && got.length === 7, 'saturationFraction results could not be read back');
    // 0.9995, -0.9999 and 0.99991 are above 0.999: 3 of 6.
    expectClose(got[0], 0.5, { name: 'saturationFraction(…, 0.999)' });
    // Default threshold 0.99: 0.995 and -0.999 are above it, 0.98 is not: 2 of 6.
    expectClose(got[1], 2 / 6, { name: 'saturationFraction(…) with the default threshold' });
    // Values exactly at the threshold are not above it (README: |h| > threshold).
    expectClose(got[2], 2 / 6, { name: 'saturationFraction([[0.99, -0.99, 0.995], [0.5, -0.999, 0.2]]) (0.99 and -0.99 sit exactly at the default threshold)' });
    expectClose(got[3], 1 / 4, { name: 'saturationFraction([[0.75, -0.5], [0.5, 0.25]], 0.5) (±0.5 sit exactly at the threshold)' });
    // A 1 × 1 matrix: its one entry is all there is.
    expectClose(got[4], 1, { name: 'saturationFraction([[-0.995]])' });
    expectClose(got[5], 1, { name: 'saturationFraction([[0.3]], 0.25)' });
    expectClose(got[6], 0, { name: 'saturationFraction([[0.3]])' });
  });

  check('saturationFraction on random matrices', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'the saturated share is the number of entries whose absolute value is strictly above the threshold, divided by the number of entries (see lessons/02-rnn-cell §6)',
      'use the threshold it is given, count every entry of every row, and leave values exactly at the threshold out (README hint 7)',
    ],
  }, async ({ rng, run }) => {
    const cases: { values: number[][]; threshold: number }[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const rows = rng.int(1, 8);
      const columns = rng.int(1, 8);
      const threshold = rng.uniform(0.5, 0.999);
      const values = rng.array([rows, columns]) as number[][];
      // Some entries exactly at ±threshold: they are not above it.
      for (const row of values) for (let j = 0; j < row.length; j++) if (rng.next() < 0.25) row[j] = rng.next() < 0.5 ? threshold : -threshold;
      cases.push({ values, threshold });
    }
    const threshold = rng.uniform(0.2, 0.8);
    cases.push({ values: [[(rng.next() < 0.5 ? -1 : 1) * rng.uniform(threshold + 0.01, 1)]], threshold });
    const got = await run(async ({ load, Matrix }: SandboxContext, input: { values: number[][]; threshold: number }[]) => {
      const { saturationFraction } = await load('saturation.ts');
      return input.map(({ values, threshold }) => saturationFraction(new Matrix(values), threshold));
    }, cases);
    expectTrue(Array.isArray(got) && got.length === cases.length, 'saturationFraction results could not be read back');
    cases.forEach(({ values, threshold }, k) => {
      const expected = values.flat().filter((v) => Math.abs(v) > threshold).length / values.flat().length;
      expectClose(got[k], expected, { name: 'saturationFraction(states, threshold)' });
    });
  });

  check('saturationExperiment draws inputs (10, 4), Wx (8, 4), Wh (8, 8), b (8) from U[0, 1)', {
    points: 1,
    hint: [
      'note 004 draws the inputs, Wx, Wh and b all from U[0, 1) (see lessons/02-rnn-cell §6)',
      'inputs (timesteps, inputSize), Wx (hiddenSize, inputSize), Wh (hiddenSize, hiddenSize), b (hiddenSize); defaults 10, 4 and 8 (README hint 6)',
      'each value is low + (high - low) * generator.random(); Matrix.rand(rows, columns, { random: () => ... }) fills a matrix (README code hint 6)',
    ],
  }, async ({ run }) => {
    const got = await run(saturationProbe, { seed: 7, options: {} });
    const parts: [string, unknown, number[]][] = [
      ['inputs', got?.inputs?.value, [10, 4]],
      ['weights.Wx', got?.Wx?.value, [8, 4]],
      ['weights.Wh', got?.Wh?.value, [8, 8]],
      ['weights.b', got?.b, [8]],
      ['states', got?.states?.value, [10, 8]],
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
    hint: [
      'with every term positive the pre-activations grow to about 5 and tanh sits near 1 (see lessons/02-rnn-cell §6)',
      'return the hidden states that unrollSequence computes from the very inputs and weights you drew (README hint 6)',
    ],
  }, async ({ run }) => {
    const got = await run(saturationProbe, { seed: 11, options: {} });
    const states = matrixValues(got?.states, 'states');
    const fromStep2 = states.slice(1).flat();
    expectTrue(fromStep2.length === 72, `states should have 10 rows of 8, got ${states.length} rows`);
    const share = fromStep2.filter((v) => Math.abs(v) > SATURATED).length / fromStep2.length;
    expectTrue(share >= 0.8, `only ${(100 * share).toFixed(1)} % of the hidden values from step 2 on are above ${SATURATED} in absolute value`);
  });

  check('the states it returns are the RNN run over the inputs and weights it returns', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'the states must be the RNN run over the inputs and weights returned beside them, for both initialisations (see lessons/02-rnn-cell §6)',
      'draw the inputs and weights first, then return them with unrollSequence(inputs, weights) (README hint 6)',
    ],
  }, async ({ rng, run }) => {
    for (const init of ['uniform01', 'pytorch'] as const) {
      const timesteps = rng.int(2, 12);
      const inputSize = rng.int(1, 6);
      const hiddenSize = rng.int(2, 10);
      const got = await run(saturationProbe, { seed: rng.int(0, 1_000_000), options: { timesteps, inputSize, hiddenSize, init } });
      const w: Weights = {
        Wx: matrixValues(got?.Wx, 'weights.Wx', true),
        Wh: matrixValues(got?.Wh, 'weights.Wh', true),
        b: flat(got?.b, 'weights.b'),
      };
      const inputs = matrixValues(got?.inputs, 'inputs', true);
      const states = matrixValues(got?.states, 'states', true);
      // The library's RNN needs consistent sizes before it can give the reference.
      expectShape(w.Wx, [hiddenSize, inputSize], 'weights.Wx');
      expectShape(w.Wh, [hiddenSize, hiddenSize], 'weights.Wh');
      expectShape(w.b, [hiddenSize], 'weights.b');
      expectShape(inputs, [timesteps, inputSize], 'inputs');
      expectClose(states, libraryStates(w, inputs), { ...TOL, name: `states (init '${init}')` });
    }
  });

  check("init 'pytorch' draws weights in (-1/√H, 1/√H) and the states hardly saturate", {
    points: 1,
    visibility: 'hidden',
    hint: [
      'nn.RNN draws every parameter from U(-1/√H, 1/√H): centred on zero, and as wide as 1/√H, not 1/H (see lessons/02-rnn-cell §6)',
      "with init 'pytorch', low = -1/√hiddenSize and high = 1/√hiddenSize for Wx, Wh and b; the inputs stay U[0, 1) (README hint 6)",
      'const bound = 1 / Math.sqrt(hiddenSize), then low + (high - low) * generator.random() with [low, high] = [-bound, bound] (README code hint 6)',
    ],
  }, async ({ rng, run }) => {
    const timesteps = rng.int(6, 13);
    const inputSize = rng.int(2, 7);
    // H ≥ 16: 1/H is at most a quarter of 1/√H, and H · (d + H + 1) ≥ 304 values fill U(-1/√H, 1/√H).
    const hiddenSize = rng.int(16, 33);
    const got = await run(saturationProbe, { seed: rng.int(0, 1_000_000), options: { timesteps, inputSize, hiddenSize, init: 'pytorch' } });
    const bound = 1 / Math.sqrt(hiddenSize);
    const weights = [...flat(got?.Wx?.value, 'weights.Wx'), ...flat(got?.Wh?.value, 'weights.Wh'), ...flat(got?.b, 'weights.b')];
    expectTrue(weights.length === hiddenSize * (inputSize + hiddenSize + 1), 'the weights do not have the requested sizes');
    expectTrue(weights.every((v) => Math.abs(v) <= bound), 'some weights lie outside (-1/√hiddenSize, 1/√hiddenSize)');
    // n ≥ 304 draws from U(-a, a) all stay below 0.8 a with probability 0.8^304 < 1e-29 (the same for the negative side).
    expectTrue(Math.max(...weights) > 0.8 * bound && Math.min(...weights) < -0.8 * bound,
      'the weights do not fill (-1/√hiddenSize, 1/√hiddenSize): the largest |w| stays far inside the bound');
    const inputs = flat(got?.inputs?.value, 'inputs');
    expectTrue(inputs.length === timesteps * inputSize && inputs.every((v) => v >= 0 && v < 1), 'inputs should be (timesteps, inputSize) from U[0, 1)');
    const states = flat(got?.states?.value, 'states');
    expectTrue(states.length === timesteps * hiddenSize, 'states should be (timesteps, hiddenSize)');
    const share = states.filter((v) => Math.abs(v) > SATURATED).length / states.length;
    expectTrue(share <= 0.05, `${(100 * share).toFixed(1)} % of the hidden values are saturated with nn.RNN's initialisation`);
  });

  check('draws every random number from the generator it is given', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'a seeded experiment repeats only if every random number comes from the generator it is given (see lessons/02-rnn-cell §6)',
      'no Math.random and no draw from the global generator: the same generator seed must give the same run whatever the global seed is (README hint 6)',
      'generator.random() for every value, or { generator } where a library function takes one (README code hint 6)',
    ],
  }, async ({ rng, run }) => {
    const seed = rng.int(0, 1_000_000);
    const globalSeeds = [rng.int(0, 1000), rng.int(1000, 2000)];
    const runs = await run(async ({ load, lib }: SandboxContext, input: { seed: number; globalSeeds: number[] }) => {
      const { saturationExperiment } = await load('saturation.ts');
      const key = (r: { inputs?: unknown; weights?: { Wh?: unknown }; states?: unknown }) => ({ inputs: r.inputs, Wh: r.weights?.Wh, states: r.states });
      lib.manualSeed(input.globalSeeds[0]);
      const first = key(saturationExperiment({ generator: new lib.Generator(input.seed) }));
      lib.manualSeed(input.globalSeeds[1]); // a different global stream must not matter
      const again = key(saturationExperiment({ generator: new lib.Generator(input.seed) }));
      const other = key(saturationExperiment({ generator: new lib.Generator(input.seed + 1) }));
      return { first, again, other };
    }, { seed, globalSeeds });
    const key = (r: { inputs?: unknown; Wh?: unknown; states?: unknown } | undefined) =>
      JSON.stringify([flat(r?.inputs, 'inputs'), flat(r?.Wh, 'weights.Wh'), flat(r?.states, 'states')]);
    expectTrue(key(runs?.first) === key(runs?.again), 'the same generator seed gave different results');
    expectTrue(key(runs?.first) !== key(runs?.other), 'different generator seeds gave the same results');
  });

  check('why every hidden value ends up near 0.9999', {
    points: 1,
    hint: [
      'look at the signs of every term of x_t Wxᵀ + h_(t-1) Whᵀ + b when everything is drawn from U[0, 1) (see lessons/02-rnn-cell §6)',
      'estimate the sum at the second step, then read tanh at that value (README hint 8)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'whyDoesItSaturate'), {
      name: 'whyDoesItSaturate',
      answer: 'b',
      misses: {
        a: 'tanh is near 0 for small inputs: how close to 1 it gets depends on the size of the sum, and the weights set that size',
        c: 'the state is never added to itself: it goes through Wh and tanh at every step, and tanh keeps it inside (-1, 1)',
        d: "the same 10 steps with nn.RNN's U(-1/√H, 1/√H) weights hardly saturate: the length alone does not do it",
      },
      lesson: 'lessons/02-rnn-cell §6',
    });
  });

  check("how much of a gradient gets through tanh when h = 0.9999", {
    points: 1,
    hint: [
      "the local slope of tanh is tanh'(a) = 1 - tanh(a)² = 1 - h²: backpropagation multiplies the gradient by it at every step (see lessons/02-rnn-cell §6)",
      'put h = 0.9999 into that slope; the answer is a number, not a letter (README hint 9)',
    ],
  }, async ({ run }) => {
    // The slope of the library's tanh at the pre-activation where it outputs 0.9999, read off autograd.
    const a = tensor([Math.atanh(SATURATED_EXAMPLE)], { requiresGrad: true });
    a.tanh().sum().backward();
    expectValueAnswer(await run(questionProbe, 'tanhSlopeWhenSaturated'), {
      name: 'tanhSlopeWhenSaturated',
      expected: a.grad!.data[0],
      idea: "it is the factor by which tanh scales a gradient passing back through a unit whose output is 0.9999, the slope tanh'(a) = 1 - h²",
      lesson: 'lessons/02-rnn-cell §6',
      rtol: 0.01,
    });
  });
});
