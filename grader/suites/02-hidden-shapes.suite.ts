// Graded suite of exercise 02 (hidden-state shapes): predicted shapes must be the ones the library's
// nn.RNN really returns, for note 002's exercise and for random configurations; the last layer's final
// states must match the matching time steps of output; the typed answers and choices are checked
// without revealing the right answer.
//
// The judge runs the library's nn.RNN here for the true shapes and states; the probes call the
// learner's functions with plain configurations (h_n goes over as nested arrays and is rebuilt as a
// tensor there) and send back what they returned.
import { cat, manualSeed, nn, zeros, type Tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, kindOf, Opaque, type CheckContext, type Rng, type SandboxContext } from '../kit/index.ts';

interface Config {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  batchFirst: boolean;
  bidirectional: boolean;
  batch: number;
  seqLen: number;
}

interface Shapes {
  output: number[];
  hN: number[];
}

/** Note 002's exercise 1: nn.RNN(input_size=5, hidden_size=16, num_layers=2, batch_first=True) on (8, 20, 5). */
const NOTE: Config = { inputSize: 5, hiddenSize: 16, numLayers: 2, batchFirst: true, bidirectional: false, batch: 8, seqLen: 20 };

function describeConfig(c: Config): string {
  return `{ inputSize: ${c.inputSize}, hiddenSize: ${c.hiddenSize}, numLayers: ${c.numLayers}, batchFirst: ${c.batchFirst}, ` +
    `bidirectional: ${c.bidirectional}, batch: ${c.batch}, seqLen: ${c.seqLen} }`;
}

function randomConfig(rng: Rng): Config {
  return {
    inputSize: rng.int(1, 7),
    hiddenSize: rng.int(1, 9),
    numLayers: rng.int(1, 4),
    batchFirst: rng.next() < 0.5,
    bidirectional: rng.next() < 0.5,
    batch: rng.int(1, 5),
    seqLen: rng.int(1, 7),
  };
}

function layoutOf(c: Config): number[] {
  return c.batchFirst ? [c.batch, c.seqLen, c.inputSize] : [c.seqLen, c.batch, c.inputSize];
}

function libraryRnn(c: Config): nn.RNN {
  return new nn.RNN(c.inputSize, c.hiddenSize, { numLayers: c.numLayers, batchFirst: c.batchFirst, bidirectional: c.bidirectional });
}

/** What the library's nn.RNN really returns for this configuration, and the tensors themselves. */
function libraryRun(c: Config, input?: Tensor): { shapes: Shapes; output: Tensor; hN: Tensor } {
  const [output, hN] = libraryRnn(c).forward(input ?? zeros(layoutOf(c)));
  return { shapes: { output: [...output.shape], hN: [...hN.shape] }, output, hN };
}

/** A value the submission returned, for a visible check's message (Opaque markers name only the class). */
function shown(value: unknown): string {
  if (value instanceof Opaque) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? text.slice(0, 120) + '…' : text;
}

/** The submission's ShapePair as plain arrays, or a failure saying what came back instead (only its kind in hidden checks). */
function readShapes(value: unknown, what: string, hidden = false): Shapes {
  const pair = value as Partial<Shapes> | null;
  const isShape = (s: unknown) => Array.isArray(s) && s.every((d) => typeof d === 'number');
  if (typeof pair !== 'object' || pair === null || !isShape(pair.output) || !isShape(pair.hN)) {
    fail(`${what} should return { output: number[], hN: number[] }, got ${hidden ? kindOf(value, true) : shown(value)}`);
  }
  return { output: [...(pair.output as number[])], hN: [...(pair.hN as number[])] };
}

function expectAnswer(got: unknown, right: unknown, what: string): void {
  expectTrue(JSON.stringify(got) === JSON.stringify(right), `${what}: ${shown(got)} is not the right answer (the right one is not shown)`);
}

function expectChoice(got: unknown, right: string, what: string): void {
  expectTrue(['a', 'b', 'c', 'd'].includes(got as string), `${what} should return 'a', 'b', 'c' or 'd', got ${shown(got)}`);
  expectAnswer(got, right, what);
}

/** The last layer's final state read from output: forward at the last step, backward at the first. */
function finalStatesFromOutput(c: Config, output: Tensor): Tensor {
  const timeAxis = c.batchFirst ? 1 : 0;
  const forward = output.select(timeAxis, c.seqLen - 1).narrow(1, 0, c.hiddenSize);
  if (!c.bidirectional) return forward;
  const backward = output.select(timeAxis, 0).narrow(1, c.hiddenSize, c.hiddenSize);
  return cat([forward, backward], 1);
}

// ---- probes (they run in the submission's process and may use only their two arguments) ----

/** Calls `fn` of `file` once per argument list in `calls`, in order, and returns every result. */
const callEach = async ({ load }: SandboxContext, input: { file: string; fn: string; calls: unknown[][] }) => {
  const module = await load(input.file);
  return input.calls.map((args) => module[input.fn](...args));
};

/** finalStatesOfLastLayer on each h_n (sent as nested arrays, rebuilt as a tensor). */
const finalStatesProbe = async ({ load, lib }: SandboxContext, cases: { hN: number[][][]; numLayers: number; bidirectional: boolean }[]) => {
  const { finalStatesOfLastLayer } = await load('shapes.ts');
  return cases.map(({ hN, numLayers, bidirectional }) => finalStatesOfLastLayer(lib.tensor(hN), numLayers, bidirectional));
};

/** The results of `fn(...args)` for each call, checked to be one per call. */
async function callShapes(run: CheckContext['run'], fn: string, configs: Config[]): Promise<unknown[]> {
  const results = await run(callEach, { file: 'shapes.ts', fn, calls: configs.map((c) => [c]) });
  expectTrue(Array.isArray(results) && results.length === configs.length, `the results of ${fn} could not be read back`);
  return results as unknown[];
}

/** What the answer function `fn` of questions.ts returns. */
const answerProbe = async ({ load }: SandboxContext, fn: string) => (await load('questions.ts'))[fn]();

group('shapes', {}, () => {
  check('inputShape: (batch, seq, input) with batchFirst, (seq, batch, input) without', {
    points: 1,
    hint: 'batchFirst: false is the default layout: time first (README hint 1)',
  }, async ({ run }) => {
    const timeMajor = { ...NOTE, batchFirst: false, batch: 3, seqLen: 7 };
    const [first, second] = await callShapes(run, 'inputShape', [NOTE, timeMajor]);
    expectEqual(first, [8, 20, 5], `inputShape(${describeConfig(NOTE)})`);
    expectEqual(second, [7, 3, 5], `inputShape(${describeConfig(timeMajor)})`);
  });

  check("predictShapes: note 002's exercise, then bidirectional, then batchFirst off", {
    points: 2,
    hint: 'output: the last layer at every step, last axis D · hidden; h_n: (numLayers · D, batch, hidden) whatever batchFirst is (README hint 2)',
  }, async ({ run }) => {
    const configs = [NOTE, { ...NOTE, bidirectional: true }, { ...NOTE, batchFirst: false, batch: 20, seqLen: 8 }];
    const results = await callShapes(run, 'predictShapes', configs);
    configs.forEach((config, k) => {
      const predicted = readShapes(results[k], 'predictShapes');
      expectEqual(predicted, libraryRun(config).shapes, `predictShapes(${describeConfig(config)}) against what nn.RNN returns`);
    });
  });

  check('predictShapes agrees with nn.RNN on 12 random configurations', {
    points: 3,
    visibility: 'hidden',
    hint: 'try 3 layers, bidirectional, batchFirst off and a batch of one with npm run ex -- 02 (README hint 2)',
  }, async ({ rng, run }) => {
    const configs = Array.from({ length: 12 }, () => randomConfig(rng));
    const results = await callShapes(run, 'predictShapes', configs);
    configs.forEach((config, k) => {
      const predicted = readShapes(results[k], 'predictShapes', true);
      const actual = libraryRun(config).shapes;
      // Only numbers of the submission's appear in the message (readShapes checked them).
      expectTrue(JSON.stringify(predicted) === JSON.stringify(actual),
        `predictShapes(${describeConfig(config)}) returned ${JSON.stringify(predicted)}, which is not what nn.RNN returns`);
    });
  });

  check("measureShapes runs nn.RNN on note 002's configuration", {
    points: 1,
    hint: 'new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst, bidirectional }), then forward(zeros(inputShape(config))) (README hint 3)',
  }, async ({ run }) => {
    const configs = [NOTE, { ...NOTE, bidirectional: true }];
    const results = await callShapes(run, 'measureShapes', configs);
    configs.forEach((config, k) => {
      expectEqual(readShapes(results[k], 'measureShapes'), libraryRun(config).shapes, `measureShapes(${describeConfig(config)})`);
    });
  });

  check('measureShapes on random configurations', { points: 1, visibility: 'hidden' }, async ({ rng, run }) => {
    const configs = Array.from({ length: 6 }, () => randomConfig(rng));
    const results = await callShapes(run, 'measureShapes', configs);
    configs.forEach((config, k) => {
      const measured = readShapes(results[k], 'measureShapes', true);
      expectTrue(JSON.stringify(measured) === JSON.stringify(libraryRun(config).shapes),
        `measureShapes(${describeConfig(config)}) returned ${JSON.stringify(measured)}, which is not what nn.RNN returns`);
    });
  });
});

group('finalStatesOfLastLayer', {}, () => {
  check('2 layers, bidirectional: forward state of the last step next to backward state of the first step', {
    points: 2,
    hint: "h_n's row for (layer, direction) is layer · D + direction; concatenate the last layer's forward and backward rows along dim 1 (README hint 4)",
  }, async ({ run }) => {
    const config: Config = { inputSize: 2, hiddenSize: 5, numLayers: 2, batchFirst: true, bidirectional: true, batch: 3, seqLen: 4 };
    // Seeding and the run stay synchronous, so no other check's use of the global generator comes between.
    manualSeed(2);
    const input = zeros(layoutOf(config)).add(0.5);
    const { output, hN } = libraryRun(config, input);
    const expected = finalStatesFromOutput(config, output);
    const [got] = await run(finalStatesProbe, [{ hN: hN.toArray() as number[][][], numLayers: config.numLayers, bidirectional: config.bidirectional }]);
    expectShape(got, [3, 10], 'finalStatesOfLastLayer(hN, 2, true)');
    expectClose(got, expected, { atol: 1e-12, rtol: 0, name: 'finalStatesOfLastLayer(hN, 2, true)' });
  });

  check('random configurations, one or two directions', { points: 2, visibility: 'hidden' }, async ({ rng, run }) => {
    const cases: { config: Config; hN: Tensor; expected: Tensor }[] = [];
    for (let trial = 0; trial < 6; trial++) {
      // Both layouts, at least two steps so the first and last steps differ, and both directions in turn.
      const config = { ...randomConfig(rng), seqLen: rng.int(2, 6), bidirectional: trial % 2 === 0 };
      manualSeed(rng.int(0, 1_000_000));
      const input = zeros(layoutOf(config)).add(rng.uniform(-1, 1));
      const { output, hN } = libraryRun(config, input);
      cases.push({ config, hN, expected: finalStatesFromOutput(config, output) });
    }
    const got = await run(finalStatesProbe, cases.map(({ config, hN }) => ({ hN: hN.toArray() as number[][][], numLayers: config.numLayers, bidirectional: config.bidirectional })));
    expectTrue(Array.isArray(got) && got.length === cases.length, 'the results of finalStatesOfLastLayer could not be read back');
    cases.forEach(({ config, expected }, k) => {
      expectClose(got[k], expected, { atol: 1e-12, rtol: 0, name: `finalStatesOfLastLayer for ${describeConfig(config)}` });
    });
  });
});

group('answers', {}, () => {
  check('output and h_n of the batchFirst RNN', { points: 1, hint: 'README hint 5' }, async ({ run }) => {
    const got = await run(answerProbe, 'answerBatchFirst');
    expectAnswer(readShapes(got, 'answerBatchFirst()'), libraryRun(NOTE).shapes, 'answerBatchFirst()');
  });

  check('output and h_n with bidirectional', { points: 1, hint: 'two layers and two directions: how many rows does h_n get? (README hint 5)' }, async ({ run }) => {
    const got = await run(answerProbe, 'answerBidirectional');
    expectAnswer(readShapes(got, 'answerBidirectional()'), libraryRun({ ...NOTE, bidirectional: true }).shapes, 'answerBidirectional()');
  });

  check('output and h_n when the same (8, 20, 5) tensor goes into a batchFirst: false RNN', {
    points: 1,
    hint: 'without batchFirst the RNN reads axis 0 as time (README hint 5)',
  }, async ({ run }) => {
    const sameTensorTimeMajor: Config = { ...NOTE, batchFirst: false, seqLen: 8, batch: 20 };
    const got = await run(answerProbe, 'answerTimeMajor');
    expectAnswer(readShapes(got, 'answerTimeMajor()'), libraryRun(sameTensorTimeMajor).shapes, 'answerTimeMajor()');
  });

  check('what each axis of output and h_n means', { points: 1, hint: 'README hint 6' }, async ({ run }) => {
    expectAnswer(await run(answerProbe, 'axesOfOutput'), ['batch', 'time', 'hidden'], 'axesOfOutput()');
    expectAnswer(await run(answerProbe, 'axesOfHN'), ['layer', 'batch', 'hidden'], 'axesOfHN()');
  });

  check('what each axis of output means with batchFirst: false', { points: 1, hint: 'README hint 6' }, async ({ run }) => {
    expectAnswer(await run(answerProbe, 'axesOfTimeMajorOutput'), ['time', 'batch', 'hidden'], 'axesOfTimeMajorOutput()');
  });

  check('why h_n.shape[0] == 2', { points: 1, hint: 'README hint 7' }, async ({ run }) => {
    expectChoice(await run(answerProbe, 'whyHNHasTwoRows'), 'b', 'whyHNHasTwoRows()');
  });

  check('what bidirectional changes in the shapes', { points: 1, hint: 'README hint 7' }, async ({ run }) => {
    expectChoice(await run(answerProbe, 'whatChangesWithBidirectional'), 'c', 'whatChangesWithBidirectional()');
  });

  check('what h_n[-1] is in the 2-layer bidirectional RNN', { points: 1, hint: 'README hint 4 and 7' }, async ({ run }) => {
    expectChoice(await run(answerProbe, 'whatIsLastRowOfBidirectionalHN'), 'd', 'whatIsLastRowOfBidirectionalHN()');
  });
});
