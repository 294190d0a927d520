// Graded suite of exercise 09 (padding and packing): the learner's padding against the definition,
// their batch sizes against packPaddedSequence's, their packed run against the ground truth of
// running every sequence alone (sorted and unsorted lengths, several layers, both directions),
// and their pick of each sequence's own last valid output.
import { Tensor, manualSeed, nn, tensor, utils } from '../../lib/index.ts';
import { check, expectClose, expectTrue, fail, group, loadSubmission, type Rng } from '../kit/index.ts';

const packing = loadSubmission(() => import('@submission/09-variable-length/packing.ts'));
const questions = loadSubmission(() => import('@submission/09-variable-length/questions.ts'));

// Packed and one-by-one runs do the same arithmetic; 1e-9 leaves room and catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };

function expectTensor(value: unknown, name: string): Tensor {
  if (!(value instanceof Tensor)) fail(`\`${name}\` should be a Tensor, got ${value === null ? 'null' : typeof value === 'object' ? `an object of class ${value?.constructor?.name}` : typeof value}`);
  return value;
}

function sequencesOf(values: number[][][]): Tensor[] {
  return values.map((s) => tensor(s));
}

function randomValues(rng: Rng, lengths: number[], features: number): number[][][] {
  return lengths.map((length) => rng.normalArray([length, features]) as number[][]);
}

/** Lengths that are NOT sorted longest first (at least one increase), all ≥ 1, the longest at most maxLength. */
function unsortedLengths(rng: Rng, batch: number, maxLength: number): number[] {
  for (;;) {
    const lengths = Array.from({ length: batch }, () => rng.int(1, maxLength + 1));
    if (lengths.some((l, i) => i > 0 && l > lengths[i - 1]) && new Set(lengths).size > 1) return lengths;
  }
}

/** The definition of padding: values first, then paddingValue up to the longest length. */
function padded(values: number[][][], paddingValue: number): number[][][] {
  const longest = Math.max(...values.map((s) => s.length));
  const features = values[0][0].length;
  return values.map((s) => [...s, ...Array.from({ length: longest - s.length }, () => new Array<number>(features).fill(paddingValue))]);
}

function randomRnn(rng: Rng, features: number, options: { numLayers: number; bidirectional: boolean }): nn.RNN {
  manualSeed(rng.int(0, 1_000_000));
  return new nn.RNN(features, rng.int(2, 6), { ...options, batchFirst: true });
}

/** Ground truth: every sequence run alone, unbatched. */
function alone(rnn: nn.RNN, values: number[][][]): { hN: Tensor; outputs: Tensor[] } {
  const runs = values.map((s) => rnn.forward(tensor(s)));
  return { hN: tensor(runs.map(([, h]) => h.toArray() as number[][])).permute(1, 0, 2), outputs: runs.map(([out]) => out) };
}

function packedRun(result: unknown): { output: Tensor; hN: Tensor } {
  if (result === null || typeof result !== 'object') fail(`runPacked should return { output, hN }, got ${result === null ? 'null' : typeof result}`);
  const r = result as { output: unknown; hN: unknown };
  return { output: expectTensor(r.output, 'output'), hN: expectTensor(r.hN, 'hN') };
}

/** A multiple-choice answer, judged without revealing the right letter. */
function expectChoice(name: string, answer: unknown, correct: string): void {
  expectTrue(['a', 'b', 'c', 'd'].includes(answer as string), `${name}() should return 'a', 'b', 'c' or 'd', got ${JSON.stringify(answer)}`);
  expectTrue(answer === correct, `${name}(): '${String(answer)}' is not the right answer`);
}

group('padBatch', {}, () => {
  check('lengths [2, 3, 1] with 2 features give a (3, 3, 2) batch padded with zeros', {
    points: 1,
    hint: 'append full([T − L, F], paddingValue) to every shorter sequence with cat, then stack (README hint 1)',
  }, async () => {
    const { padBatch } = await packing();
    const values = [[[1, 2], [3, 4]], [[5, 6], [7, 8], [9, 10]], [[11, 12]]];
    const result = padBatch(sequencesOf(values)) as unknown as { padded: unknown; lengths: unknown };
    if (result === null || typeof result !== 'object') fail(`padBatch should return { padded, lengths }, got ${result === null ? 'null' : typeof result}`);
    expectClose(expectTensor(result.padded, 'padded'), padded(values, 0), { ...TOL, name: 'padded' });
    expectClose(result.lengths, [2, 3, 1], { ...TOL, name: 'lengths' });
  });

  check('random lengths and a non-zero paddingValue', {
    points: 2,
    visibility: 'hidden',
    hint: 'the padding goes AFTER each sequence, with the paddingValue given; T is the longest length (README hint 1)',
  }, async ({ rng }) => {
    const { padBatch } = await packing();
    for (let trial = 0; trial < 3; trial++) {
      const features = rng.int(1, 5);
      const lengths = unsortedLengths(rng, rng.int(2, 6), 7);
      const values = randomValues(rng, lengths, features);
      const paddingValue = rng.choice([-1, 7, 0.5]);
      const result = padBatch(sequencesOf(values), paddingValue) as unknown as { padded: unknown; lengths: unknown };
      if (result === null || typeof result !== 'object') fail(`padBatch should return { padded, lengths }, got ${result === null ? 'null' : typeof result}`);
      expectClose(expectTensor(result.padded, 'padded'), padded(values, paddingValue), { ...TOL, name: 'padded' });
      expectClose(result.lengths, lengths, { ...TOL, name: 'lengths' });
    }
  });
});

group('batchSizesOf', {}, () => {
  check('equals packPaddedSequence(...).batchSizes for random lengths', {
    points: 1,
    visibility: 'hidden',
    hint: 'at step t, count the sequences with length > t, for t = 0 … max − 1 (README hint 2)',
  }, async ({ rng }) => {
    const { batchSizesOf } = await packing();
    for (let trial = 0; trial < 4; trial++) {
      const lengths = unsortedLengths(rng, rng.int(2, 8), 9);
      const values = randomValues(rng, lengths, 1);
      const packed = utils.packPaddedSequence(tensor(padded(values, 0)), lengths, { batchFirst: true, enforceSorted: false });
      expectClose(batchSizesOf([...lengths]), Array.from(packed.batchSizes.data), { ...TOL, name: `batchSizesOf(${lengths.length} lengths)` });
    }
  });
});

group('runPacked', {}, () => {
  check('lengths sorted longest first: hN equals running every sequence alone', {
    points: 2,
    hint: 'utils.packPaddedSequence(padded, lengths, { batchFirst: true, … }) → rnn.forward(packed) → hN (README hint 3)',
  }, async ({ rng }) => {
    const { runPacked } = await packing();
    const rnn = randomRnn(rng, 3, { numLayers: 1, bidirectional: false });
    const lengths = [5, 4, 2];
    const values = randomValues(rng, lengths, 3);
    const { hN } = packedRun(runPacked(rnn, tensor(padded(values, 0)), [...lengths]));
    expectClose(hN, alone(rnn, values).hN, { ...TOL, name: 'hN' });
  });

  check('unsorted lengths, 1–2 layers, one or two directions: hN equals running every sequence alone', {
    points: 3,
    visibility: 'hidden',
    hint: 'lengths need not be sorted: pass { enforceSorted: false } and the library sorts and unsorts for you (README hint 3)',
  }, async ({ rng }) => {
    const { runPacked } = await packing();
    for (const [numLayers, bidirectional] of [[1, false], [2, false], [rng.int(1, 3), true]] as const) {
      const features = rng.int(1, 4);
      const rnn = randomRnn(rng, features, { numLayers, bidirectional });
      const lengths = unsortedLengths(rng, rng.int(3, 6), 7);
      const values = randomValues(rng, lengths, features);
      const { hN } = packedRun(runPacked(rnn, tensor(padded(values, 0)), [...lengths]));
      expectClose(hN, alone(rnn, values).hN, { ...TOL, name: `hN (${numLayers} layer(s), ${bidirectional ? 'bidirectional' : 'one direction'}, ${lengths.length} sequences)` });
    }
  });

  check('output: each sequence\'s own outputs at its valid steps, zeros on the padding', {
    points: 2,
    visibility: 'hidden',
    hint: 'unpack with utils.padPackedSequence(packedOutput, { batchFirst: true, totalLength: T }) and return its first element (README hint 3)',
  }, async ({ rng }) => {
    const { runPacked } = await packing();
    const features = rng.int(1, 4);
    const rnn = randomRnn(rng, features, { numLayers: rng.int(1, 3), bidirectional: rng.next() < 0.5 });
    const lengths = unsortedLengths(rng, rng.int(3, 6), 7);
    const values = randomValues(rng, lengths, features);
    const longest = Math.max(...lengths);
    const { output } = packedRun(runPacked(rnn, tensor(padded(values, 0)), [...lengths]));
    const truth = alone(rnn, values).outputs;
    const width = truth[0].shape[1];
    const expected = truth.map((out, b) => [...(out.toArray() as number[][]), ...Array.from({ length: longest - lengths[b] }, () => new Array<number>(width).fill(0))]);
    expectClose(output, expected, { ...TOL, name: 'output' });
  });
});

group('lastValidOutputs', {}, () => {
  check('picks output[b, length_b − 1] for every sequence', {
    points: 2,
    visibility: 'hidden',
    hint: 'not output[:, -1]: for a shorter sequence that is padding. Take output.select(0, b).select(0, lengths[b] - 1) (README hint 4)',
  }, async ({ rng }) => {
    const { lastValidOutputs } = await packing();
    for (let trial = 0; trial < 3; trial++) {
      const [batch, steps, width] = [rng.int(2, 6), rng.int(3, 8), rng.int(1, 6)];
      const output = rng.normalArray([batch, steps, width]) as number[][][];
      // At least one full-length and one shorter sequence, in any order.
      const lengths = rng.shuffle([steps, rng.int(1, steps), ...Array.from({ length: batch - 2 }, () => rng.int(1, steps + 1))]);
      const got = lastValidOutputs(tensor(output), [...lengths]);
      expectClose(expectTensor(got, 'lastValidOutputs(...)'), lengths.map((length, b) => output[b][length - 1]), { ...TOL, name: 'lastValidOutputs(...)' });
    }
  });
});

group('runEachAlone', {}, () => {
  check('stacks the final states of every sequence run on its own into (numLayers·D, B, H)', {
    points: 1,
    visibility: 'hidden',
    hint: 'rnn.forward(sequence) on an unbatched (L, F) tensor gives hN (numLayers·D, H); stack them along dim 1 (README hint 5)',
  }, async ({ rng }) => {
    const { runEachAlone } = await packing();
    const features = rng.int(1, 4);
    const rnn = randomRnn(rng, features, { numLayers: rng.int(1, 3), bidirectional: rng.next() < 0.5 });
    const values = randomValues(rng, unsortedLengths(rng, rng.int(2, 5), 6), features);
    expectClose(expectTensor(runEachAlone(rnn, sequencesOf(values)), 'runEachAlone(...)'), alone(rnn, values).hN, { ...TOL, name: 'runEachAlone(...)' });
  });
});

group('questions', {}, () => {
  check('whatGoesWrongWithoutPacking', { points: 1, hint: 'run npm run ex -- 09 and look at which sequence is still right without packing (README hint 6)' }, async () => {
    const { whatGoesWrongWithoutPacking } = await questions();
    expectChoice('whatGoesWrongWithoutPacking', whatGoesWrongWithoutPacking(), 'b');
  });
  check('whatEnforceSortedFalseDoes', { points: 1, hint: 'what must happen to unsorted lengths before packing, and to the results after? (README hint 6)' }, async () => {
    const { whatEnforceSortedFalseDoes } = await questions();
    expectChoice('whatEnforceSortedFalseDoes', whatEnforceSortedFalseDoes(), 'a');
  });
});
