// Graded suite of exercise 02 (hidden-state shapes): predicted shapes must be the ones the library's
// nn.RNN really returns, for note 002's exercise and for random configurations; the last layer's final
// states must match the matching time steps of output; the typed answers and choices are checked
// without revealing the right answer.
//
// The judge runs the library's nn.RNN here for the true shapes and states; the probes call the
// learner's functions with plain configurations (h_n goes over as nested arrays and is rebuilt as a
// tensor there) and send back what they returned.
import { cat, manualSeed, nn, zeros, type Tensor } from '../../lib/index.ts';
import { check, expectChoice, expectClose, expectEqual, expectShape, expectTrue, expectValueAnswer, fail, group, kindOf, Opaque, type CheckContext, type Rng, type SandboxContext } from '../kit/index.ts';

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

/**
 * A typed answer (shapes, axis names) judged like the kit's value questions: a wrong one hears what the
 * answer is about and where it is taught, never the right answer.
 */
function expectAnswer(got: unknown, right: unknown, question: { name: string; idea: string; lesson: string }): void {
  expectTrue(JSON.stringify(got) === JSON.stringify(right), `${question.name}: ${shown(got)} is not it. ${question.idea} (see ${question.lesson})`);
}

/** How many numbers the library's nn.RNN of this configuration learns (every parameter tensor's size, added up). */
function libraryParameterCount(c: Config): number {
  return libraryRnn(c).parameters().reduce((sum, p) => sum + p.numel(), 0);
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
    hint: [
      'batchFirst decides only the order of the batch and time axes of the input; the feature axis stays last (see lessons/03-nn-rnn-shapes §3)',
      'batchFirst: false is the default: time first, then batch (README hint 1)',
    ],
  }, async ({ run }) => {
    const timeMajor = { ...NOTE, batchFirst: false, batch: 3, seqLen: 7 };
    const [first, second] = await callShapes(run, 'inputShape', [NOTE, timeMajor]);
    expectEqual(first, [8, 20, 5], `inputShape(${describeConfig(NOTE)})`);
    expectEqual(second, [7, 3, 5], `inputShape(${describeConfig(timeMajor)})`);
  });

  check("predictShapes: note 002's exercise, then bidirectional, then batchFirst off", {
    points: 2,
    hint: [
      'output holds the last layer at every time step; h_n holds every layer and direction after the last step (see lessons/03-nn-rnn-shapes §1 and §4)',
      'output: batch and time as in the input, last axis D · hidden; h_n: (numLayers · D, batch, hidden) whatever batchFirst is (README hint 2)',
    ],
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
    hint: [
      'the same two rules hold for any number of layers, either direction count, either layout and any batch or length, one included (see lessons/03-nn-rnn-shapes §4)',
      'compare your prediction with what nn.RNN returns for 3 layers, bidirectional, batchFirst off and a batch of one, in npm run ex -- 02 (README hint 2)',
    ],
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
    hint: [
      'measure instead of predicting: build the RNN the configuration describes, feed it a batch of the right shape and read the shapes it returns (see lessons/03-nn-rnn-shapes §2)',
      'every option of the configuration goes into the RNN, and the input has the shape inputShape gives (README hint 3)',
      'new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst, bidirectional }), then forward(zeros(inputShape(config))) (README code hint 3)',
    ],
  }, async ({ run }) => {
    const configs = [NOTE, { ...NOTE, bidirectional: true }];
    const results = await callShapes(run, 'measureShapes', configs);
    configs.forEach((config, k) => {
      expectEqual(readShapes(results[k], 'measureShapes'), libraryRun(config).shapes, `measureShapes(${describeConfig(config)})`);
    });
  });

  check('measureShapes on random configurations', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'measure instead of predicting: every option of the configuration must reach the RNN, and the input must have the shape inputShape gives (see lessons/03-nn-rnn-shapes §1)',
      'numLayers, batchFirst and bidirectional all go into the options of nn.RNN; report copies of the shapes it returns (README hint 3)',
    ],
  }, async ({ rng, run }) => {
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
    hint: [
      "h_n's row for (layer, direction) is layer · D + direction; the backward direction ends at the first time step (see lessons/03-nn-rnn-shapes §5)",
      'the last layer is numLayers - 1; with two directions its forward and backward rows go side by side, forward first (README hint 4)',
      'hN.select(0, (numLayers - 1) * D + direction) for each direction, then cat([...], 1) (README code hint 4)',
    ],
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

  check('random configurations, one or two directions', {
    points: 2,
    visibility: 'hidden',
    hint: [
      "h_n's row for (layer, direction) is layer · D + direction, for any number of layers (see lessons/03-nn-rnn-shapes §5)",
      'with one direction the result is a single row of h_n; with two, the forward row then the backward row of the last layer (README hint 4)',
    ],
  }, async ({ rng, run }) => {
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
  const LESSON = 'lessons/03-nn-rnn-shapes';
  check('output and h_n of the batchFirst RNN', {
    points: 1,
    hint: [
      `output: batch and time as in the input, last axis D · hidden; h_n: (numLayers · D, batch, hidden) (see ${LESSON} §4)`,
      'apply the rule of hint 2 to the RNN of note 002 and its batch (8, 20, 5) (README hint 5)',
    ],
  }, async ({ run }) => {
    const got = await run(answerProbe, 'answerBatchFirst');
    expectAnswer(readShapes(got, 'answerBatchFirst()'), libraryRun(NOTE).shapes, {
      name: 'answerBatchFirst()',
      idea: 'Output is the last layer at every step, (batch, time, D · hidden) with batchFirst; h_n is (numLayers · D, batch, hidden).',
      lesson: `${LESSON} §4`,
    });
  });

  check('output and h_n with bidirectional', {
    points: 1,
    hint: [
      `bidirectional doubles the feature axis of output and gives h_n one row per layer and direction (see ${LESSON} §4)`,
      'two layers and two directions: how many rows does h_n get, and how wide is each? (README hint 5)',
    ],
  }, async ({ run }) => {
    const got = await run(answerProbe, 'answerBidirectional');
    expectAnswer(readShapes(got, 'answerBidirectional()'), libraryRun({ ...NOTE, bidirectional: true }).shapes, {
      name: 'answerBidirectional()',
      idea: 'With two directions output puts both h_t side by side on its last axis, and h_n gets one row per layer and direction, each still hidden wide.',
      lesson: `${LESSON} §4`,
    });
  });

  check('output and h_n when the same (8, 20, 5) tensor goes into a batchFirst: false RNN', {
    points: 1,
    hint: [
      `without batchFirst the RNN reads axis 0 as time and axis 1 as batch, whatever the numbers meant to you (see ${LESSON} §3)`,
      'the tensor (8, 20, 5) is read as 8 time steps of a batch of 20 (README hint 5)',
    ],
  }, async ({ run }) => {
    const sameTensorTimeMajor: Config = { ...NOTE, batchFirst: false, seqLen: 8, batch: 20 };
    const got = await run(answerProbe, 'answerTimeMajor');
    expectAnswer(readShapes(got, 'answerTimeMajor()'), libraryRun(sameTensorTimeMajor).shapes, {
      name: 'answerTimeMajor()',
      idea: 'A batchFirst: false RNN reads axis 0 of its input as time and axis 1 as batch, and h_n keeps the batch on its second axis.',
      lesson: `${LESSON} §3`,
    });
  });

  check('what each axis of output and h_n means', {
    points: 1,
    hint: [
      `output is the last layer at every step of every sample; h_n is every layer after the last step (see ${LESSON} §1 and §2)`,
      "the input (8, 20, 5) is ['batch', 'time', 'inputFeature']: name each axis of output and h_n the same way (README hint 6)",
    ],
  }, async ({ run }) => {
    expectAnswer(await run(answerProbe, 'axesOfOutput'), ['batch', 'time', 'hidden'], {
      name: 'axesOfOutput()',
      idea: 'Output keeps the batch and time axes of a batchFirst input and replaces the input features with the hidden features.',
      lesson: `${LESSON} §2`,
    });
    expectAnswer(await run(answerProbe, 'axesOfHN'), ['layer', 'batch', 'hidden'], {
      name: 'axesOfHN()',
      idea: 'h_n has no time axis: it is one final state per layer (and direction), for every sample.',
      lesson: `${LESSON} §4`,
    });
  });

  check('what each axis of output means with batchFirst: false', {
    points: 1,
    hint: [
      `batchFirst changes the order of the batch and time axes of output, not what they mean (see ${LESSON} §3)`,
      'name the axes of output for the time-major layout (README hint 6)',
    ],
  }, async ({ run }) => {
    expectAnswer(await run(answerProbe, 'axesOfTimeMajorOutput'), ['time', 'batch', 'hidden'], {
      name: 'axesOfTimeMajorOutput()',
      idea: 'Without batchFirst, output has the layout of its input: time first, then batch, then the hidden features.',
      lesson: `${LESSON} §3`,
    });
  });

  check('how many numbers the RNN of note 002 learns', {
    points: 1,
    hint: [
      `every layer has weight_ih (H, in), weight_hh (H, H) and two biases of H; the second layer's input is the first layer's output (see ${LESSON} §6)`,
      'add up the sizes of the 8 parameter tensors of the 2-layer RNN(5, 16), as the lesson does for RNN(10, 20) (README hint 8)',
    ],
  }, async ({ run }) => {
    expectValueAnswer(await run(answerProbe, 'parameterCount'), {
      name: 'parameterCount',
      expected: libraryParameterCount(NOTE),
      idea: 'It is the number of weights and biases of nn.RNN(5, 16, { numLayers: 2 }) added up over every parameter tensor.',
      lesson: `${LESSON} §6`,
    });
  });

  check('how many numbers the same RNN learns with bidirectional', {
    points: 1,
    hint: [
      `each direction of each layer has its own four parameters, and a layer above a bidirectional one reads 2H features (see ${LESSON} §6)`,
      'count the parameters of one direction per layer, double them, and mind the input width of the second layer (README hint 8)',
    ],
  }, async ({ run }) => {
    expectValueAnswer(await run(answerProbe, 'parameterCountBidirectional'), {
      name: 'parameterCountBidirectional',
      expected: libraryParameterCount({ ...NOTE, bidirectional: true }),
      idea: 'It is the number of weights and biases of the 2-layer bidirectional RNN(5, 16): both directions of both layers, the second layer reading both directions of the first.',
      lesson: `${LESSON} §6`,
    });
  });

  check('why h_n.shape[0] == 2', {
    points: 1,
    hint: [
      `h_n has one row per layer and direction (see ${LESSON} §4)`,
      'run npm run ex -- 02 and compare the rows of h_n for one and two layers (README hint 7)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(answerProbe, 'whyHNHasTwoRows'), {
      name: 'whyHNHasTwoRows',
      answer: 'b',
      misses: {
        a: 'nn.RNN reads in one direction unless bidirectional is set, and this RNN does not set it',
        c: 'h_n holds only the state after the last step; the states of every step are in output',
        d: 'the batch is one axis of h_n (its second); it is never split into parts',
      },
      lesson: `${LESSON} §4`,
    });
  });

  check('what bidirectional changes in the shapes', {
    points: 1,
    hint: [
      `the backward direction reads the same time steps in the other order and keeps its own hidden state of the same size (see ${LESSON} §4)`,
      'look at the rows with and without bidirectional in the table of npm run ex -- 02 (README hint 7)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(answerProbe, 'whatChangesWithBidirectional'), {
      name: 'whatChangesWithBidirectional',
      answer: 'c',
      misses: {
        a: 'both directions visit the same 20 time steps, so the time axis keeps its length; their states sit side by side at each step',
        b: 'a second direction means a second hidden state at every step and a second final state per layer, and the shapes show it',
        d: 'h_n keeps one row per layer and direction, each of the hidden size; the two directions are never joined inside h_n',
      },
      lesson: `${LESSON} §4`,
    });
  });

  check('what h_n[-1] is in the 2-layer bidirectional RNN', {
    points: 1,
    hint: [
      `h_n's rows are ordered layer · D + direction, and the backward direction ends at the first time step (see ${LESSON} §5)`,
      'with 2 layers and 2 directions the rows are [layer 0 forward, layer 0 backward, layer 1 forward, layer 1 backward] (README hints 4 and 7)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(answerProbe, 'whatIsLastRowOfBidirectionalHN'), {
      name: 'whatIsLastRowOfBidirectionalHN',
      answer: 'd',
      misses: {
        a: 'each row of h_n is one direction of one layer, hidden wide; joining the two directions is your job (finalStatesOfLastLayer)',
        b: "the rows are ordered layer · D + direction, so the last layer's forward row is not the last row",
        c: 'the rows start with the first layer, so the last row belongs to the last layer',
      },
      lesson: `${LESSON} §5`,
    });
  });
});
