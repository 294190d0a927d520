// Graded suite of exercise 05 (many-to-many tagging): the data and its labels (element % 3), a
// model that predicts at every step from the past only, cross-entropy over all steps equal to the
// library's on (N·T, C), per-token accuracy, and a short training run that learns the rule at any seed.
import { Generator, manualSeed, nn, noGrad, tensor, type Tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, loadSubmission, toNumeric, type Rng } from '../kit/index.ts';

const data = loadSubmission(() => import('@submission/05-sequence-tagging/data.ts'));
const model = loadSubmission(() => import('@submission/05-sequence-tagging/model.ts'));
const loss = loadSubmission(() => import('@submission/05-sequence-tagging/loss.ts'));
const accuracy = loadSubmission(() => import('@submission/05-sequence-tagging/accuracy.ts'));
const train = loadSubmission(() => import('@submission/05-sequence-tagging/train.ts'));

// The short training run of the graded check (the exercise's defaults are 1000 samples, 30 epochs).
const TRAIN_SAMPLES = 400;
const TRAIN_EPOCHS = 10;
const TRAIN_SEQ_LEN = 8;
const TRAIN_VOCAB = 20;
const ACCURACY_THRESHOLD = 0.9;

/** The flat values of a tensor (or nested array) the submission returned, or a failure saying what it was instead. */
function numbers(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

/** Random integer tokens (batch, steps) in [0, vocab), made here independently of the submission. */
function randomTokens(rng: Rng, batch: number, steps: number, vocab: number): number[][] {
  return Array.from({ length: batch }, () => Array.from({ length: steps }, () => rng.int(0, vocab)));
}

/** Index of the largest of each row of `classes` consecutive values. */
function argmaxRows(values: number[], classes: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < values.length; start += classes) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (values[start + c] > values[start + best]) best = c;
    out.push(best);
  }
  return out;
}

/** Logits (N, T, C) and integer targets (N, T) drawn from the check's generator, T ≠ C so a wrong class axis cannot pass. */
function randomProblem(rng: Rng): { batch: number; steps: number; classes: number; logits: number[][][]; targets: number[][] } {
  const batch = rng.int(2, 7);
  const classes = rng.int(2, 8);
  let steps = rng.int(2, 10);
  if (steps === classes) steps += 1;
  return { batch, steps, classes, logits: rng.array([batch, steps, classes], -3, 3) as number[][][], targets: randomTokens(rng, batch, steps, classes) };
}

group('generateTaggingData', {}, () => {
  check('X and Y are (nSamples, seqLen), with defaults 1000 and 10', { points: 1 }, async () => {
    const { generateTaggingData } = await data();
    const small = generateTaggingData(6, 9);
    expectShape(small.X, [6, 9], 'generateTaggingData(6, 9).X');
    expectShape(small.Y, [6, 9], 'generateTaggingData(6, 9).Y');
    const defaults = generateTaggingData();
    expectShape(defaults.X, [1000, 10], 'generateTaggingData().X');
    expectShape(defaults.Y, [1000, 10], 'generateTaggingData().Y');
  });

  check('tokens are integers in [0, maxValue) and Y = X % 3', { points: 1, visibility: 'hidden', hint: 'label of every element: element % 3' }, async ({ rng }) => {
    const { generateTaggingData } = await data();
    const maxValue = rng.int(5, 40);
    const steps = rng.int(3, 15);
    const sample = generateTaggingData(50, steps, { maxValue, generator: new Generator(rng.int(0, 1e9)) });
    expectShape(sample.X, [50, steps], 'X');
    expectShape(sample.Y, [50, steps], 'Y');
    const xs = numbers(sample.X, 'X');
    const ys = numbers(sample.Y, 'Y');
    xs.forEach((x, i) => {
      if (!Number.isInteger(x) || x < 0 || x >= maxValue) fail(`X holds ${x} at flat index ${i}, outside the integers 0 … maxValue - 1`);
      if (ys[i] !== x % 3) fail(`the label at flat index ${i} is not X % 3`);
    });
  });

  check('every token value is drawn evenly, and the generator option is used', { points: 1, visibility: 'hidden', hint: 'draw uniformly from 0 … maxValue - 1 with `generator ?? defaultGenerator()`' }, async ({ rng }) => {
    const { generateTaggingData } = await data();
    const seed = rng.int(0, 1e9);
    const first = numbers(generateTaggingData(200, 10, { maxValue: 10, generator: new Generator(seed) }).X, 'X');
    const again = numbers(generateTaggingData(200, 10, { maxValue: 10, generator: new Generator(seed) }).X, 'X');
    const other = numbers(generateTaggingData(200, 10, { maxValue: 10, generator: new Generator(seed + 1) }).X, 'X');
    expectTrue(again.every((v, i) => v === first[i]), 'two calls with generators of the same seed gave different data');
    expectTrue(other.some((v, i) => v !== first[i]), 'generators with different seeds gave the same data');
    // 2000 draws over 10 values: about 200 each, and 120 … 280 is more than 5 standard deviations wide.
    const counts = new Array<number>(10).fill(0);
    for (const v of first) counts[v]++;
    expectTrue(counts.every((c) => c >= 120 && c <= 280), `the 10 token values are not drawn evenly: counts ${counts.join(', ')}`);
  });
});

group('RNNSeq2Seq', {}, () => {
  check('forward maps (N, T) tokens to (N, T, C) scores', { points: 1, hint: 'apply fc to the RNN output of every step, not to h_n' }, async () => {
    const { RNNSeq2Seq } = await model();
    manualSeed(1);
    const net = new RNNSeq2Seq({ vocabSize: 20 });
    const tokens = tensor([[0, 5, 19, 3, 3, 7, 1], [2, 2, 11, 0, 18, 4, 9], [6, 1, 0, 13, 17, 8, 12], [19, 18, 17, 16, 15, 14, 13]]);
    expectShape(noGrad(() => net.forward(tokens)), [4, 7, 3], 'forward on (4, 7) with numClasses 3');
  });

  check('(N, T, C) for other vocabulary, hidden, class and sequence sizes', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { RNNSeq2Seq } = await model();
    manualSeed(rng.int(0, 1e9));
    const vocabSize = rng.int(4, 30);
    const numClasses = rng.int(2, 7);
    const batch = rng.int(1, 6);
    const steps = rng.int(2, 12);
    const net = new RNNSeq2Seq({ vocabSize, numClasses, hiddenSize: rng.int(3, 20), embedSize: rng.int(2, 10) });
    expectShape(noGrad(() => net.forward(tensor(randomTokens(rng, batch, steps, vocabSize)))), [batch, steps, numClasses], 'forward');
  });

  check('the prediction at step t ignores later inputs and depends on the input at t', { points: 1, visibility: 'hidden', hint: 'one (unidirectional) RNN, and fc applied to its output at every step' }, async ({ rng }) => {
    const { RNNSeq2Seq } = await model();
    manualSeed(rng.int(0, 1e9));
    const vocabSize = 12;
    const steps = 8;
    const net = new RNNSeq2Seq({ vocabSize, numClasses: 3, hiddenSize: 10, embedSize: 6 });
    const tokens = randomTokens(rng, 3, steps, vocabSize);
    const t = rng.int(1, steps - 1);
    const changed = tokens.map((row) => row.slice());
    for (const row of changed) row[t] = (row[t] + 1 + rng.int(0, vocabSize - 1)) % vocabSize;
    const before = numbers(noGrad(() => net.forward(tensor(tokens))), 'forward');
    const after = numbers(noGrad(() => net.forward(tensor(changed))), 'forward');
    expectTrue(before.length === 3 * steps * 3, 'forward did not return (N, T, C) scores');
    for (let n = 0; n < 3; n++) {
      for (let s = 0; s < steps; s++) {
        const start = (n * steps + s) * 3;
        const moved = [0, 1, 2].some((c) => Math.abs(before[start + c] - after[start + c]) > 1e-9);
        if (s < t && moved) fail(`changing the input at step ${t} changed the prediction at the earlier step ${s}`);
        if (s === t && !moved) fail(`changing the input at step ${t} did not change the prediction at step ${t}`);
      }
    }
  });
});

group('sequenceCrossEntropy', {}, () => {
  const reference = (logits: number[][][], targets: number[][]) => {
    const [batch, steps, classes] = [logits.length, logits[0].length, logits[0][0].length];
    return new nn.CrossEntropyLoss().forward(tensor(logits).reshape(batch * steps, classes), tensor(targets).reshape(batch * steps));
  };

  check('equals CrossEntropyLoss on (N·T, C) and (N·T)', { points: 1, hint: 'reshape logits to (N·T, C) and targets to (N·T) (or permute the classes to dim 1)' }, async ({ rng }) => {
    const { sequenceCrossEntropy } = await loss();
    const logits = rng.array([2, 4, 3], -2, 2) as number[][][];
    const targets = [[0, 2, 1, 1], [2, 0, 0, 1]];
    expectClose(sequenceCrossEntropy(tensor(logits), tensor(targets)), reference(logits, targets).item(), { name: 'sequenceCrossEntropy', rtol: 1e-9, atol: 1e-12 });
  });

  check('equals CrossEntropyLoss on (N·T, C) for random sizes', { points: 2, visibility: 'hidden' }, async ({ rng }) => {
    const { sequenceCrossEntropy } = await loss();
    for (let trial = 0; trial < 3; trial++) {
      const { logits, targets } = randomProblem(rng);
      expectClose(sequenceCrossEntropy(tensor(logits), tensor(targets)), reference(logits, targets).item(), { name: 'sequenceCrossEntropy', rtol: 1e-9, atol: 1e-12 });
    }
  });

  check('gives the same gradient as CrossEntropyLoss on (N·T, C)', { points: 1, visibility: 'hidden', hint: 'build the loss from tensor operations so backward() reaches the logits' }, async ({ rng }) => {
    const { sequenceCrossEntropy } = await loss();
    const { logits, targets, batch, steps, classes } = randomProblem(rng);
    const mine = tensor(logits, { requiresGrad: true });
    const value = sequenceCrossEntropy(mine, tensor(targets));
    if (typeof value !== 'object' || value === null || typeof (value as Tensor).backward !== 'function') fail('sequenceCrossEntropy should return a Tensor that backward() can run through');
    value.backward();
    if (mine.grad === null) fail('after backward() the logits have no gradient: the loss is not connected to them');
    const theirs = tensor(logits, { requiresGrad: true });
    new nn.CrossEntropyLoss().forward(theirs.reshape(batch * steps, classes), tensor(targets).reshape(batch * steps)).backward();
    expectClose(mine.grad, theirs.grad, { name: 'gradient of the logits', rtol: 1e-9, atol: 1e-12 });
  });
});

group('perTokenAccuracy', {}, () => {
  check('a small example', { points: 1, hint: 'argmax over the last axis, then correct tokens / (N·T)' }, async () => {
    const { perTokenAccuracy } = await accuracy();
    // Predicted classes: [[0, 2, 1, 1], [2, 2, 0, 1]]; 6 of the 8 match the targets.
    const logits = tensor([
      [[3, 1, 0], [0, 1, 2], [0.5, 0.9, 0.1], [-1, 0, -2]],
      [[0, 0, 1], [1, 2, 3], [5, 4, 3], [0, 1, 0]],
    ]);
    const targets = tensor([[0, 2, 2, 1], [2, 2, 0, 0]]);
    expectClose(perTokenAccuracy(logits, targets), 0.75, { name: 'perTokenAccuracy', rtol: 0, atol: 1e-12 });
  });

  check('random scores and labels', { points: 1, visibility: 'hidden' }, async ({ rng }) => {
    const { perTokenAccuracy } = await accuracy();
    for (let trial = 0; trial < 3; trial++) {
      const { logits, targets, classes } = randomProblem(rng);
      // Make some predictions right on purpose so the expected accuracy is not near one value.
      const predicted = argmaxRows(logits.flat(2), classes);
      const flatTargets = targets.flat();
      const mixedTargets = flatTargets.map((t, i) => (rng.next() < 0.5 ? predicted[i] : t));
      const steps = targets[0].length;
      const shaped = targets.map((row, n) => row.map((_, s) => mixedTargets[n * steps + s]));
      const expected = mixedTargets.filter((t, i) => t === predicted[i]).length / mixedTargets.length;
      expectClose(perTokenAccuracy(tensor(logits), tensor(shaped)), expected, { name: 'perTokenAccuracy', rtol: 0, atol: 1e-12 });
    }
  });
});

check('after a short training the per-token accuracy on new data reaches the threshold', {
  points: 3,
  visibility: 'hidden',
  timeout: 20000,
  hint: 'the model must predict from the RNN output at every step and the loss must cover every step',
}, async ({ rng, seed }) => {
  const { RNNSeq2Seq } = await model();
  const { trainTagger } = await train();
  manualSeed(seed);
  const make = (count: number) => {
    const tokens = randomTokens(rng, count, TRAIN_SEQ_LEN, TRAIN_VOCAB);
    return { tokens, labels: tokens.map((row) => row.map((v) => v % 3)) };
  };
  const trainSet = make(TRAIN_SAMPLES);
  const testSet = make(200);
  const net = new RNNSeq2Seq({ vocabSize: TRAIN_VOCAB, numClasses: 3, hiddenSize: 16, embedSize: 8 });
  trainTagger(net, tensor(trainSet.tokens), tensor(trainSet.labels), { epochs: TRAIN_EPOCHS, generator: new Generator(seed) });
  const scores = numbers(noGrad(() => net.forward(tensor(testSet.tokens))), 'forward');
  const predicted = argmaxRows(scores, 3);
  const truth = testSet.labels.flat();
  expectEqual(predicted.length, truth.length, 'number of predicted tokens');
  const correct = predicted.filter((p, i) => p === truth[i]).length / truth.length;
  expectTrue(correct >= ACCURACY_THRESHOLD,
    `per-token accuracy ${(100 * correct).toFixed(1)} % after ${TRAIN_EPOCHS} epochs on ${TRAIN_SAMPLES} sequences is below ${100 * ACCURACY_THRESHOLD} %`);
});
