// Graded suite of exercise 03 (many-to-one classifier of note 000): the model is RNN + Linear + Sigmoid on
// the last layer's final state (checked against the library's layers loaded with the model's own weights),
// accuracy counts p ≥ 0.5 as class 1, the training loop is SGD (lr 0.1) on BCELoss update for update,
// and 500 epochs learn the toy task at any seed.
import { manualSeed, nn, noGrad, tensor, type Tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, loadSubmission, toNumeric, type Rng } from '../kit/index.ts';

const modelFile = loadSubmission(() => import('@submission/03-many-to-one/model.ts'));
const accuracyFile = loadSubmission(() => import('@submission/03-many-to-one/accuracy.ts'));
const trainFile = loadSubmission(() => import('@submission/03-many-to-one/train.ts'));

/** Note 000's data, built here so the suite does not depend on the submission's copy. */
const TOY_X = [[[8], [1], [5], [3]], [[2], [7], [4], [9]]];
const TOY_Y = [[0], [1]];
/** After the task's 500 epochs the solution's BCE is below 0.023 at every one of 300 seeds tried; 0.05 leaves room. */
const LOSS_AFTER_500_EPOCHS = 0.05;
const TOL = { atol: 1e-10, rtol: 1e-9 };

interface Sizes {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  outputSize: number;
}

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

function parameterShapes(m: nn.Module): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, p] of m.namedParameters()) out[name] = [...p.shape];
  return out;
}

/** Library layers (batchFirst RNN, Linear) loaded with the model's weights: the reference model. */
class Reference {
  readonly rnn: nn.RNN;
  readonly fc: nn.Linear;
  constructor(sizes: Sizes, stateDict: nn.StateDict) {
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

function randomSequences(rng: Rng, batch: number, steps: number, inputSize: number): Tensor {
  return tensor(rng.array([batch, steps, inputSize], 0, 9));
}

group('SimpleRNNModel', {}, () => {
  check('default model: rnn (input 1, hidden 5) and fc (5 → 1) under PyTorch names', {
    points: 1,
    hint: 'this.rnn = new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst: true }), this.fc = new nn.Linear(hiddenSize, outputSize) (README hint 1)',
  }, async () => {
    const { SimpleRNNModel } = await modelFile();
    const model = new SimpleRNNModel();
    expectEqual(parameterShapes(model), expectedParameterShapes({ inputSize: 1, hiddenSize: 5, numLayers: 1, outputSize: 1 }), 'parameter names and shapes of new SimpleRNNModel()');
  });

  check('the options set every size: inputSize 3, hiddenSize 7, numLayers 2, outputSize 2', { points: 1, visibility: 'hidden' }, async () => {
    const { SimpleRNNModel } = await modelFile();
    const sizes = { inputSize: 3, hiddenSize: 7, numLayers: 2, outputSize: 2 };
    expectEqual(parameterShapes(new SimpleRNNModel(sizes)), expectedParameterShapes(sizes), 'parameter names and shapes');
  });

  check('forward on the toy data gives (2, 1) probabilities strictly between 0 and 1', {
    points: 1,
    hint: 'end with this.sigmoid.forward(...) on a (batch, outputSize) tensor (README hint 2)',
  }, async () => {
    const { SimpleRNNModel } = await modelFile();
    manualSeed(0);
    const out = new SimpleRNNModel().forward(tensor(TOY_X));
    expectShape(out, [2, 1], 'forward(x) on x of shape (2, 4, 1)');
    expectTrue(values(out, 'forward(x)').every((p) => p > 0 && p < 1), 'forward(x) has values outside (0, 1)');
  });

  check('forward on random batches and lengths gives (batch, outputSize) in (0, 1)', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { SimpleRNNModel } = await modelFile();
    for (let trial = 0; trial < 3; trial++) {
      const sizes = { inputSize: rng.int(1, 4), hiddenSize: rng.int(2, 8), numLayers: 1, outputSize: rng.int(1, 3) };
      const batch = rng.int(1, 6);
      manualSeed(rng.int(0, 1_000_000));
      const out = new SimpleRNNModel(sizes).forward(randomSequences(rng, batch, rng.int(1, 7), sizes.inputSize));
      expectShape(out, [batch, sizes.outputSize], 'forward(x)');
      expectTrue(values(out, 'forward(x)').every((p) => p > 0 && p < 1), 'forward(x) has values outside (0, 1)');
    }
  });

  check('forward = sigmoid(fc(h_n[-1])) of a batchFirst RNN started from zeros, with the model\'s own weights', {
    points: 2,
    hint: 'x is (batch, seq, feature): the RNN needs batchFirst: true; take the last row of h_n (README hint 2)',
  }, async () => {
    const { SimpleRNNModel } = await modelFile();
    manualSeed(1);
    const model = new SimpleRNNModel();
    const reference = new Reference({ inputSize: 1, hiddenSize: 5, numLayers: 1, outputSize: 1 }, model.stateDict());
    const x = tensor(TOY_X);
    expectClose(model.forward(x), reference.forward(x), { ...TOL, name: 'forward(x)' });
  });

  check('with 2 layers, forward uses the last layer\'s final state', {
    points: 1,
    visibility: 'hidden',
    hint: "h_n[0] is the first layer; the classifier needs h_n[-1], the last one (README hint 2)",
  }, async ({ rng }) => {
    const { SimpleRNNModel } = await modelFile();
    const sizes = { inputSize: rng.int(1, 4), hiddenSize: rng.int(3, 7), numLayers: 2, outputSize: 1 };
    manualSeed(rng.int(0, 1_000_000));
    const model = new SimpleRNNModel(sizes);
    const x = randomSequences(rng, rng.int(2, 5), rng.int(2, 6), sizes.inputSize);
    expectClose(model.forward(x), new Reference(sizes, model.stateDict()).forward(x), { ...TOL, name: 'forward(x) of a 2-layer model' });
  });
});

group('accuracy', {}, () => {
  check('hand-made cases: p ≥ 0.5 counts as class 1', { points: 1, hint: 'prediction.ge(0.5).eq(target).mean().item() (README hint 3)' }, async () => {
    const { accuracy } = await accuracyFile();
    expectClose(number(accuracy(tensor([[0.2], [0.7]]), tensor([[0], [1]])), 'accuracy'), 1, { name: 'accuracy([[0.2], [0.7]], [[0], [1]])' });
    expectClose(number(accuracy(tensor([[0.6], [0.4]]), tensor([[0], [1]])), 'accuracy'), 0, { name: 'accuracy([[0.6], [0.4]], [[0], [1]])' });
    // 0.5 → 1 (right), 0.49 → 0 (right), 0.9 → 1 (wrong), 0.1 → 0 (right): 3 of 4.
    expectClose(number(accuracy(tensor([[0.5], [0.49], [0.9], [0.1]]), tensor([[1], [0], [0], [0]])), 'accuracy'), 0.75,
      { name: 'accuracy([[0.5], [0.49], [0.9], [0.1]], [[1], [0], [0], [0]])' });
  });

  check('random predictions and targets', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { accuracy } = await accuracyFile();
    for (let trial = 0; trial < 4; trial++) {
      const n = rng.int(1, 12);
      const p = Array.from({ length: n }, () => (rng.next() < 0.2 ? 0.5 : rng.next()));
      const y = Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 1));
      expectClose(number(accuracy(tensor(p.map((v) => [v])), tensor(y.map((v) => [v]))), 'accuracy'), fractionCorrect(p, y), { name: 'accuracy(prediction, target)' });
    }
  });
});

group('trainClassifier', {}, () => {
  check('every update is one SGD step (lr 0.1) on BCELoss, with the gradients zeroed in between', {
    points: 2,
    visibility: 'hidden',
    hint: 'optimizer.zeroGrad(); loss.backward(); optimizer.step() once per epoch, for epoch = 0 … epochs (README hint 4)',
  }, async ({ rng }) => {
    const { SimpleRNNModel } = await modelFile();
    const { trainClassifier } = await trainFile();
    const sizes = { inputSize: 1, hiddenSize: 5, numLayers: 1, outputSize: 1 };
    manualSeed(rng.int(0, 1_000_000));
    const model = new SimpleRNNModel();
    const reference = new Reference(sizes, model.stateDict());
    const batch = rng.int(2, 5);
    const x = randomSequences(rng, batch, 4, 1);
    const y = tensor(Array.from({ length: batch }, (_, i) => [i % 2]));

    trainClassifier(model, x, y, { epochs: 2, lr: 0.1, logEvery: 1 });
    // epochs: 2 means epoch 0, 1, 2: three updates, as in the note's `range(epochs + 1)`.
    for (let update = 0; update < 3; update++) {
      for (const p of reference.parameters()) p.grad = null;
      new nn.BCELoss().forward(reference.forward(x), y).backward();
      noGrad(() => {
        for (const p of reference.parameters()) p.data.set(p.sub(p.grad!.mul(0.1)).data);
      });
    }
    const got = model.stateDict();
    for (const [name, p] of [...reference.rnn.namedParameters().map(([n, t]) => [`rnn.${n}`, t] as const), ...reference.fc.namedParameters().map(([n, t]) => [`fc.${n}`, t] as const)]) {
      if (!(name in got)) fail(`the model has no parameter ${name}`);
      expectClose(got[name], p, { ...TOL, name: `${name} after trainClassifier(model, x, y, { epochs: 2, lr: 0.1 })` });
    }
  });

  check("logs epochs 0, 50, 100 with that epoch's loss and accuracy, and calls onEpoch every epoch", {
    points: 1,
    hint: 'log { epoch, loss: loss.item(), accuracy } when epoch % logEvery === 0, from the forward pass before the update (README hint 4)',
  }, async () => {
    const { SimpleRNNModel } = await modelFile();
    const { trainClassifier } = await trainFile();
    manualSeed(3);
    const model = new SimpleRNNModel();
    const x = tensor(TOY_X);
    const y = tensor(TOY_Y);
    const before = noGrad(() => new Reference({ inputSize: 1, hiddenSize: 5, numLayers: 1, outputSize: 1 }, model.stateDict()).forward(x));
    const seen: number[] = [];
    const log = trainClassifier(model, x, y, { epochs: 100, lr: 0.1, logEvery: 50, onEpoch: (epoch: number) => seen.push(epoch) });
    if (!Array.isArray(log)) fail(`trainClassifier should return the array of log entries, got ${typeof log}`);
    expectEqual(log.map((entry) => entry?.epoch), [0, 50, 100], 'the epochs of the log entries');
    expectClose(number(log[0].loss, 'log[0].loss'), bce(before, y), { ...TOL, name: 'log[0].loss (the loss before the first update)' });
    expectClose(number(log[0].accuracy, 'log[0].accuracy'), fractionCorrect(values(before, 'prediction'), [0, 1]), { name: 'log[0].accuracy' });
    expectTrue(log.every((entry) => Number.isFinite(entry.loss)) && log[2].loss < log[0].loss, 'the logged loss should be finite and go down over 100 epochs');
    expectEqual(seen, Array.from({ length: 101 }, (_, i) => i), 'the epochs passed to onEpoch');
  });

  check(`with the defaults (500 epochs, lr 0.1) the toy task is learnt: accuracy 1 and BCE < ${LOSS_AFTER_500_EPOCHS}`, {
    points: 2,
    hint: 'defaults epochs = 500, lr = 0.1, full batch; the model must read the last hidden state (README hints 2 and 4)',
  }, async () => {
    const { SimpleRNNModel } = await modelFile();
    const { trainClassifier } = await trainFile();
    manualSeed(0);
    const model = new SimpleRNNModel();
    const x = tensor(TOY_X);
    const y = tensor(TOY_Y);
    trainClassifier(model, x, y);
    const prediction = noGrad(() => model.forward(x));
    const p = values(prediction, 'model.forward(x)');
    expectEqual(fractionCorrect(p, [0, 1]), 1, 'accuracy on the toy data after training');
    const loss = bce(prediction, y);
    expectTrue(loss < LOSS_AFTER_500_EPOCHS, `BCE on the toy data after training is ${loss.toFixed(4)}, not below ${LOSS_AFTER_500_EPOCHS}`);
  });

  check('the toy task is learnt from other random initialisations too', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { SimpleRNNModel } = await modelFile();
    const { trainClassifier } = await trainFile();
    const x = tensor(TOY_X);
    const y = tensor(TOY_Y);
    for (let trial = 0; trial < 2; trial++) {
      manualSeed(rng.int(0, 1_000_000));
      const model = new SimpleRNNModel();
      trainClassifier(model, x, y, { epochs: 500, lr: 0.1 });
      const prediction = noGrad(() => model.forward(x));
      expectTrue(fractionCorrect(values(prediction, 'model.forward(x)'), [0, 1]) === 1, 'the trained model does not classify both toy sequences correctly');
      expectTrue(bce(prediction, y) < LOSS_AFTER_500_EPOCHS, `the BCE after 500 epochs is not below ${LOSS_AFTER_500_EPOCHS}`);
    }
  });
});
