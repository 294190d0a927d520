// Graded suite of exercise 05 (many-to-many tagging): the data and its labels (element % 3), a
// model that predicts at every step from the past only, cross-entropy over all steps equal to the
// library's on (N·T, C), per-token accuracy, and a short training run that learns the rule at any seed.
//
// Judge/probe split: the probes (run in the submission's process) only build the submission's
// objects, call them and send back numbers; the references (the library's CrossEntropyLoss and its
// gradient), the comparisons and the thresholds are computed here, in the grading process.
import { nn, tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, toNumeric, type Rng, type SandboxContext } from '../kit/index.ts';

// The short training run of the graded check (the exercise's defaults are 1000 samples, 30 epochs).
const TRAIN_SAMPLES = 400;
const TRAIN_EPOCHS = 10;
const TRAIN_SEQ_LEN = 8;
const TRAIN_VOCAB = 20;
const ACCURACY_THRESHOLD = 0.9;
// Training runs inside one probe call; the default 10 s per call is for quick calls.
const TRAINING_TIMEOUT_MS = 60_000;

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

type Problem = { logits: number[][][]; targets: number[][] };

// Probe: generateTaggingData(count, steps, { maxValue, generator: new Generator(seed) }).
const generateWithSeed = async ({ load, lib }: SandboxContext, input: { count: number; steps: number; maxValue: number; seed: number }) => {
  const { generateTaggingData } = await load('data.ts');
  const sample = generateTaggingData(input.count, input.steps, { maxValue: input.maxValue, generator: new lib.Generator(input.seed) });
  return { X: sample.X, Y: sample.Y };
};

// Probe: the submission's model, built after manualSeed(seed), run on each token batch without gradients.
const forwardWithSeed = async ({ load, lib }: SandboxContext, input: { seed: number; options: Record<string, number>; batches: number[][][] }) => {
  const { RNNSeq2Seq } = await load('model.ts');
  lib.manualSeed(input.seed);
  const net = new RNNSeq2Seq(input.options);
  return input.batches.map((tokens) => lib.noGrad(() => net.forward(lib.tensor(tokens))));
};

// Probe: sequenceCrossEntropy on each problem.
const crossEntropies = async ({ load, lib }: SandboxContext, problems: Problem[]) => {
  const { sequenceCrossEntropy } = await load('loss.ts');
  return problems.map(({ logits, targets }) => sequenceCrossEntropy(lib.tensor(logits), lib.tensor(targets)));
};

// Probe: perTokenAccuracy on each problem.
const accuracies = async ({ load, lib }: SandboxContext, problems: Problem[]) => {
  const { perTokenAccuracy } = await load('accuracy.ts');
  return problems.map(({ logits, targets }) => perTokenAccuracy(lib.tensor(logits), lib.tensor(targets)));
};

group('generateTaggingData', {}, () => {
  check('X and Y are (nSamples, seqLen), with defaults 1000 and 10', { points: 1 }, async ({ run }) => {
    const got = await run(async ({ load }: SandboxContext) => {
      const { generateTaggingData } = await load('data.ts');
      const small = generateTaggingData(6, 9);
      const defaults = generateTaggingData();
      return { small: { X: small.X, Y: small.Y }, defaults: { X: defaults.X, Y: defaults.Y } };
    }, null);
    expectShape(got.small.X, [6, 9], 'generateTaggingData(6, 9).X');
    expectShape(got.small.Y, [6, 9], 'generateTaggingData(6, 9).Y');
    expectShape(got.defaults.X, [1000, 10], 'generateTaggingData().X');
    expectShape(got.defaults.Y, [1000, 10], 'generateTaggingData().Y');
  });

  check('tokens are integers in [0, maxValue) and Y = X % 3', { points: 1, visibility: 'hidden', hint: 'label of every element: element % 3' }, async ({ rng, run }) => {
    const maxValue = rng.int(5, 40);
    const steps = rng.int(3, 15);
    const sample = await run(generateWithSeed, { count: 50, steps, maxValue, seed: rng.int(0, 1e9) });
    expectShape(sample.X, [50, steps], 'X');
    expectShape(sample.Y, [50, steps], 'Y');
    const xs = numbers(sample.X, 'X');
    const ys = numbers(sample.Y, 'Y');
    xs.forEach((x, i) => {
      if (!Number.isInteger(x) || x < 0 || x >= maxValue) fail(`X holds ${x} at flat index ${i}, outside the integers 0 … maxValue - 1`);
      if (ys[i] !== x % 3) fail(`the label at flat index ${i} is not X % 3`);
    });
  });

  check('every token value is drawn evenly, and the generator option is used', { points: 1, visibility: 'hidden', hint: 'draw uniformly from 0 … maxValue - 1 with `generator ?? defaultGenerator()`' }, async ({ rng, run }) => {
    const seed = rng.int(0, 1e9);
    // One call at a time: the submission's process answers probes in turn.
    const first = numbers((await run(generateWithSeed, { count: 200, steps: 10, maxValue: 10, seed })).X, 'X');
    const again = numbers((await run(generateWithSeed, { count: 200, steps: 10, maxValue: 10, seed })).X, 'X');
    const other = numbers((await run(generateWithSeed, { count: 200, steps: 10, maxValue: 10, seed: seed + 1 })).X, 'X');
    expectTrue(again.length === first.length && again.every((v, i) => v === first[i]), 'two calls with generators of the same seed gave different data');
    expectTrue(other.some((v, i) => v !== first[i]), 'generators with different seeds gave the same data');
    expectEqual(first.length, 2000, 'number of tokens of generateTaggingData(200, 10)');
    // 2000 draws over 10 values: about 200 each, and 120 … 280 is more than 5 standard deviations wide.
    const counts = new Array<number>(10).fill(0);
    for (const v of first) if (Number.isInteger(v) && v >= 0 && v < 10) counts[v]++;
    expectTrue(counts.every((c) => c >= 120 && c <= 280), `the 10 token values are not drawn evenly: counts ${counts.join(', ')}`);
  });
});

group('RNNSeq2Seq', {}, () => {
  check('forward maps (N, T) tokens to (N, T, C) scores', { points: 1, hint: 'apply fc to the RNN output of every step, not to h_n' }, async ({ run }) => {
    const tokens = [[0, 5, 19, 3, 3, 7, 1], [2, 2, 11, 0, 18, 4, 9], [6, 1, 0, 13, 17, 8, 12], [19, 18, 17, 16, 15, 14, 13]];
    const [scores] = await run(forwardWithSeed, { seed: 1, options: { vocabSize: 20 }, batches: [tokens] });
    expectShape(scores, [4, 7, 3], 'forward on (4, 7) with numClasses 3');
  });

  check('(N, T, C) for other vocabulary, hidden, class and sequence sizes', { points: 1, visibility: 'hidden' }, async ({ rng, run }) => {
    const seed = rng.int(0, 1e9);
    const vocabSize = rng.int(4, 30);
    const numClasses = rng.int(2, 7);
    const batch = rng.int(1, 6);
    const steps = rng.int(2, 12);
    const options = { vocabSize, numClasses, hiddenSize: rng.int(3, 20), embedSize: rng.int(2, 10) };
    const [scores] = await run(forwardWithSeed, { seed, options, batches: [randomTokens(rng, batch, steps, vocabSize)] });
    expectShape(scores, [batch, steps, numClasses], 'forward');
  });

  check('the prediction at step t ignores later inputs and depends on the input at t', { points: 1, visibility: 'hidden', hint: 'one (unidirectional) RNN, and fc applied to its output at every step' }, async ({ rng, run }) => {
    const seed = rng.int(0, 1e9);
    const vocabSize = 12;
    const steps = 8;
    const tokens = randomTokens(rng, 3, steps, vocabSize);
    const t = rng.int(1, steps - 1);
    const changed = tokens.map((row) => row.slice());
    for (const row of changed) row[t] = (row[t] + 1 + rng.int(0, vocabSize - 1)) % vocabSize;
    const got = await run(forwardWithSeed, { seed, options: { vocabSize, numClasses: 3, hiddenSize: 10, embedSize: 6 }, batches: [tokens, changed] });
    expectTrue(Array.isArray(got) && got.length === 2, 'forward did not return (N, T, C) scores');
    const before = numbers(got[0], 'forward');
    const after = numbers(got[1], 'forward');
    expectTrue(before.length === 3 * steps * 3 && after.length === before.length, 'forward did not return (N, T, C) scores');
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

  check('equals CrossEntropyLoss on (N·T, C) and (N·T)', { points: 1, hint: 'reshape logits to (N·T, C) and targets to (N·T) (or permute the classes to dim 1)' }, async ({ rng, run }) => {
    const logits = rng.array([2, 4, 3], -2, 2) as number[][][];
    const targets = [[0, 2, 1, 1], [2, 0, 0, 1]];
    const [got] = await run(crossEntropies, [{ logits, targets }]);
    expectClose(got, reference(logits, targets).item(), { name: 'sequenceCrossEntropy', rtol: 1e-9, atol: 1e-12 });
  });

  check('equals CrossEntropyLoss on (N·T, C) for random sizes', { points: 2, visibility: 'hidden' }, async ({ rng, run }) => {
    const problems = Array.from({ length: 3 }, () => randomProblem(rng));
    const got = await run(crossEntropies, problems.map(({ logits, targets }) => ({ logits, targets })));
    expectTrue(Array.isArray(got) && got.length === problems.length, 'sequenceCrossEntropy did not give one value per problem');
    problems.forEach(({ logits, targets }, trial) => {
      expectClose(got[trial], reference(logits, targets).item(), { name: 'sequenceCrossEntropy', rtol: 1e-9, atol: 1e-12 });
    });
  });

  check('gives the same gradient as CrossEntropyLoss on (N·T, C)', { points: 1, visibility: 'hidden', hint: 'build the loss from tensor operations so backward() reaches the logits' }, async ({ rng, run }) => {
    const { logits, targets, batch, steps, classes } = randomProblem(rng);
    const got = await run(async ({ load, lib }: SandboxContext, input: Problem) => {
      const { sequenceCrossEntropy } = await load('loss.ts');
      const mine = lib.tensor(input.logits, { requiresGrad: true });
      const value = sequenceCrossEntropy(mine, lib.tensor(input.targets));
      if (typeof value !== 'object' || value === null || typeof value.backward !== 'function') return { backward: false, grad: null };
      value.backward();
      return { backward: true, grad: mine.grad };
    }, { logits, targets });
    if (got.backward !== true) fail('sequenceCrossEntropy should return a Tensor that backward() can run through');
    if (got.grad === null || got.grad === undefined) fail('after backward() the logits have no gradient: the loss is not connected to them');
    const theirs = tensor(logits, { requiresGrad: true });
    new nn.CrossEntropyLoss().forward(theirs.reshape(batch * steps, classes), tensor(targets).reshape(batch * steps)).backward();
    expectClose(got.grad, theirs.grad, { name: 'gradient of the logits', rtol: 1e-9, atol: 1e-12 });
  });
});

group('perTokenAccuracy', {}, () => {
  check('a small example', { points: 1, hint: 'argmax over the last axis, then correct tokens / (N·T)' }, async ({ run }) => {
    // Predicted classes: [[0, 2, 1, 1], [2, 2, 0, 1]]; 6 of the 8 match the targets.
    const logits = [
      [[3, 1, 0], [0, 1, 2], [0.5, 0.9, 0.1], [-1, 0, -2]],
      [[0, 0, 1], [1, 2, 3], [5, 4, 3], [0, 1, 0]],
    ];
    const targets = [[0, 2, 2, 1], [2, 2, 0, 0]];
    const [got] = await run(accuracies, [{ logits, targets }]);
    expectClose(got, 0.75, { name: 'perTokenAccuracy', rtol: 0, atol: 1e-12 });
  });

  check('random scores and labels', { points: 1, visibility: 'hidden' }, async ({ rng, run }) => {
    const problems: Problem[] = [];
    const expected: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const { logits, targets, classes } = randomProblem(rng);
      // Make some predictions right on purpose so the expected accuracy is not near one value.
      const predicted = argmaxRows(logits.flat(2), classes);
      const flatTargets = targets.flat();
      const mixedTargets = flatTargets.map((t, i) => (rng.next() < 0.5 ? predicted[i] : t));
      const steps = targets[0].length;
      const shaped = targets.map((row, n) => row.map((_, s) => mixedTargets[n * steps + s]));
      problems.push({ logits, targets: shaped });
      expected.push(mixedTargets.filter((t, i) => t === predicted[i]).length / mixedTargets.length);
    }
    const got = await run(accuracies, problems);
    expectTrue(Array.isArray(got) && got.length === problems.length, 'perTokenAccuracy did not give one value per problem');
    expected.forEach((value, trial) => expectClose(got[trial], value, { name: 'perTokenAccuracy', rtol: 0, atol: 1e-12 }));
  });
});

check('after a short training the per-token accuracy on new data reaches the threshold', {
  points: 3,
  visibility: 'hidden',
  timeout: TRAINING_TIMEOUT_MS,
  hint: 'the model must predict from the RNN output at every step and the loss must cover every step',
}, async ({ rng, run }) => {
  const make = (count: number) => {
    const tokens = randomTokens(rng, count, TRAIN_SEQ_LEN, TRAIN_VOCAB);
    return { tokens, labels: tokens.map((row) => row.map((v) => v % 3)) };
  };
  const trainSet = make(TRAIN_SAMPLES);
  const testSet = make(200);
  // The library seed of the run, drawn after the data so the data stay those of the grading seed.
  const seed = rng.int(0, 1e9);
  const got = await run(async ({ load, lib }: SandboxContext, input: { seed: number; epochs: number; vocabSize: number; trainX: number[][]; trainY: number[][]; testX: number[][] }) => {
    const { RNNSeq2Seq } = await load('model.ts');
    const { trainTagger } = await load('train.ts');
    lib.manualSeed(input.seed);
    const net = new RNNSeq2Seq({ vocabSize: input.vocabSize, numClasses: 3, hiddenSize: 16, embedSize: 8 });
    trainTagger(net, lib.tensor(input.trainX), lib.tensor(input.trainY), { epochs: input.epochs, generator: new lib.Generator(input.seed) });
    return lib.noGrad(() => net.forward(lib.tensor(input.testX)));
  }, { seed, epochs: TRAIN_EPOCHS, vocabSize: TRAIN_VOCAB, trainX: trainSet.tokens, trainY: trainSet.labels, testX: testSet.tokens });
  const scores = numbers(got, 'forward');
  const predicted = argmaxRows(scores, 3);
  const truth = testSet.labels.flat();
  expectEqual(predicted.length, truth.length, 'number of predicted tokens');
  const correct = predicted.filter((p, i) => p === truth[i]).length / truth.length;
  expectTrue(correct >= ACCURACY_THRESHOLD,
    `per-token accuracy ${(100 * correct).toFixed(1)} % after ${TRAIN_EPOCHS} epochs on ${TRAIN_SAMPLES} sequences is below ${100 * ACCURACY_THRESHOLD} %`);
});
