// Graded suite of exercise 03 (many-to-one classifier of note 000): the model is RNN + Linear + Sigmoid on
// the last layer's final state (checked against the library's layers loaded with the model's own weights),
// accuracy counts p ≥ 0.5 as class 1, the training loop is SGD (lr 0.1) on BCELoss update for update,
// 500 epochs learn the toy task at any seed, and two concept questions (a letter, and a value the judge
// computes with nn.BCELoss).
//
// The probes build the learner's model in the submission's process (seeded there with manualSeed), run
// it or train it and send back its outputs and state dicts as nested arrays; the judge loads those
// weights into the library's layers here and computes the reference forward pass and SGD updates.
import { nn, noGrad, tensor, type Tensor } from '../../lib/index.ts';
import {
  check, expectChoice, expectClose, expectEqual, expectShape, expectTrue, expectValueAnswer, fail, group, toNumeric, type Rng, type SandboxContext,
} from '../kit/index.ts';

/** Note 000's data, built here so the suite does not depend on the submission's copy. */
const TOY_X = [[[8], [1], [5], [3]], [[2], [7], [4], [9]]];
const TOY_Y = [[0], [1]];
/** After the task's 500 epochs the solution's BCE is below 0.023 at every one of 300 seeds tried; 0.05 leaves room. */
const LOSS_AFTER_500_EPOCHS = 0.05;
const TOL = { atol: 1e-10, rtol: 1e-9 };
/** 500 full-batch epochs take about a second; leave room on a loaded machine. */
const TRAINING_TIMEOUT = 30_000;

interface Sizes {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  outputSize: number;
}

const DEFAULT_SIZES: Sizes = { inputSize: 1, hiddenSize: 5, numLayers: 1, outputSize: 1 };

function expectedParameterShapes({ inputSize, hiddenSize, numLayers, outputSize }: Sizes): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (let layer = 0; layer < numLayers; layer++) {
    shapes[`rnn.weight_ih_l${layer}`] = [hiddenSize, layer === 0 ? inputSize : hiddenSize];
    shapes[`rnn.weight_hh_l${layer}`] = [hiddenSize, hiddenSize];
    shapes[`rnn.bias_ih_l${layer}`] = [hiddenSize];
    shapes[`rnn.bias_hh_l${layer}`] = [hiddenSize];
  }
  shapes['fc.weight'] = [outputSize, hiddenSize];
  shapes['fc.bias'] = [outputSize];
  return shapes;
}

/** A probe's list of [name, shape] pairs as a record (the last of two equal names wins, as a Map would). */
function parameterShapes(pairs: unknown, what: string): Record<string, number[]> {
  expectTrue(Array.isArray(pairs) && pairs.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Array.isArray(p[1])), `the parameters of ${what} could not be read`);
  return Object.fromEntries(pairs as [string, number[]][]);
}

/** The weights the reference needs, read from a state dict the submission sent: every expected name, with its shape. */
function readStateDict(value: unknown, sizes: Sizes): nn.StateDict {
  expectTrue(typeof value === 'object' && value !== null && !Array.isArray(value), 'model.stateDict() should return an object of nested arrays');
  const record = value as Record<string, unknown>;
  const out: nn.StateDict = {};
  for (const [name, shape] of Object.entries(expectedParameterShapes(sizes))) {
    if (!Object.prototype.hasOwnProperty.call(record, name)) fail(`the model has no parameter ${name}`);
    expectShape(record[name], shape, `parameter ${name}`);
    out[name] = record[name] as nn.StateDict[string];
  }
  return out;
}

/** Library layers (batchFirst RNN, Linear) loaded with the model's weights: the reference model. */
class Reference {
  readonly rnn: nn.RNN;
  readonly fc: nn.Linear;
  constructor(sizes: Sizes, stateDict: nn.StateDict) {
    // The layers' own initial draws from the global generator are overwritten at once, and this runs
    // synchronously, so it never splits another check's seeded stream.
    this.rnn = new nn.RNN(sizes.inputSize, sizes.hiddenSize, { numLayers: sizes.numLayers, batchFirst: true });
    this.fc = new nn.Linear(sizes.hiddenSize, sizes.outputSize);
    const part = (prefix: string): nn.StateDict =>
      Object.fromEntries(Object.entries(stateDict).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
    this.rnn.loadStateDict(part('rnn.'));
    this.fc.loadStateDict(part('fc.'));
  }

  /** sigmoid(fc(h_n[-1])): the last layer's state after the last step. */
  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x);
    return this.fc.forward(hN.select(0, hN.shape[0] - 1)).sigmoid();
  }

  parameters(): Tensor[] {
    return [...this.rnn.parameters(), ...this.fc.parameters()];
  }
}

function number(value: unknown, name: string): number {
  if (typeof value !== 'number') fail(`\`${name}\` should be a number, got ${toNumeric(value).ok ? 'a tensor or an array' : typeof value}`);
  return value as number;
}

function values(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

function bce(prediction: Tensor, target: Tensor): number {
  return new nn.BCELoss().forward(prediction, target).item();
}

function fractionCorrect(p: number[], y: number[]): number {
  return p.filter((v, i) => (v >= 0.5 ? 1 : 0) === y[i]).length / p.length;
}

function randomSequences(rng: Rng, batch: number, steps: number, inputSize: number): number[][][] {
  return rng.array([batch, steps, inputSize], 0, 9) as number[][][];
}

// ---- probes (they run in the submission's process and may use only their two arguments) ----

/** new SimpleRNNModel(options) after manualSeed(seed): its state dict, then forward(x) (no seed, no x: only the state dict). */
const forwardProbe = async ({ load, lib }: SandboxContext, input: { seed: number | null; options?: Record<string, number>; x: number[][][] | null }) => {
  const { SimpleRNNModel } = await load('model.ts');
  if (input.seed !== null) lib.manualSeed(input.seed);
  const model = new SimpleRNNModel(input.options);
  const stateDict = model.stateDict();
  return { stateDict, output: input.x === null ? null : model.forward(lib.tensor(input.x)) };
};

/** Parameter names and shapes of new SimpleRNNModel(options). */
const shapesProbe = async ({ load }: SandboxContext, options: Record<string, number> | undefined) => {
  const { SimpleRNNModel } = await load('model.ts');
  return [...new SimpleRNNModel(options).namedParameters()].map(([name, p]: [string, { shape: number[] }]) => [name, [...p.shape]]);
};

/** After manualSeed(seed): trains a default SimpleRNNModel with trainClassifier(model, x, y, options?) and returns its predictions on x. */
const trainProbe = async ({ load, lib }: SandboxContext, input: { seed: number; x: number[][][]; y: number[][]; options?: Record<string, number> }) => {
  const { SimpleRNNModel } = await load('model.ts');
  const { trainClassifier } = await load('train.ts');
  lib.manualSeed(input.seed);
  const model = new SimpleRNNModel();
  const x = lib.tensor(input.x);
  if (input.options === undefined) trainClassifier(model, x, lib.tensor(input.y));
  else trainClassifier(model, x, lib.tensor(input.y), input.options);
  return lib.noGrad(() => model.forward(x));
};

group('SimpleRNNModel', {}, () => {
  check('default model: rnn (input 1, hidden 5) and fc (5 → 1) under PyTorch names', {
    points: 1,
    hint: [
      'the model is an RNN that reads the sequence, then a Linear layer from the hidden size to the output size, then a sigmoid (see lessons/04-many-to-one §2)',
      "a field becomes the prefix of its parameters' names: rnn.weight_ih_l0, fc.bias; every size comes from the options (README hint 1)",
      'this.rnn = new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst: true }), this.fc = new nn.Linear(hiddenSize, outputSize) (README code hint 1)',
    ],
  }, async ({ run }) => {
    const pairs = await run(shapesProbe, undefined);
    expectEqual(parameterShapes(pairs, 'new SimpleRNNModel()'), expectedParameterShapes(DEFAULT_SIZES), 'parameter names and shapes of new SimpleRNNModel()');
  });

  check('the options set every size: inputSize 3, hiddenSize 7, numLayers 2, outputSize 2', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'every size of the model comes from its options: input, hidden, number of layers and output (see lessons/04-many-to-one §2)',
      'numLayers goes to the RNN, outputSize to the Linear layer; only their defaults are 1, 5, 1, 1 (README hint 1)',
    ],
  }, async ({ run }) => {
    const sizes = { inputSize: 3, hiddenSize: 7, numLayers: 2, outputSize: 2 };
    const pairs = await run(shapesProbe, sizes);
    expectEqual(parameterShapes(pairs, 'the model'), expectedParameterShapes(sizes), 'parameter names and shapes');
  });

  check('forward on the toy data gives (2, 1) probabilities strictly between 0 and 1', {
    points: 1,
    hint: [
      'many-to-one: one probability per sequence, so the output is (batch, outputSize), squashed into (0, 1) by the sigmoid (see lessons/04-many-to-one §2)',
      'the Linear layer reads a (batch, hidden) state, and the sigmoid comes last (README hint 2)',
      'return this.sigmoid.forward(this.fc.forward(lastHidden)) (README code hint 2)',
    ],
  }, async ({ run }) => {
    const { output } = await run(forwardProbe, { seed: 0, x: TOY_X });
    expectShape(output, [2, 1], 'forward(x) on x of shape (2, 4, 1)');
    expectTrue(values(output, 'forward(x)').every((p) => p > 0 && p < 1), 'forward(x) has values outside (0, 1)');
  });

  check('forward on random batches and lengths gives (batch, outputSize) in (0, 1)', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'the batch size and the length come from x itself, for any batch and any length, one included (see lessons/04-many-to-one §2)',
      'h_0 has the shape (numLayers, x.shape[0], hidden) (README hint 2)',
    ],
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 3; trial++) {
      const sizes = { inputSize: rng.int(1, 4), hiddenSize: rng.int(2, 8), numLayers: 1, outputSize: rng.int(1, 3) };
      const batch = rng.int(1, 6);
      const seed = rng.int(0, 1_000_000);
      const x = randomSequences(rng, batch, rng.int(1, 7), sizes.inputSize);
      const { output } = await run(forwardProbe, { seed, options: sizes, x });
      expectShape(output, [batch, sizes.outputSize], 'forward(x)');
      expectTrue(values(output, 'forward(x)').every((p) => p > 0 && p < 1), 'forward(x) has values outside (0, 1)');
    }
  });

  check('forward = sigmoid(fc(h_n[-1])) of a batchFirst RNN started from zeros, with the model\'s own weights', {
    points: 2,
    hint: [
      'the classifier reads only the memory after the last step, h_n, of an RNN started from zeros (see lessons/04-many-to-one §2)',
      'x is (batch, seq, feature), so the RNN must be batchFirst; h_n is (layers, batch, hidden) and the classifier takes one layer of it (README hint 2)',
      'const [, hN] = this.rnn.forward(x, h0); this.fc.forward(hN.select(0, this.numLayers - 1)) (README code hint 2)',
    ],
  }, async ({ run }) => {
    const got = await run(forwardProbe, { seed: 1, x: TOY_X });
    const reference = new Reference(DEFAULT_SIZES, readStateDict(got?.stateDict, DEFAULT_SIZES));
    expectClose(got.output, reference.forward(tensor(TOY_X)), { ...TOL, name: 'forward(x)' });
  });

  check('with 2 layers, forward uses the last layer\'s final state', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'with stacked layers h_n has one row per layer, and only the last layer has read the whole stack (see lessons/04-many-to-one §2 and lessons/03-nn-rnn-shapes §4)',
      'h_n[0] is the first layer; the classifier needs h_n[-1], the last one (README hint 2)',
      'hN.select(0, this.numLayers - 1) (README code hint 2)',
    ],
  }, async ({ rng, run }) => {
    const sizes = { inputSize: rng.int(1, 4), hiddenSize: rng.int(3, 7), numLayers: 2, outputSize: 1 };
    const seed = rng.int(0, 1_000_000);
    const x = randomSequences(rng, rng.int(2, 5), rng.int(2, 6), sizes.inputSize);
    const got = await run(forwardProbe, { seed, options: sizes, x });
    const reference = new Reference(sizes, readStateDict(got?.stateDict, sizes));
    expectClose(got.output, reference.forward(tensor(x)), { ...TOL, name: 'forward(x) of a 2-layer model' });
  });
});

group('accuracy', {}, () => {
  /** accuracy(tensor(p), tensor(y)) for each case. */
  const accuracyProbe = async ({ load, lib }: SandboxContext, cases: { p: number[][]; y: number[][] }[]) => {
    const { accuracy } = await load('accuracy.ts');
    return cases.map(({ p, y }) => accuracy(lib.tensor(p), lib.tensor(y)));
  };

  check('hand-made cases: p ≥ 0.5 counts as class 1', { points: 1, hint: [
      'a probability of 0.5 or more counts as class 1; accuracy is the share of samples whose class equals the target (see lessons/04-many-to-one §4)',
      'exactly 0.5 is class 1; the result is a plain number, not a tensor (README hint 3)',
      'prediction.ge(0.5).eq(target).mean().item() (README code hint 3)',
    ] }, async ({ run }) => {
    const got = await run(accuracyProbe, [
      { p: [[0.2], [0.7]], y: [[0], [1]] },
      { p: [[0.6], [0.4]], y: [[0], [1]] },
      { p: [[0.5], [0.49], [0.9], [0.1]], y: [[1], [0], [0], [0]] },
    ]);
    expectTrue(Array.isArray(got) && got.length === 3, 'the results of accuracy could not be read back');
    expectClose(number(got[0], 'accuracy'), 1, { name: 'accuracy([[0.2], [0.7]], [[0], [1]])' });
    expectClose(number(got[1], 'accuracy'), 0, { name: 'accuracy([[0.6], [0.4]], [[0], [1]])' });
    // 0.5 → 1 (right), 0.49 → 0 (right), 0.9 → 1 (wrong), 0.1 → 0 (right): 3 of 4.
    expectClose(number(got[2], 'accuracy'), 0.75, { name: 'accuracy([[0.5], [0.49], [0.9], [0.1]], [[1], [0], [0], [0]])' });
  });

  check('random predictions and targets', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'accuracy is the share of samples whose predicted class (p ≥ 0.5 → 1) equals the target, for any number of samples (see lessons/04-many-to-one §4)',
      'exactly 0.5 is class 1; divide by the number of samples, not by a fixed 2 (README hint 3)',
    ],
  }, async ({ rng, run }) => {
    const cases: { p: number[]; y: number[] }[] = [];
    for (let trial = 0; trial < 4; trial++) {
      const n = rng.int(1, 12);
      const p = Array.from({ length: n }, () => (rng.next() < 0.2 ? 0.5 : rng.next()));
      const y = Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1));
      cases.push({ p, y });
    }
    const got = await run(accuracyProbe, cases.map(({ p, y }) => ({ p: p.map((v) => [v]), y: y.map((v) => [v]) })));
    expectTrue(Array.isArray(got) && got.length === cases.length, 'the results of accuracy could not be read back');
    cases.forEach(({ p, y }, k) => {
      expectClose(number(got[k], 'accuracy'), fractionCorrect(p, y), { name: 'accuracy(prediction, target)' });
    });
  });
});

group('trainClassifier', {}, () => {
  check('every update is one SGD step (lr 0.1) on BCELoss, with the gradients zeroed in between', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'one epoch is forward, loss, clearing the old gradients, backward, update; SGD moves every parameter by -lr times its gradient (see lessons/04-many-to-one §3 and §4)',
      'gradients add up across backward() calls unless they are cleared; the loop runs epoch = 0 … epochs, full batch (README hint 4)',
      'optimizer.zeroGrad(); loss.backward(); optimizer.step() once per epoch with new optim.SGD(model.parameters(), { lr }) (README code hint 4)',
    ],
  }, async ({ rng, run }) => {
    const seed = rng.int(0, 1_000_000);
    const batch = rng.int(2, 5);
    const xValues = randomSequences(rng, batch, 4, 1);
    const yValues = Array.from({ length: batch }, (_, i) => [i % 2]);
    const got = await run(async ({ load, lib }: SandboxContext, input: { seed: number; x: number[][][]; y: number[][] }) => {
      const { SimpleRNNModel } = await load('model.ts');
      const { trainClassifier } = await load('train.ts');
      lib.manualSeed(input.seed);
      const model = new SimpleRNNModel();
      const initial = model.stateDict(); // nested arrays: a copy, untouched by the training
      trainClassifier(model, lib.tensor(input.x), lib.tensor(input.y), { epochs: 2, lr: 0.1, logEvery: 1 });
      return { initial, trained: model.stateDict() };
    }, { seed, x: xValues, y: yValues });

    const reference = new Reference(DEFAULT_SIZES, readStateDict(got?.initial, DEFAULT_SIZES));
    const x = tensor(xValues);
    const y = tensor(yValues);
    // epochs: 2 means epoch 0, 1, 2: three updates, as in the note's `range(epochs + 1)`.
    for (let update = 0; update < 3; update++) {
      for (const p of reference.parameters()) p.grad = null;
      new nn.BCELoss().forward(reference.forward(x), y).backward();
      noGrad(() => {
        for (const p of reference.parameters()) p.data.set(p.sub(p.grad!.mul(0.1)).data);
      });
    }
    const trained = got.trained;
    expectTrue(typeof trained === 'object' && trained !== null, 'model.stateDict() after training could not be read back');
    for (const [name, p] of [...reference.rnn.namedParameters().map(([n, t]) => [`rnn.${n}`, t] as const), ...reference.fc.namedParameters().map(([n, t]) => [`fc.${n}`, t] as const)]) {
      if (!Object.prototype.hasOwnProperty.call(trained, name)) fail(`the model has no parameter ${name}`);
      expectClose(trained[name], p, { ...TOL, name: `${name} after trainClassifier(model, x, y, { epochs: 2, lr: 0.1 })` });
    }
  });

  check("logs epochs 0, 50, 100 with that epoch's loss and accuracy, and calls onEpoch every epoch", {
    points: 1,
    hint: [
      "the log reports each logged epoch's own forward pass, before its update, as plain numbers (see lessons/04-many-to-one §4)",
      'log when the epoch is a multiple of logEvery (epoch 0 included), and call onEpoch after every epoch with that epoch\'s loss as a number (README hint 4)',
      'if (epoch % logEvery === 0) log.push({ epoch, loss: loss.item(), accuracy: accuracy(prediction, y) }); onEpoch?.(epoch, loss.item()) (README code hint 4)',
    ],
    timeout: TRAINING_TIMEOUT,
  }, async ({ run }) => {
    const got = await run(async ({ load, lib }: SandboxContext, input: { x: number[][][]; y: number[][] }) => {
      const { SimpleRNNModel } = await load('model.ts');
      const { trainClassifier } = await load('train.ts');
      lib.manualSeed(3);
      const model = new SimpleRNNModel();
      const initial = model.stateDict();
      const seen: number[] = [];
      const seenLosses: unknown[] = [];
      const onEpoch = (epoch: number, loss: unknown) => {
        seen.push(epoch);
        // A 0-d tensor would arrive in the judge as a plain number: send what it was, and the number when it is one.
        seenLosses.push(typeof loss === 'number' ? loss : typeof loss);
      };
      const log = trainClassifier(model, lib.tensor(input.x), lib.tensor(input.y), { epochs: 100, lr: 0.1, logEvery: 50, onEpoch });
      if (!Array.isArray(log)) return { initial, logKind: typeof log, entries: null, seen, seenLosses };
      // Each entry's fields with what they are (a 0-d tensor would otherwise arrive as a plain number).
      const kind = (v: unknown) => (typeof v === 'number' ? 'number'
        : Array.isArray(v) || (typeof v === 'object' && v !== null && typeof (v as { toArray?: unknown }).toArray === 'function') ? 'array' : typeof v);
      const entries = log.map((entry: { epoch?: unknown; loss?: unknown; accuracy?: unknown } | null) => ({
        epoch: entry?.epoch, loss: entry?.loss, accuracy: entry?.accuracy, lossKind: kind(entry?.loss), accuracyKind: kind(entry?.accuracy),
      }));
      return { initial, logKind: 'array', entries, seen, seenLosses };
    }, { x: TOY_X, y: TOY_Y });
    const y = tensor(TOY_Y);
    const before = noGrad(() => new Reference(DEFAULT_SIZES, readStateDict(got?.initial, DEFAULT_SIZES)).forward(tensor(TOY_X)));
    if (got.logKind !== 'array' || !Array.isArray(got.entries)) fail(`trainClassifier should return the array of log entries, got ${typeof got.logKind === 'string' ? got.logKind : 'something else'}`);
    const log = got.entries as { epoch: unknown; loss: unknown; accuracy: unknown; lossKind: unknown; accuracyKind: unknown }[];
    expectEqual(log.map((entry) => entry?.epoch), [0, 50, 100], 'the epochs of the log entries');
    const field = (k: number, key: 'loss' | 'accuracy'): number => {
      const kind = log[k][`${key}Kind`];
      if (kind !== 'number') fail(`\`log[${k}].${key}\` should be a number, got ${kind === 'array' ? 'a tensor or an array' : typeof kind === 'string' && /^[a-z]+$/.test(kind) ? kind : 'something else'}`);
      return number(log[k][key], `log[${k}].${key}`);
    };
    expectClose(field(0, 'loss'), bce(before, y), { ...TOL, name: 'log[0].loss (the loss before the first update)' });
    expectClose(field(0, 'accuracy'), fractionCorrect(values(before, 'prediction'), [0, 1]), { name: 'log[0].accuracy' });
    expectTrue(log.every((entry) => Number.isFinite(entry.loss)) && (log[2].loss as number) < (log[0].loss as number), 'the logged loss should be finite and go down over 100 epochs');
    expectEqual(got.seen, Array.from({ length: 101 }, (_, i) => i), 'the epochs passed to onEpoch');
    const seenLosses = got.seenLosses as unknown;
    expectTrue(Array.isArray(seenLosses) && seenLosses.length === 101 && seenLosses.every((v) => typeof v === 'number'),
      'onEpoch should get each epoch\'s loss as a plain number (loss.item()), not a tensor');
    expectClose((seenLosses as number[])[0], field(0, 'loss'), { ...TOL, name: 'the loss passed to onEpoch at epoch 0 (against log[0].loss)' });
  });

  check(`with the defaults (500 epochs, lr 0.1) the toy task is learnt: accuracy 1 and BCE < ${LOSS_AFTER_500_EPOCHS}`, {
    points: 2,
    hint: [
      "with the note's settings the RNN learns the two toy sequences within 500 epochs (see lessons/04-many-to-one §4)",
      'defaults epochs = 500, lr = 0.1, full batch; the model must read the last hidden state (README hints 2 and 4)',
    ],
    timeout: TRAINING_TIMEOUT,
  }, async ({ run }) => {
    const prediction = await run(trainProbe, { seed: 0, x: TOY_X, y: TOY_Y });
    const p = values(prediction, 'model.forward(x)');
    expectShape(prediction, [2, 1], 'model.forward(x)');
    expectEqual(fractionCorrect(p, [0, 1]), 1, 'accuracy on the toy data after training');
    const loss = bce(tensor(prediction), tensor(TOY_Y));
    expectTrue(loss < LOSS_AFTER_500_EPOCHS, `BCE on the toy data after training is ${loss.toFixed(4)}, not below ${LOSS_AFTER_500_EPOCHS}`);
  });

  check('the toy task is learnt from other random initialisations too', {
    points: 1,
    visibility: 'hidden',
    timeout: TRAINING_TIMEOUT,
    hint: [
      'training must work from any initial weights, not only from seed 0 (see lessons/04-many-to-one §4)',
      'nothing in the model or the loop may depend on a particular seed; the options epochs and lr must be used (README hints 2 and 4)',
    ],
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 2; trial++) {
      const prediction = await run(trainProbe, { seed: rng.int(0, 1_000_000), x: TOY_X, y: TOY_Y, options: { epochs: 500, lr: 0.1 } });
      expectShape(prediction, [2, 1], 'model.forward(x)');
      expectTrue(fractionCorrect(values(prediction, 'model.forward(x)'), [0, 1]) === 1, 'the trained model does not classify both toy sequences correctly');
      expectTrue(bce(tensor(prediction), tensor(TOY_Y)) < LOSS_AFTER_500_EPOCHS, `the BCE after 500 epochs is not below ${LOSS_AFTER_500_EPOCHS}`);
    }
  });
});

const questionProbe = async ({ load }: SandboxContext, name: string) => (await load('questions.ts'))[name]();

group('questions', { visibility: 'hidden' }, () => {
  check('sameNumbersAsLastHidden: which part of the output sequence equals h_n[-1]', {
    points: 1,
    hint: [
      'the RNN writes its hidden state into the output after every step; h_n is the state after one particular step (see lessons/04-many-to-one §2)',
      'with one layer and one direction, row t of the output (axis 1) is the state after reading x_t; which t has read the whole sequence? (README hint 5)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'sameNumbersAsLastHidden'), {
      name: 'sameNumbersAsLastHidden',
      answer: 'b',
      misses: {
        a: 'row t of the output is the state after reading step t: the first row has read only x₁, while h_n has read the whole sequence',
        c: 'the output of nn.RNN holds the hidden states of the top layer at every step, not the inputs',
        d: 'a mean mixes the states after every step; h_n is the state after one step alone',
      },
      lesson: 'lessons/04-many-to-one §2 and lessons/03-nn-rnn-shapes §2',
    });
  });

  check('bceOfOneConfidentMistake: the BCE of p = 0.9 for targets 0 and 1', {
    points: 1,
    hint: [
      'binary cross-entropy averages −log of the probability the model gives to the right class (see lessons/04-many-to-one §3)',
      'for target 1 the right class gets p, for target 0 it gets 1 − p; average the two −log values (README hint 5)',
    ],
  }, async ({ run }) => {
    // Computed with the library's loss on the question's two predictions.
    const expected = bce(tensor([[0.9], [0.9]]), tensor([[0], [1]]));
    expectValueAnswer(await run(questionProbe, 'bceOfOneConfidentMistake'), {
      name: 'bceOfOneConfidentMistake',
      expected,
      idea: 'BCE is the mean over the samples of −log of the probability given to the right class: p when the target is 1, 1 − p when it is 0',
      lesson: 'lessons/04-many-to-one §3',
      atol: 1e-4,
    });
  });
});
