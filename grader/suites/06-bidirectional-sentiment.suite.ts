// Graded suite of exercise 06 (bidirectional sentiment): the character vocabulary, the labelling
// rule, the concatenation of the RIGHT rows of h_n (last layer, forward then backward — checked on
// stacked layers too), CharRNN against the library with the same weights, and a short training run.
//
// Judge/probe split: the probes (run in the submission's process) only build the submission's
// objects, call them and send back plain data; the reference model (the library's layers loaded
// with the same weights), the comparisons and the thresholds are computed here, in the grading process.
import { nn, noGrad, tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, toNumeric, type Rng, type SandboxContext } from '../kit/index.ts';


// The exercise's fixed vocabulary and word lists (copied here: the suite never trusts the submission's).
const VOCAB = ' abcdefghijklmnopqrstuvwxyz';
const POSITIVE = ['good', 'great', 'happy', 'love'];
const NEGATIVE = ['bad', 'sad', 'awful', 'boring'];
const NEUTRAL = ['the', 'movie', 'was', 'food', 'day', 'this', 'really', 'very', 'a', 'it', 'so', 'my', 'trip', 'show', 'book', 'is'];
// Words that contain a sentiment word without being one: a substring test mislabels them.
const LOOKALIKES = ['goodbye', 'lovely', 'greatest', 'badge', 'sadly'];

// The short training run of the graded check (the exercise trains 160 sentences, hidden 32, for 20 epochs).
const TRAIN_SENTENCES = 300;
const TEST_SENTENCES = 200;
const TRAIN_EPOCHS = 10;
const ACCURACY_THRESHOLD = 0.75;
// Training runs inside one probe call; the default 10 s per call is for quick calls.
const TRAINING_TIMEOUT_MS = 60_000;

/** The flat values of a tensor (or nested array) the submission returned, or a failure saying what it was instead. */
function numbers(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

/** Sentences like the exercise's: one sentiment word among 1 or 2 neutral words; label 1 for a positive word. */
function sentences(rng: Rng, count: number): { texts: string[]; labels: number[] } {
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const positive = i % 2 === 0;
    const words = Array.from({ length: rng.int(1, 3) }, () => rng.choice(NEUTRAL));
    words.splice(rng.int(0, words.length + 1), 0, rng.choice(positive ? POSITIVE : NEGATIVE));
    texts.push(words.join(' '));
    labels.push(positive ? 1 : 0);
  }
  return { texts, labels };
}

/** Character indices padded with 0 to `length`, computed here. */
function encode(text: string, length: number): number[] {
  const out = Array.from(text, (c) => VOCAB.indexOf(c));
  while (out.length < length) out.push(0);
  return out;
}

/** The parameter keys and shapes of a bidirectional CharRNN (PyTorch's names). */
function expectedShapes(o: { vocabSize: number; embedSize: number; hiddenSize: number; numClasses: number; numLayers: number }): Record<string, number[]> {
  const shapes: Record<string, number[]> = { 'embedding.weight': [o.vocabSize, o.embedSize] };
  for (let layer = 0; layer < o.numLayers; layer++) {
    const input = layer === 0 ? o.embedSize : 2 * o.hiddenSize;
    for (const suffix of ['', '_reverse']) {
      shapes[`rnn.weight_ih_l${layer}${suffix}`] = [o.hiddenSize, input];
      shapes[`rnn.weight_hh_l${layer}${suffix}`] = [o.hiddenSize, o.hiddenSize];
      shapes[`rnn.bias_ih_l${layer}${suffix}`] = [o.hiddenSize];
      shapes[`rnn.bias_hh_l${layer}${suffix}`] = [o.hiddenSize];
    }
  }
  shapes['fc.weight'] = [o.numClasses, 2 * o.hiddenSize];
  shapes['fc.bias'] = [o.numClasses];
  return shapes;
}

/** Rows of hN (2L, N, H) → the expected (N, 2H): row 2L-2 (last layer forward) then row 2L-1 (last layer backward). */
function expectedConcat(hN: number[][][]): number[][] {
  const forward = hN[hN.length - 2];
  const backward = hN[hN.length - 1];
  return forward.map((row, n) => [...row, ...backward[n]]);
}

/**
 * Reference scores with the same weights, built from the library's layers, reading the final states from
 * the OUTPUT rather than h_n: forward = output[:, T-1, :H], backward = output[:, 0, H:] of the last layer.
 */
function referenceScores(weights: Record<string, number[] | number[][]>, o: { vocabSize: number; embedSize: number; hiddenSize: number; numClasses: number; numLayers: number }, tokens: number[][]): number[][] {
  const embedding = new nn.Embedding(o.vocabSize, o.embedSize);
  const rnn = new nn.RNN(o.embedSize, o.hiddenSize, { numLayers: o.numLayers, bidirectional: true, batchFirst: true });
  const fc = new nn.Linear(2 * o.hiddenSize, o.numClasses);
  const pick = (prefix: string) => Object.fromEntries(Object.entries(weights).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  embedding.loadStateDict(pick('embedding.'));
  rnn.loadStateDict(pick('rnn.'));
  fc.loadStateDict(pick('fc.'));
  return noGrad(() => {
    const [output] = rnn.forward(embedding.forward(tensor(tokens)));
    const steps = tokens[0].length;
    const H = o.hiddenSize;
    const forward = output.select(1, steps - 1).narrow(1, 0, H);
    const backward = output.select(1, 0).narrow(1, H, H);
    const features = forward.toArray() as number[][];
    const back = backward.toArray() as number[][];
    const joined = features.map((row, n) => [...row, ...back[n]]);
    return fc.forward(tensor(joined)).toArray() as number[][];
  });
}

/** Random weights for every key, and the scores the reference gives on random tokens. */
function seededComparison(rng: Rng, o: { vocabSize: number; embedSize: number; hiddenSize: number; numClasses: number; numLayers: number }) {
  const weights: Record<string, number[] | number[][]> = {};
  for (const [key, shape] of Object.entries(expectedShapes(o))) weights[key] = rng.array(shape, -0.5, 0.5) as number[] | number[][];
  const batch = rng.int(2, 6);
  const steps = rng.int(4, 12);
  const tokens = Array.from({ length: batch }, () => Array.from({ length: steps }, () => rng.int(0, o.vocabSize)));
  return { weights, tokens, expected: referenceScores(weights, o, tokens) };
}

type ModelOptions = { vocabSize: number; embedSize: number; hiddenSize: number; numClasses: number; numLayers: number };

// Probe: encodeSentence on each [text, length]; anything but an array is sent as a description, so a
// Tensor (which would travel as nested arrays) is not mistaken for the number[] the exercise asks for.
const encodeAll = async ({ load }: SandboxContext, cases: [string, number][]) => {
  const { encodeSentence } = await load('vocab.ts');
  return cases.map(([text, length]) => {
    const out = encodeSentence(text, length);
    return Array.isArray(out) ? out : { returned: out === null ? 'null' : typeof out === 'object' ? `an object of class ${out.constructor?.name ?? 'unknown'}` : typeof out };
  });
};

// Probe: concatFinalStates on each hN.
const concatAll = async ({ load, lib }: SandboxContext, states: number[][][][]) => {
  const { concatFinalStates } = await load('model.ts');
  return states.map((hN) => concatFinalStates(lib.tensor(hN)));
};

// Probe: a CharRNN with the given options and weights, run on the tokens without gradients.
const forwardWithWeights = async ({ load, lib }: SandboxContext, input: { options: Record<string, number>; weights: Record<string, number[] | number[][]>; tokens: number[][] }) => {
  const { CharRNN } = await load('model.ts');
  const net = new CharRNN(input.options);
  net.loadStateDict(input.weights);
  return lib.noGrad(() => net.forward(lib.tensor(input.tokens)));
};

group('vocabulary', {}, () => {
  check('encodeSentence maps " " → 0, "a" → 1 … "z" → 26 and pads with 0', { points: 1, hint: "the index is VOCAB.indexOf(char); push 0 until the length is reached" }, async ({ run }) => {
    const got = await run(encodeAll, [['hi a', 6], ['zebra', 5], ['', 3]]);
    expectTrue(Array.isArray(got) && got.length === 3, 'encodeSentence did not give one result per call');
    expectEqual(got[0], [8, 9, 0, 1, 0, 0], "encodeSentence('hi a', 6)");
    expectEqual(got[1], [26, 5, 2, 18, 1], "encodeSentence('zebra', 5)");
    expectEqual(got[2], [0, 0, 0], "encodeSentence('', 3)");
  });

  check('encodeSentence on random sentences and lengths', { points: 1, visibility: 'hidden' }, async ({ rng, run }) => {
    const cases: [string, number][] = [];
    for (let trial = 0; trial < 6; trial++) {
      const text = Array.from({ length: rng.int(1, 25) }, () => rng.choice([...VOCAB])).join('');
      cases.push([text, text.length + rng.int(0, 6)]);
    }
    const got = await run(encodeAll, cases);
    expectTrue(Array.isArray(got) && got.length === cases.length, 'encodeSentence did not give one result per call');
    cases.forEach(([text, length], trial) => expectEqual(got[trial], encode(text, length), 'encodeSentence'));
  });

  check('encodeSentence throws an Error for characters outside the vocabulary and for too long sentences', {
    points: 1,
    hint: "throw new Error('…') saying which character (or which length) is wrong",
  }, async ({ run }) => {
    const cases: [string, number][] = [['Hi', 5], ['no!', 5], ['caf\u00e9', 6], ['abcdef', 3]];
    const got = await run(async ({ load }: SandboxContext, bad: [string, number][]) => {
      const { encodeSentence } = await load('vocab.ts');
      const ok = encodeSentence('ok', 2);
      const outcomes = bad.map(([text, length]) => {
        try {
          encodeSentence(text, length);
          return { threw: false, isError: false, name: '' };
        } catch (error) {
          return { threw: true, isError: error instanceof Error, name: error instanceof Error ? String(error.name) : '' };
        }
      });
      return { ok: Array.isArray(ok) ? ok : { returned: typeof ok }, outcomes };
    }, cases);
    expectEqual(got.ok, [15, 11], "encodeSentence('ok', 2)"); // it must work before its errors count
    expectTrue(Array.isArray(got.outcomes) && got.outcomes.length === cases.length, 'encodeSentence did not give one outcome per call');
    cases.forEach(([text, length], i) => {
      const outcome = got.outcomes[i];
      expectTrue(outcome.threw === true && outcome.isError === true && outcome.name !== 'NotImplementedError', `encodeSentence(${JSON.stringify(text)}, ${length}) should throw an Error`);
    });
  });

  check('sentimentLabel follows the rule: 1 when a word is in POSITIVE_WORDS, else 0', {
    points: 1,
    visibility: 'hidden',
    hint: 'compare whole words (sentence.split(" ")), not substrings',
  }, async ({ rng, run }) => {
    const { texts, labels } = sentences(rng, 16);
    // A look-alike word next to a sentiment word must not change the label.
    for (let i = 0; i < 6; i++) {
      const positive = i % 2 === 0;
      texts.push(rng.shuffle([rng.choice(LOOKALIKES), rng.choice(positive ? POSITIVE : NEGATIVE), rng.choice(NEUTRAL)]).join(' '));
      labels.push(positive ? 1 : 0);
    }
    const got = await run(async ({ load }: SandboxContext, sentencesToLabel: string[]) => {
      const { sentimentLabel } = await load('data.ts');
      return sentencesToLabel.map((t) => sentimentLabel(t));
    }, texts);
    expectEqual(got, labels, 'labels of the sentences');
  });
});

group('concatFinalStates', {}, () => {
  check('one layer: [forward h_n ; backward h_n] of shape (batch, 2·hidden)', { points: 1, hint: 'cat([hN.select(0, -2), hN.select(0, -1)], 1)' }, async ({ rng, run }) => {
    const hN = rng.array([2, 3, 4]) as number[][][];
    const [got] = await run(concatAll, [hN]);
    expectClose(got, expectedConcat(hN), { name: 'concatFinalStates(hN of shape [2, 3, 4])', rtol: 0, atol: 0 });
  });

  check('stacked layers (2 and 3): the forward and backward rows of the LAST layer', {
    points: 2,
    visibility: 'hidden',
    hint: 'h_n rows are ordered layer·2 + direction: the last layer is rows -2 (forward) and -1 (backward)',
  }, async ({ rng, run }) => {
    const layerCounts = [2, 3];
    const states = layerCounts.map((layers) => rng.array([2 * layers, rng.int(1, 5), rng.int(2, 7)]) as number[][][]);
    const got = await run(concatAll, states);
    expectTrue(Array.isArray(got) && got.length === states.length, 'concatFinalStates did not give one result per call');
    layerCounts.forEach((layers, i) => {
      expectClose(got[i], expectedConcat(states[i]), { name: `concatFinalStates (numLayers ${layers})`, rtol: 0, atol: 0 });
    });
  });
});

group('CharRNN', {}, () => {
  check('a bidirectional RNN: parameter names and shapes, fc takes 2·hidden', {
    points: 1,
    hint: "name the layers embedding, rnn, fc; nn.RNN(..., { numLayers, batchFirst: true, bidirectional: true }); nn.Linear(2 * hiddenSize, numClasses)",
  }, async ({ run }) => {
    const defaults = { vocabSize: 27, embedSize: 16, hiddenSize: 32, numClasses: 2, numLayers: 1 };
    const stacked = { vocabSize: 27, embedSize: 4, hiddenSize: 8, numClasses: 3, numLayers: 2 };
    const got = await run(async ({ load }: SandboxContext, options: Record<string, number>) => {
      const { CharRNN } = await load('model.ts');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const shapesOf = (net: any) => Object.fromEntries(net.namedParameters().map(([name, p]: [string, { shape: number[] }]) => [name, [...p.shape]]));
      return { defaults: shapesOf(new CharRNN()), stacked: shapesOf(new CharRNN(options)) };
    }, stacked);
    expectEqual(got.defaults, expectedShapes(defaults), 'parameters of new CharRNN()');
    expectEqual(got.stacked, expectedShapes(stacked), 'parameters of new CharRNN({ embedSize: 4, hiddenSize: 8, numClasses: 3, numLayers: 2 })');
  });

  check('forward maps (batch, seqLen) indices to (batch, numClasses) scores', { points: 1 }, async ({ run }) => {
    const tokens = [encode('so good', 11), encode('awful day', 11), encode('a', 11), encode('the food is', 11)];
    const got = await run(async ({ load, lib }: SandboxContext, batch: number[][]) => {
      const { CharRNN } = await load('model.ts');
      lib.manualSeed(6);
      const net = new CharRNN();
      return lib.noGrad(() => net.forward(lib.tensor(batch)));
    }, tokens);
    expectShape(got, [4, 2], 'forward on (4, 11)');
  });

  check('equals the library model with the same weights (one layer)', {
    points: 2,
    hint: 'the final states are h_n of the last layer: forward (read left to right) and backward (read right to left), concatenated',
  }, async ({ rng, run }) => {
    const options: ModelOptions = { vocabSize: 27, embedSize: 5, hiddenSize: 6, numClasses: 2, numLayers: 1 };
    const { weights, tokens, expected } = seededComparison(rng, options);
    const got = await run(forwardWithWeights, { options, weights, tokens });
    expectClose(got, expected, { name: 'CharRNN.forward', rtol: 1e-9, atol: 1e-10 });
  });

  check('equals the library model with the same weights (two stacked layers)', {
    points: 2,
    visibility: 'hidden',
    hint: 'with stacked layers h_n[0] and h_n[1] belong to the FIRST layer',
  }, async ({ rng, run }) => {
    const options: ModelOptions = { vocabSize: 27, embedSize: rng.int(3, 8), hiddenSize: rng.int(3, 9), numClasses: rng.int(2, 4), numLayers: 2 };
    const { weights, tokens, expected } = seededComparison(rng, options);
    const got = await run(forwardWithWeights, { options, weights, tokens });
    expectClose(got, expected, { name: 'CharRNN.forward', rtol: 1e-9, atol: 1e-10 });
  });
});

check('after a short training the accuracy on held-out sentences reaches the threshold', {
  points: 3,
  visibility: 'hidden',
  timeout: TRAINING_TIMEOUT_MS,
  hint: 'Embedding → bidirectional RNN → the two final states of the last layer → Linear, trained with trainClassifier',
}, async ({ rng, run }) => {
  const trainSet = sentences(rng, TRAIN_SENTENCES);
  const heldOut = sentences(rng, TEST_SENTENCES);
  // The library seed of the run, drawn after the data so the data stay those of the grading seed.
  const seed = rng.int(0, 1e9);
  // One padded length for both sets, so the forward direction reads the same amount of padding in training and testing.
  const length = Math.max(...[...trainSet.texts, ...heldOut.texts].map((t) => t.length));
  const got = await run(async ({ load, lib }: SandboxContext, input: { seed: number; epochs: number; trainX: number[][]; trainY: number[]; testX: number[][] }) => {
    const { CharRNN } = await load('model.ts');
    const { trainClassifier } = await load('train.ts');
    lib.manualSeed(input.seed);
    const net = new CharRNN({ hiddenSize: 16, embedSize: 8 });
    trainClassifier(net, lib.tensor(input.trainX), lib.tensor(input.trainY), { epochs: input.epochs, generator: new lib.Generator(input.seed) });
    return lib.noGrad(() => net.forward(lib.tensor(input.testX)));
  }, {
    seed,
    epochs: TRAIN_EPOCHS,
    trainX: trainSet.texts.map((t) => encode(t, length)),
    trainY: trainSet.labels,
    testX: heldOut.texts.map((t) => encode(t, length)),
  });
  const scores = numbers(got, 'CharRNN.forward');
  expectEqual(scores.length, 2 * TEST_SENTENCES, 'number of scores for the held-out sentences');
  let correct = 0;
  heldOut.labels.forEach((label, i) => {
    const predicted = scores[2 * i + 1] > scores[2 * i] ? 1 : 0;
    if (predicted === label) correct++;
  });
  const accuracy = correct / TEST_SENTENCES;
  expectTrue(accuracy >= ACCURACY_THRESHOLD,
    `hold-out accuracy ${(100 * accuracy).toFixed(1)} % after ${TRAIN_EPOCHS} epochs on ${TRAIN_SENTENCES} sentences is below ${100 * ACCURACY_THRESHOLD} %`);
});

check('why bidirectionality helps classification but cannot generate', { points: 1, visibility: 'hidden' }, async ({ run }) => {
  const answer = await run(async ({ load }: SandboxContext) => (await load('questions.ts')).whyBidirectionalCannotGenerate(), null);
  expectEqual(answer, 'c', 'whyBidirectionalCannotGenerate()');
});
