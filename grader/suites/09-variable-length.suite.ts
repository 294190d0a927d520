// Graded suite of exercise 09 (padding and packing): the learner's padding against the definition,
// their batch sizes against packPaddedSequence's, their packed run against the ground truth of
// running every sequence alone (sorted and unsorted lengths, several layers, both directions),
// and their pick of each sequence's own last valid output.
//
// The judge draws the RNN's weights and the sequences and sends them as plain data; the probe
// rebuilds the same nn.RNN in the submission's process (loadStateDict), calls the learner's
// function, and sends back every returned tensor as { isTensor, values }. The ground truth (every
// sequence run alone) is computed here with the judge's own copy of the RNN.
import { Tensor, manualSeed, nn, tensor, utils, type NestedArray } from '../../lib/index.ts';
import { check, expectClose, expectTrue, fail, group, type Rng, type SandboxContext } from '../kit/index.ts';

// Packed and one-by-one runs do the same arithmetic; 1e-9 leaves room and catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };

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

/** The definition of padding: values first, then paddingValue up to the longest length. */
function padded(values: number[][][], paddingValue: number): number[][][] {
  const longest = Math.max(...values.map((s) => s.length));
  const features = values[0][0].length;
  return values.map((s) => [...s, ...Array.from({ length: longest - s.length }, () => new Array<number>(features).fill(paddingValue))]);
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

/** A multiple-choice answer, judged without revealing the right letter. */
function expectChoice(name: string, answer: unknown, correct: string): void {
  expectTrue(['a', 'b', 'c', 'd'].includes(answer as string), `${name}() should return 'a', 'b', 'c' or 'd', got ${typeof answer === 'string' ? JSON.stringify(answer) : String(answer)}`);
  expectTrue(answer === correct, `${name}(): '${String(answer)}' is not the right answer`);
}

group('padBatch', {}, () => {
  check('lengths [2, 3, 1] with 2 features give a (3, 3, 2) batch padded with zeros', {
    points: 1,
    hint: 'append full([T − L, F], paddingValue) to every shorter sequence with cat, then stack (README hint 1)',
  }, async ({ run }) => {
    const values = [[[1, 2], [3, 4]], [[5, 6], [7, 8], [9, 10]], [[11, 12]]];
    const result = objectResult(await run(packingProbe, { fn: 'padBatch', sequences: values }), 'padBatch should return { padded, lengths }');
    expectClose(expectTensor(result.padded, 'padded'), padded(values, 0), { ...TOL, name: 'padded' });
    expectClose(result.lengths, [2, 3, 1], { ...TOL, name: 'lengths' });
  });

  check('random lengths and a non-zero paddingValue', {
    points: 2,
    visibility: 'hidden',
    hint: 'the padding goes AFTER each sequence, with the paddingValue given; T is the longest length (README hint 1)',
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
    hint: 'at step t, count the sequences with length > t, for t = 0 … max − 1 (README hint 2)',
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 4; trial++) {
      const lengths = unsortedLengths(rng, rng.int(2, 8), 9);
      const values = randomValues(rng, lengths, 1);
      const packed = utils.packPaddedSequence(tensor(padded(values, 0)), lengths, { batchFirst: true, enforceSorted: false });
      expectClose(await run(packingProbe, { fn: 'batchSizesOf', lengths }), Array.from(packed.batchSizes.data), { ...TOL, name: `batchSizesOf(${lengths.length} lengths)` });
    }
  });
});

group('runPacked', {}, () => {
  check('lengths sorted longest first: hN equals running every sequence alone', {
    points: 2,
    hint: 'utils.packPaddedSequence(padded, lengths, { batchFirst: true, … }) → rnn.forward(packed) → hN (README hint 3)',
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
    hint: 'lengths need not be sorted: pass { enforceSorted: false } and the library sorts and unsorts for you (README hint 3)',
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

  check('output: each sequence\'s own outputs at its valid steps, zeros on the padding', {
    points: 2,
    visibility: 'hidden',
    hint: 'unpack with utils.padPackedSequence(packedOutput, { batchFirst: true, totalLength: T }) and return its first element (README hint 3)',
  }, async ({ rng, run }) => {
    const features = rng.int(1, 4);
    const { rnn, spec } = randomRnn(rng, features, { numLayers: rng.int(1, 3), bidirectional: rng.next() < 0.5 });
    const lengths = unsortedLengths(rng, rng.int(3, 6), 7);
    const values = randomValues(rng, lengths, features);
    const longest = Math.max(...lengths);
    const { output } = packedRun(await run(packingProbe, { fn: 'runPacked', rnn: spec, padded: padded(values, 0), lengths }));
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
    hint: 'rnn.forward(sequence) on an unbatched (L, F) tensor gives hN (numLayers·D, H); stack them along dim 1 (README hint 5)',
  }, async ({ rng, run }) => {
    const features = rng.int(1, 4);
    const { rnn, spec } = randomRnn(rng, features, { numLayers: rng.int(1, 3), bidirectional: rng.next() < 0.5 });
    const values = randomValues(rng, unsortedLengths(rng, rng.int(2, 5), 6), features);
    expectClose(expectTensor(await run(packingProbe, { fn: 'runEachAlone', rnn: spec, sequences: values }), 'runEachAlone(...)'), alone(rnn, values).hN, { ...TOL, name: 'runEachAlone(...)' });
  });
});

group('questions', {}, () => {
  check('whatGoesWrongWithoutPacking', { points: 1, hint: 'run npm run ex -- 09 and look at which sequence is still right without packing (README hint 6)' }, async ({ run }) => {
    expectChoice('whatGoesWrongWithoutPacking', await run(questionProbe, 'whatGoesWrongWithoutPacking'), 'b');
  });
  check('whatEnforceSortedFalseDoes', { points: 1, hint: 'what must happen to unsorted lengths before packing, and to the results after? (README hint 6)' }, async ({ run }) => {
    expectChoice('whatEnforceSortedFalseDoes', await run(questionProbe, 'whatEnforceSortedFalseDoes'), 'a');
  });
});
