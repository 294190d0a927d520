// Graded suite of exercise 09 (padding and packing): the learner's padding against the definition,
// their batch sizes against packPaddedSequence's, their packed run against the ground truth of
// running every sequence alone (sorted and unsorted lengths, several layers, both directions),
// their pick of each sequence's own last valid output, and a batch of one sequence (B = 1) through
// every function.
//
// The judge draws the RNN's weights and the sequences and sends them as plain data; the probe
// rebuilds the same nn.RNN in the submission's process (loadStateDict), calls the learner's
// function, and sends back every returned tensor as { isTensor, values }. The ground truth (every
// sequence run alone) is computed here with the judge's own copy of the RNN.
import { Tensor, manualSeed, nn, tensor, utils, type NestedArray } from '../../lib/index.ts';
import { check, expectChoice, expectClose, expectTrue, fail, group, type Rng, type SandboxContext } from '../kit/index.ts';

// Packed and one-by-one runs do the same arithmetic; 1e-9 leaves room and catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };

const LESSON = 'lessons/10-variable-length-packing';

/** What the probe says about one returned value: a tensor's values, or only what kind of thing it was. */
interface Described {
  isTensor: boolean;
  values?: unknown;
  kind?: unknown;
}

/** Kinds the probe names a non-tensor by; anything else is not shown (it would be the submission's text). */
const KINDS = new Set(['null', 'undefined', 'number', 'string', 'boolean', 'array', 'plain object', 'function', 'an object of another class']);

/** The values of a returned tensor, or a failure saying it was not one. */
function expectTensor(value: unknown, name: string): unknown {
  const described = value as Described | null;
  if (described === null || typeof described !== 'object' || described.isTensor !== true) {
    const kind = described !== null && typeof described === 'object' && KINDS.has(described.kind as string) ? described.kind as string : 'something else';
    fail(`\`${name}\` should be a Tensor, got ${kind}`);
  }
  return described.values;
}

/** An nn.RNN as data: its sizes and weights, so the probe can rebuild exactly the judge's RNN. */
interface RnnSpec {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  state: Record<string, NestedArray>;
}

type ProbeInput =
  | { fn: 'padBatch'; sequences: number[][][]; paddingValue?: number }
  | { fn: 'batchSizesOf'; lengths: number[] }
  | { fn: 'runPacked'; rnn: RnnSpec; padded: number[][][]; lengths: number[] }
  | { fn: 'lastValidOutputs'; output: number[][][]; lengths: number[] }
  | { fn: 'runEachAlone'; rnn: RnnSpec; sequences: number[][][] };

/**
 * Probe: calls one function of packing.ts on tensors (and an nn.RNN) built from the input. Tensors
 * it returns come back as { isTensor: true, values }; other values as { isTensor: false, kind }.
 */
const packingProbe = async ({ load, lib }: SandboxContext, input: ProbeInput) => {
  const packing = await load('packing.ts');
  const describe = (value: unknown) => {
    if (value instanceof lib.Tensor) return { isTensor: true, values: value.toArray() };
    const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value !== 'object' ? typeof value
      : Object.getPrototypeOf(value) === Object.prototype ? 'plain object' : 'an object of another class';
    return { isTensor: false, kind };
  };
  const rnnOf = (spec: RnnSpec) => {
    const rnn = new lib.nn.RNN(spec.inputSize, spec.hiddenSize, { numLayers: spec.numLayers, bidirectional: spec.bidirectional, batchFirst: true });
    rnn.loadStateDict(spec.state);
    return rnn;
  };
  const fields = (result: unknown, keys: string[]) => {
    if (result === null || typeof result !== 'object') return { isObject: false, kind: result === null ? 'null' : typeof result };
    const record = result as Record<string, unknown>;
    return { isObject: true, ...Object.fromEntries(keys.map((key) => [key, describe(record[key])])) };
  };
  switch (input.fn) {
    case 'padBatch': {
      const result = packing.padBatch(input.sequences.map((s) => lib.tensor(s)), input.paddingValue);
      const described = fields(result, ['padded']);
      return described.isObject ? { ...described, lengths: result.lengths } : described;
    }
    case 'batchSizesOf':
      return packing.batchSizesOf(input.lengths);
    case 'runPacked':
      return fields(packing.runPacked(rnnOf(input.rnn), lib.tensor(input.padded), input.lengths), ['output', 'hN']);
    case 'lastValidOutputs':
      return describe(packing.lastValidOutputs(lib.tensor(input.output), input.lengths));
    case 'runEachAlone':
      return describe(packing.runEachAlone(rnnOf(input.rnn), input.sequences.map((s) => lib.tensor(s))));
    default:
      throw new Error('unknown function');
  }
};

/** A result that should be an object (the probe's `fields`), or a failure naming what it was. */
function objectResult(result: unknown, what: string): Record<string, unknown> {
  const r = result as { isObject?: unknown; kind?: unknown } | null;
  if (r === null || typeof r !== 'object' || r.isObject !== true) {
    const kind = r !== null && typeof r === 'object' && ['null', 'number', 'string', 'boolean', 'undefined', 'function'].includes(r.kind as string) ? r.kind as string : 'something else';
    fail(`${what}, got ${kind}`);
  }
  return r as Record<string, unknown>;
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

/** The definition of padding: values first, then paddingValue up to `steps` (default: the longest length). */
function padded(values: number[][][], paddingValue: number, steps = Math.max(...values.map((s) => s.length))): number[][][] {
  const features = values[0][0].length;
  return values.map((s) => [...s, ...Array.from({ length: steps - s.length }, () => new Array<number>(features).fill(paddingValue))]);
}

/** The judge's RNN and its description for the probe (synchronous from manualSeed to the last draw). */
function randomRnn(rng: Rng, features: number, options: { numLayers: number; bidirectional: boolean }): { rnn: nn.RNN; spec: RnnSpec } {
  manualSeed(rng.int(0, 1_000_000));
  const hiddenSize = rng.int(2, 6);
  const rnn = new nn.RNN(features, hiddenSize, { ...options, batchFirst: true });
  return { rnn, spec: { inputSize: features, hiddenSize, ...options, state: rnn.stateDict() as Record<string, NestedArray> } };
}

/** Ground truth: every sequence run alone, unbatched. */
function alone(rnn: nn.RNN, values: number[][][]): { hN: Tensor; outputs: Tensor[] } {
  const runs = values.map((s) => rnn.forward(tensor(s)));
  return { hN: tensor(runs.map(([, h]) => h.toArray() as number[][])).permute(1, 0, 2), outputs: runs.map(([out]) => out) };
}

function packedRun(result: unknown): { output: unknown; hN: unknown } {
  const r = objectResult(result, 'runPacked should return { output, hN }');
  return { output: expectTensor(r.output, 'output'), hN: expectTensor(r.hN, 'hN') };
}

const questionProbe = async ({ load }: SandboxContext, name: string) => (await load('questions.ts'))[name]();

const padHint = [
  `padding makes every sequence as long as the longest one (T = max L_i) by adding rows of paddingValue AFTER its own steps; the batch is (B, T, F), and lengths keeps each sequence's true length (see ${LESSON} §1)`,
  'a sequence of length L needs T − L extra rows of F values each; a sequence that is already T long needs none; then the B sequences are stacked along a new first axis (README hint 1)',
  'cat([seq, full([T - L, F], paddingValue)], 0) for every shorter sequence, then stack(rows, 0) (README code hint 1)',
];

group('padBatch', {}, () => {
  check('lengths [2, 3, 1] with 2 features give a (3, 3, 2) batch padded with zeros', {
    points: 1,
    hint: padHint,
  }, async ({ run }) => {
    const values = [[[1, 2], [3, 4]], [[5, 6], [7, 8], [9, 10]], [[11, 12]]];
    const result = objectResult(await run(packingProbe, { fn: 'padBatch', sequences: values }), 'padBatch should return { padded, lengths }');
    expectClose(expectTensor(result.padded, 'padded'), padded(values, 0), { ...TOL, name: 'padded' });
    expectClose(result.lengths, [2, 3, 1], { ...TOL, name: 'lengths' });
  });

  check('random lengths and a non-zero paddingValue', {
    points: 2,
    visibility: 'hidden',
    hint: [
      padHint[0],
      'the padding value is the one passed in (0 only by default), and the lengths come back in the order the sequences were given, sorted or not (README hint 1)',
      padHint[2],
    ],
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 3; trial++) {
      const features = rng.int(1, 5);
      const lengths = unsortedLengths(rng, rng.int(2, 6), 7);
      const values = randomValues(rng, lengths, features);
      const paddingValue = rng.choice([-1, 7, 0.5]);
      const result = objectResult(await run(packingProbe, { fn: 'padBatch', sequences: values, paddingValue }), 'padBatch should return { padded, lengths }');
      expectClose(expectTensor(result.padded, 'padded'), padded(values, paddingValue), { ...TOL, name: 'padded' });
      expectClose(result.lengths, lengths, { ...TOL, name: 'lengths' });
    }
  });
});

group('batchSizesOf', {}, () => {
  check('equals packPaddedSequence(...).batchSizes for random lengths', {
    points: 1,
    visibility: 'hidden',
    hint: [
      `at step t the packed batch holds only the sequences that have not ended yet; batchSizes lists that count for every step, from the first to the longest sequence's last (see ${LESSON} §3)`,
      'a sequence of length L is still running at steps 0 … L − 1, so at step t it counts when L > t; the order of the lengths does not matter (README hint 2)',
      'Array.from({ length: Math.max(...lengths) }, (_, t) => lengths.filter((L) => L > t).length) (README code hint 2)',
    ],
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 4; trial++) {
      const lengths = unsortedLengths(rng, rng.int(2, 8), 9);
      const values = randomValues(rng, lengths, 1);
      const packed = utils.packPaddedSequence(tensor(padded(values, 0)), lengths, { batchFirst: true, enforceSorted: false });
      expectClose(await run(packingProbe, { fn: 'batchSizesOf', lengths }), Array.from(packed.batchSizes.data), { ...TOL, name: `batchSizesOf(${lengths.length} lengths)` });
    }
  });
});

const packHint = [
  `packing hands the RNN only the steps each sequence really has, so its last state is the state after its own last element, exactly as if it ran alone (see ${LESSON} §3 and §4)`,
  'three calls: pack the padded batch with its lengths (it is batch first), run the RNN on the packed sequence, and unpack its output back to (B, T, D·H) (README hint 3)',
  'utils.packPaddedSequence(padded, lengths, { batchFirst: true, enforceSorted: false }) → rnn.forward(packed) → [packedOutput, hN] (README code hint 3)',
];

group('runPacked', {}, () => {
  check('lengths sorted longest first: hN equals running every sequence alone', {
    points: 2,
    hint: packHint,
  }, async ({ rng, run }) => {
    const { rnn, spec } = randomRnn(rng, 3, { numLayers: 1, bidirectional: false });
    const lengths = [5, 4, 2];
    const values = randomValues(rng, lengths, 3);
    const { hN } = packedRun(await run(packingProbe, { fn: 'runPacked', rnn: spec, padded: padded(values, 0), lengths }));
    expectClose(hN, alone(rnn, values).hN, { ...TOL, name: 'hN' });
  });

  check('unsorted lengths, 1–2 layers, one or two directions: hN equals running every sequence alone', {
    points: 3,
    visibility: 'hidden',
    hint: [
      packHint[0],
      `the lengths may come in any order, but packing needs them longest first: the library can sort them and give every result back in the batch's own order if you ask it to; the same holds for several layers and both directions (see ${LESSON} §3)`,
      packHint[2],
    ],
  }, async ({ rng, run }) => {
    for (const [numLayers, bidirectional] of [[1, false], [2, false], [rng.int(1, 3), true]] as const) {
      const features = rng.int(1, 4);
      const { rnn, spec } = randomRnn(rng, features, { numLayers, bidirectional });
      const lengths = unsortedLengths(rng, rng.int(3, 6), 7);
      const values = randomValues(rng, lengths, features);
      const { hN } = packedRun(await run(packingProbe, { fn: 'runPacked', rnn: spec, padded: padded(values, 0), lengths }));
      expectClose(hN, alone(rnn, values).hN, { ...TOL, name: `hN (${numLayers} layer(s), ${bidirectional ? 'bidirectional' : 'one direction'}, ${lengths.length} sequences)` });
    }
  });

  check('output: each sequence\'s own outputs at its valid steps, zeros on the padding, as many steps as the padded batch', {
    points: 2,
    visibility: 'hidden',
    hint: [
      `the RNN's output of a packed batch is packed as well; unpacking puts every sequence's outputs back at its own steps and zeros on its padding (see ${LESSON} §4)`,
      'unpack batch first, and keep the output as long as the padded input (T steps), even when the batch was padded beyond its longest sequence (README hint 3)',
      'utils.padPackedSequence(packedOutput, { batchFirst: true, totalLength: padded.shape[1] })[0] (README code hint 3)',
    ],
  }, async ({ rng, run }) => {
    const features = rng.int(1, 4);
    const { rnn, spec } = randomRnn(rng, features, { numLayers: rng.int(1, 3), bidirectional: rng.next() < 0.5 });
    const lengths = unsortedLengths(rng, rng.int(3, 6), 7);
    const values = randomValues(rng, lengths, features);
    // Padded beyond the longest sequence (a batch padded to a fixed length): the output keeps all T steps.
    const steps = Math.max(...lengths) + rng.int(1, 3);
    const { output } = packedRun(await run(packingProbe, { fn: 'runPacked', rnn: spec, padded: padded(values, 0, steps), lengths }));
    const truth = alone(rnn, values).outputs;
    const width = truth[0].shape[1];
    const expected = truth.map((out, b) => [...(out.toArray() as number[][]), ...Array.from({ length: steps - lengths[b] }, () => new Array<number>(width).fill(0))]);
    expectClose(output, expected, { ...TOL, name: 'output' });
  });
});

group('lastValidOutputs', {}, () => {
  check('picks output[b, length_b − 1] for every sequence', {
    points: 2,
    visibility: 'hidden',
    hint: [
      `a sequence of length L has its last real output at step L − 1; after that the padded output holds padding (see ${LESSON} §4, the last paragraph)`,
      'the last column of the padded output is right only for the longest sequences; pick one step per sequence, its own, and stack the picks into (B, D·H) (README hint 4)',
      'stack(lengths.map((L, b) => output.select(0, b).select(0, L - 1))) (README code hint 4)',
    ],
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 3; trial++) {
      const [batch, steps, width] = [rng.int(2, 6), rng.int(3, 8), rng.int(1, 6)];
      const output = rng.normalArray([batch, steps, width]) as number[][][];
      // At least one full-length and one shorter sequence, in any order.
      const lengths = rng.shuffle([steps, rng.int(1, steps), ...Array.from({ length: batch - 2 }, () => rng.int(1, steps + 1))]);
      const got = await run(packingProbe, { fn: 'lastValidOutputs', output, lengths });
      expectClose(expectTensor(got, 'lastValidOutputs(...)'), lengths.map((length, b) => output[b][length - 1]), { ...TOL, name: 'lastValidOutputs(...)' });
    }
  });
});

group('runEachAlone', {}, () => {
  check('stacks the final states of every sequence run on its own into (numLayers·D, B, H)', {
    points: 1,
    visibility: 'hidden',
    hint: [
      `the ground truth: every sequence run on its own, with no padding at all, gives the final states packing must reproduce; the batch axis of hN is its second (see ${LESSON} §4)`,
      'an unbatched (L, F) sequence gives hN without a batch axis, (numLayers·D, H); collect one per sequence and put them side by side along the batch axis, dim 1 (README hint 5)',
      'stack(sequences.map((s) => rnn.forward(s)[1]), 1) (README code hint 5)',
    ],
  }, async ({ rng, run }) => {
    const features = rng.int(1, 4);
    const { rnn, spec } = randomRnn(rng, features, { numLayers: rng.int(1, 3), bidirectional: rng.next() < 0.5 });
    const values = randomValues(rng, unsortedLengths(rng, rng.int(2, 5), 6), features);
    expectClose(expectTensor(await run(packingProbe, { fn: 'runEachAlone', rnn: spec, sequences: values }), 'runEachAlone(...)'), alone(rnn, values).hN, { ...TOL, name: 'runEachAlone(...)' });
  });
});

group('a batch of one sequence (B = 1)', {}, () => {
  check('padBatch, batchSizesOf, runPacked, lastValidOutputs and runEachAlone on a single sequence', {
    points: 1,
    visibility: 'hidden',
    hint: [
      `a batch of one sequence is still a batch: B = 1 is a size like any other, the one sequence is the longest and needs no padding, and every result keeps its batch axis (see ${LESSON} §1 and §4)`,
      'look for a step that assumes two sequences or more, treats a sequence that needs no padding differently, or drops an axis of size 1 (README hint 7)',
      'no squeeze(): padded (1, L, F), batchSizes [1, …, 1], output (1, L, D·H), hN (numLayers·D, 1, H), lastValidOutputs (1, D·H) (README hint 7)',
    ],
  }, async ({ rng, run }) => {
    const features = rng.int(1, 4);
    const { rnn, spec } = randomRnn(rng, features, { numLayers: rng.int(1, 3), bidirectional: rng.next() < 0.5 });
    const length = rng.int(2, 7);
    const values = randomValues(rng, [length], features);
    const paddingValue = rng.choice([-1, 7, 0.5]);
    const truth = alone(rnn, values);

    const pad = objectResult(await run(packingProbe, { fn: 'padBatch', sequences: values, paddingValue }), 'padBatch([one sequence]) should return { padded, lengths }');
    expectClose(expectTensor(pad.padded, 'padBatch([one sequence]).padded'), values, { ...TOL, name: 'padBatch([one sequence]).padded' });
    expectClose(pad.lengths, [length], { ...TOL, name: 'padBatch([one sequence]).lengths' });
    expectClose(await run(packingProbe, { fn: 'batchSizesOf', lengths: [length] }), new Array<number>(length).fill(1), { ...TOL, name: `batchSizesOf([${length}])` });

    const packedResult = packedRun(await run(packingProbe, { fn: 'runPacked', rnn: spec, padded: values, lengths: [length] }));
    expectClose(packedResult.hN, truth.hN, { ...TOL, name: 'runPacked(one sequence).hN' });
    const output = truth.outputs[0].toArray() as number[][];
    expectClose(packedResult.output, [output], { ...TOL, name: 'runPacked(one sequence).output' });

    const last = await run(packingProbe, { fn: 'lastValidOutputs', output: [output], lengths: [length] });
    expectClose(expectTensor(last, 'lastValidOutputs(one sequence)'), [output[length - 1]], { ...TOL, name: 'lastValidOutputs(one sequence)' });
    expectClose(expectTensor(await run(packingProbe, { fn: 'runEachAlone', rnn: spec, sequences: values }), 'runEachAlone([one sequence])'), truth.hN, { ...TOL, name: 'runEachAlone([one sequence])' });
  });
});

group('questions', {}, () => {
  check('whatGoesWrongWithoutPacking', {
    points: 1,
    hint: [
      `an RNN cannot tell a padding zero from a real input: it keeps updating the state at every step it is given (see ${LESSON} §2)`,
      'run npm run ex -- 09 and look at which sequence still gets the right h_n without packing, and why that one (README hint 6)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'whatGoesWrongWithoutPacking'), {
      name: 'whatGoesWrongWithoutPacking',
      answer: 'b',
      misses: {
        a: 'a zero input still moves the state: the step adds the recurrent term and the bias, h_t = tanh(W_hh h_(t-1) + b), so every padded step changes it',
        c: 'the shape of h_n does not depend on the lengths at all: it is (numLayers·D, B, H) with or without padding, which is why the mistake raises no error',
        d: 'an RNN has no idea which inputs are padding: zeros are ordinary numbers to it, and only a packed sequence tells it where each sequence ends',
      },
      lesson: `${LESSON} §2`,
    });
  });
  check('whatEnforceSortedFalseDoes', {
    points: 1,
    hint: [
      `packing needs the sequences longest first, so that the number of running sequences only shrinks; ask who sorts them, and in which order the results come back (see ${LESSON} §3)`,
      'try packPaddedSequence on unsorted lengths without the option and read the error, then look at sortedIndices and unsortedIndices of a packed batch (README hint 6)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'whatEnforceSortedFalseDoes'), {
      name: 'whatEnforceSortedFalseDoes',
      answer: 'a',
      misses: {
        b: 'packing never touches the values inside a sequence: their order in time is what the RNN reads; only the order of the sequences in the batch matters to it',
        c: 'packing keeps every sequence, however short: it only stops feeding a sequence once its own steps are used up',
        d: 'the option is about the order of the sequences by length, and unsorted lengths are exactly the case where it matters',
      },
      lesson: `${LESSON} §3`,
    });
  });
});
