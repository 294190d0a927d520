// Graded suite of exercise 07 (exploding gradients and clipping): the learner's total gradient norm
// against the formula, their clipping (own code or utils.clipGradNorm_) against its defining
// properties (norm at most maxNorm, one common factor, the norm before returned), their large
// initialisation by its statistics, and their training loop by what SGD with and without clipping
// must do to the parameters — on small models so the whole suite takes a few seconds.
//
// The judge draws every model's weights itself and hands them to the probe as a state dict; the
// probe loads them into the learner's DeepRNNRegressor, runs the learner's code and sends back
// numbers, gradients and the parameters after training. The reference loss and gradient come from
// this file's copy of the (given, not graded) model, built from the library.
import { Generator, Tensor, manualSeed, nn, noGrad, tensor, type NestedArray } from '../../lib/index.ts';
import { check, expectClose, expectShape, expectTrue, fail, group, type Rng, type SandboxContext } from '../kit/index.ts';

function expectNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') fail(`\`${name}\` should be a number, got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** A parameter as the probe builds it: its shape and the gradient already in place (null: none). */
interface GradParam {
  shape: number[];
  grad: NestedArray | null;
}

const flatten = (value: unknown): number[] => (Array.isArray(value) ? value.flatMap(flatten) : [value as number]);

function randomGradParams(rng: Rng, scale: number): GradParam[] {
  const count = rng.int(3, 6);
  const params: GradParam[] = Array.from({ length: count }, () => {
    const shape = rng.next() < 0.5 ? [rng.int(1, 6)] : [rng.int(1, 5), rng.int(1, 6)];
    return { shape, grad: rng.normalArray(shape, 0, scale) as NestedArray };
  });
  params.splice(rng.int(0, count), 0, { shape: [3], grad: null }); // a parameter that got no gradient
  return params;
}

const gradsOf = (params: GradParam[]): (number[] | null)[] => params.map((p) => (p.grad === null ? null : flatten(p.grad)));

const normOf = (grads: (number[] | null)[]): number => Math.sqrt(grads.reduce((sum, g) => sum + (g ? g.reduce((s, v) => s + v * v, 0) : 0), 0));

/**
 * Probe: builds leaves with the given gradients (as after backward()), calls totalGradNorm or
 * clipGradients on them and returns what it returned and every gradient afterwards.
 */
const clippingProbe = async ({ load, lib }: SandboxContext, input: { fn: 'totalGradNorm' | 'clipGradients'; params: GradParam[]; maxNorm?: number }) => {
  const clipping = await load('clipping.ts');
  const params = input.params.map(({ shape, grad }) => {
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    const t = lib.tensor(new Array(size).fill(0.5)).reshape(shape);
    t.requiresGrad = true;
    t.grad = grad === null ? null : lib.tensor(grad).reshape(shape);
    return t;
  });
  const returned = input.fn === 'totalGradNorm' ? clipping.totalGradNorm(params) : clipping.clipGradients(params, input.maxNorm);
  return { returned, grads: params.map((p: { grad: { data: Float64Array } | null }) => (p.grad ? Array.from(p.grad.data) : null)) };
};

/** Reads the probe's gradients back, checking their form against the parameters sent. */
function returnedGrads(result: { grads?: unknown }, sent: GradParam[]): (number[] | null)[] {
  const grads = result.grads;
  expectTrue(Array.isArray(grads) && grads.length === sent.length, 'the parameters\' gradients could not be read back after the call');
  return (grads as unknown[]).map((g, k) => {
    if (g === null) return null;
    expectShape(g, [flatten(sent[k].grad ?? []).length], `gradient ${k}`);
    return g as number[];
  });
}

interface Sizes {
  hiddenSize: number;
  numLayers: number;
}

interface Data {
  inputs: number[][][];
  targets: number[];
}

type StateDict = Record<string, NestedArray>;

/** Random sequences (samples, seqLen, 1) whose target is their last value, as in the exercise. */
function randomData(rng: Rng, samples: number, seqLen: number): Data {
  const values = rng.normalArray([samples, seqLen, 1]) as number[][][];
  return { inputs: values, targets: values.map((s) => s[seqLen - 1][0]) };
}

/** The exercise's given model, rebuilt from the library: same parameter names, same forward. */
class ReferenceRegressor extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor({ hiddenSize, numLayers }: Sizes) {
    super();
    this.rnn = new nn.RNN(1, hiddenSize, { numLayers, batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, 1);
  }

  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x);
    return this.fc.forward(hN.select(0, -1)).squeeze(-1);
  }
}

/**
 * A small model's weights, recurrent weights from N(0, std²) drawn here (std null: the default init).
 * Synchronous from manualSeed to the last draw: no other exercise's judge can use the global
 * generator in between.
 */
function smallModelState(rng: Rng, sizes: Sizes, std: number | null): StateDict {
  manualSeed(rng.int(0, 1_000_000));
  const net = new ReferenceRegressor(sizes);
  if (std !== null) {
    const generator = new Generator(rng.int(0, 1_000_000));
    for (const [name, p] of net.namedParameters()) if (name.startsWith('rnn.weight')) nn.init.normal_(p, 0, std, { generator });
  }
  return net.stateDict() as StateDict;
}

function referenceModel(sizes: Sizes, state: StateDict): ReferenceRegressor {
  const net = new ReferenceRegressor(sizes);
  net.loadStateDict(state);
  return net;
}

/** The MSE loss and its gradient norm at these weights. */
function referenceLossAndNorm(sizes: Sizes, state: StateDict, data: Data): { loss: number; norm: number } {
  const net = referenceModel(sizes, state);
  const loss = new nn.MSELoss().forward(net.forward(tensor(data.inputs)), tensor(data.targets));
  loss.backward();
  return { loss: loss.item(), norm: normOf(net.parameters().map((p) => (p.grad ? Array.from(p.grad.data) : null))) };
}

/**
 * Probe: the learner's DeepRNNRegressor with the judge's weights, then measureGradNorms or train
 * on the data given. Returns what the function returned, the gradients left in the model (by
 * parameter name) and the model's weights afterwards.
 */
const experimentProbe = async ({ load, lib }: SandboxContext, input: {
  fn: 'measureGradNorms' | 'train'; sizes: { hiddenSize: number; numLayers: number }; state: Record<string, unknown>;
  data: { inputs: number[][][]; targets: number[] }; maxNorm?: number; options?: { epochs: number; lr: number; maxNorm: number | null };
}) => {
  const { DeepRNNRegressor } = await load('model.ts');
  const experiment = await load('experiment.ts');
  const net = new DeepRNNRegressor({ inputSize: 1, ...input.sizes });
  net.loadStateDict(input.state);
  const data = { inputs: lib.tensor(input.data.inputs), targets: lib.tensor(input.data.targets) };
  const result = input.fn === 'measureGradNorms' ? experiment.measureGradNorms(net, data, input.maxNorm) : experiment.train(net, data, input.options);
  const grads: Record<string, number[] | null> = {};
  const state: Record<string, unknown> = {};
  for (const [name, p] of net.namedParameters() as [string, { grad: { data: Float64Array } | null; toArray(): unknown }][]) {
    grads[name] = p.grad ? Array.from(p.grad.data) : null;
    state[name] = p.toArray();
  }
  return { result, grads, state };
};

/** The model's weights after the call, in the judge's parameter order, checked against the shapes sent. */
function returnedState(returned: { state?: unknown }, sent: StateDict): number[] {
  const state = returned.state as Record<string, unknown> | undefined;
  expectTrue(state !== null && typeof state === 'object', 'the model\'s parameters could not be read back after the call');
  return Object.entries(sent).flatMap(([name, value]) => {
    expectTrue(Object.prototype.hasOwnProperty.call(state, name), 'the model lost one of its parameters during the call; was it rebuilt?');
    expectShape(state![name], tensor(value).shape, `model parameter ${name}`);
    return flatten(state![name]);
  });
}

const distance = (a: number[], b: number[]): number => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));

function finiteLosses(losses: unknown, epochs: number): number[] {
  if (!Array.isArray(losses)) fail(`train(...) should return an array of losses, got ${losses === null ? 'null' : typeof losses}`);
  expectTrue(losses.length === epochs, `train(...) returned ${losses.length} losses for ${epochs} epochs; expected one per epoch`);
  expectTrue(losses.every((l) => typeof l === 'number'), 'train(...) returned something that is not a number among the losses');
  return losses as number[];
}

const questionProbe = async ({ load }: SandboxContext, name: string) => (await load('questions.ts'))[name]();

/** A multiple-choice answer, judged without revealing the right letter. */
function expectChoice(name: string, answer: unknown, correct: string): void {
  expectTrue(['a', 'b', 'c', 'd'].includes(answer as string), `${name}() should return 'a', 'b', 'c' or 'd', got ${typeof answer === 'string' ? JSON.stringify(answer) : String(answer)}`);
  expectTrue(answer === correct, `${name}(): '${String(answer)}' is not the right answer`);
}

// Training runs the learner's loop in the probe: allow it more than the default 10 s.
const TRAIN_TIMEOUT = 60_000;

group('totalGradNorm', {}, () => {
  check('gradients [3, 0] and [[0, 4]] plus a parameter without gradient give 5', {
    points: 1,
    hint: 'square every entry of every p.grad, add them ALL up, take one square root; skip p.grad === null (README hint 2)',
  }, async ({ run }) => {
    const params: GradParam[] = [{ shape: [2], grad: [3, 0] }, { shape: [1, 2], grad: [[0, 4]] }, { shape: [2], grad: null }];
    const result = await run(clippingProbe, { fn: 'totalGradNorm', params });
    expectClose(expectNumber(result.returned, 'totalGradNorm(params)'), 5, { atol: 1e-12, rtol: 1e-12, name: 'totalGradNorm(params)' });
  });

  check('random gradients over several parameters match √(Σ g²)', {
    points: 2,
    visibility: 'hidden',
    hint: 'not the sum of per-parameter norms: one square root over all squared entries (README hint 2)',
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 3; trial++) {
      const params = randomGradParams(rng, rng.uniform(0.1, 10));
      const before = gradsOf(params);
      const result = await run(clippingProbe, { fn: 'totalGradNorm', params });
      expectClose(expectNumber(result.returned, 'totalGradNorm(params)'), normOf(before), { atol: 1e-12, rtol: 1e-12, name: 'totalGradNorm(params)' });
      const after = returnedGrads(result, params);
      expectTrue(after.every((g, k) => (g === null ? before[k] === null : before[k] !== null && g.every((v, i) => v === before[k]![i]))), 'totalGradNorm changed the gradients');
    }
  });
});

group('clipGradients', {}, () => {
  check('above the limit: norm at most maxNorm, every gradient scaled by the same factor, returns the norm before', {
    points: 2,
    visibility: 'hidden',
    hint: 'coef = min(1, maxNorm / (total + 1e-6)), then every p.grad.data[i] *= coef; return total (README hint 3)',
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 3; trial++) {
      const params = randomGradParams(rng, rng.uniform(2, 50));
      const maxNorm = rng.uniform(0.3, 1.5);
      const original = gradsOf(params);
      const total = normOf(original);
      const result = await run(clippingProbe, { fn: 'clipGradients', params, maxNorm });
      const returned = expectNumber(result.returned, 'clipGradients(params, maxNorm)');
      expectClose(returned, total, { atol: 1e-9, rtol: 1e-9, name: 'the norm returned by clipGradients (before clipping)' });
      const grads = returnedGrads(result, params);
      const after = normOf(grads);
      expectTrue(after <= maxNorm + 1e-6, 'after clipGradients the total gradient norm is above maxNorm');
      expectTrue(after >= maxNorm * (1 - 1e-5), 'clipGradients shrank the gradient further than to maxNorm');
      const coef = maxNorm / total;
      grads.forEach((grad, k) => {
        const before = original[k];
        if (before === null) return expectTrue(grad === null, 'clipGradients gave a gradient to a parameter that had none');
        expectTrue(grad !== null, 'clipGradients removed the gradient of a parameter');
        // One common factor for every entry: the direction of the whole gradient is unchanged.
        expectClose(grad, before.map((g) => g * coef), { atol: 1e-9, rtol: 1e-5, name: `gradient ${k} after clipping` });
      });
    }
  });

  check('below the limit: the gradients stay as they are', {
    points: 1,
    visibility: 'hidden',
    hint: 'the coefficient is clamped at 1: small gradients are never scaled up (README hint 3)',
  }, async ({ rng, run }) => {
    const params = randomGradParams(rng, 0.05);
    const original = gradsOf(params);
    const total = normOf(original);
    const maxNorm = total * rng.uniform(1.5, 4);
    const result = await run(clippingProbe, { fn: 'clipGradients', params, maxNorm });
    const returned = expectNumber(result.returned, 'clipGradients(params, maxNorm)');
    expectClose(returned, total, { atol: 1e-12, rtol: 1e-9, name: 'the norm returned by clipGradients' });
    returnedGrads(result, params).forEach((grad, k) => {
      const before = original[k];
      if (before === null) return expectTrue(grad === null, 'clipGradients gave a gradient to a parameter that had none');
      expectTrue(grad !== null, 'clipGradients removed the gradient of a parameter');
      expectClose(grad, before, { atol: 1e-12, rtol: 1e-9, name: `gradient ${k}` });
    });
  });
});

group('initLargeWeights', {}, () => {
  check('every recurrent weight matrix is redrawn from N(0, std²)', {
    points: 1,
    visibility: 'hidden',
    hint: 'for every (name, p) of model.rnn.namedParameters() whose name starts with \'weight\': nn.init.normal_(p, 0, std) (README hint 1)',
  }, async ({ rng, run }) => {
    const seed = rng.int(0, 1_000_000);
    const std = rng.uniform(1.5, 3);
    const named = await run(async ({ load, lib }: SandboxContext, input: { seed: number; std: number }) => {
      const { DeepRNNRegressor, initLargeWeights } = await load('model.ts');
      lib.manualSeed(input.seed);
      const net = new DeepRNNRegressor({ inputSize: 8, hiddenSize: 16, numLayers: 3 });
      initLargeWeights(net, input.std);
      return (net.rnn.namedParameters() as [string, { data: Float64Array }][]).map(([name, p]) => ({ name, values: Array.from(p.data) }));
    }, { seed, std });
    expectTrue(Array.isArray(named), 'the recurrent layer\'s parameters could not be read back');
    const weights = (named as { name: unknown; values: unknown }[]).filter((p) => typeof p?.name === 'string' && p.name.startsWith('weight'));
    // Messages name a matrix by nn.RNN's own names only, never by text that came back from the probe.
    const expectedNames = [0, 1, 2].flatMap((layer) => [`weight_ih_l${layer}`, `weight_hh_l${layer}`]);
    expectTrue(weights.length === 6 && expectedNames.every((name) => weights.some((p) => p.name === name)), 'a 3-layer nn.RNN should have 6 weight matrices; was the model rebuilt?');
    const pooled: number[] = [];
    for (const name of expectedNames) {
      const values = weights.find((p) => p.name === name)!.values;
      expectTrue(Array.isArray(values) && values.length >= 128 && values.every((v) => typeof v === 'number'), 'a recurrent weight matrix could not be read back');
      const numbers = values as number[];
      pooled.push(...numbers);
      const mean = numbers.reduce((s, v) => s + v, 0) / numbers.length;
      const spread = Math.sqrt(numbers.reduce((s, v) => s + (v - mean) ** 2, 0) / numbers.length);
      // At least 128 values per matrix: the sample mean and spread land well inside these bounds.
      expectTrue(Math.abs(mean) < 0.4 * std && spread > 0.7 * std && spread < 1.3 * std, `rnn.${name} does not look drawn from N(0, std²) with the std passed in`);
    }
    const spread = Math.sqrt(pooled.reduce((s, v) => s + v * v, 0) / pooled.length);
    expectTrue(Math.abs(spread - std) < 0.1 * std, 'the recurrent weights together do not have the standard deviation passed in');
  });
});

group('measureGradNorms', {}, () => {
  check('before is the norm of the MSE gradient, after is min(before, maxNorm) and is what the model now holds', {
    points: 2,
    visibility: 'hidden',
    hint: 'zeroGrad, MSE of model.forward(data.inputs) against data.targets, backward, then norm → clip → norm (README hint 4)',
  }, async ({ rng, run }) => {
    for (const std of [2, 0.05]) {
      const sizes = { hiddenSize: 6, numLayers: 3 };
      const state = smallModelState(rng, sizes, std);
      const data = randomData(rng, 6, 15);
      const reference = referenceLossAndNorm(sizes, state, data);
      const maxNorm = std === 2 ? rng.uniform(0.5, 2) : reference.norm * 3;
      const returned = await run(experimentProbe, { fn: 'measureGradNorms', sizes, state, data, maxNorm });
      const result = returned.result as unknown;
      if (result === null || typeof result !== 'object') fail(`measureGradNorms should return { before, after }, got ${result === null ? 'null' : typeof result}`);
      const { before, after } = result as { before: unknown; after: unknown };
      expectClose(expectNumber(before, 'before'), reference.norm, { atol: 1e-9, rtol: 1e-6, name: 'before' });
      expectClose(expectNumber(after, 'after'), Math.min(reference.norm, maxNorm), { atol: 1e-9, rtol: 1e-5, name: 'after' });
      const grads = returned.grads as Record<string, unknown> | null;
      expectTrue(grads !== null && typeof grads === 'object', 'the model\'s gradients could not be read back');
      const left = Object.keys(state).map((name) => {
        const g = grads![name];
        if (g === null || g === undefined) return null;
        expectShape(g, [flatten(state[name]).length], `the gradient of ${name}`);
        return g as number[];
      });
      expectClose(normOf(left), after as number, { atol: 1e-9, rtol: 1e-6, name: 'the norm of the gradients left in the model' });
    }
  });
});

group('train', {}, () => {
  check('with clipping: one finite loss per epoch, and no step longer than lr·maxNorm', {
    points: 2,
    visibility: 'hidden',
    hint: 'clip after backward() and before step(); with SGD a step is lr·g, so clipped steps are at most lr·maxNorm long (README hint 5)',
    timeout: TRAIN_TIMEOUT,
  }, async ({ rng, run }) => {
    const sizes = { hiddenSize: 6, numLayers: 2 };
    const state = smallModelState(rng, sizes, 2);
    const data = randomData(rng, 8, 12);
    const [epochs, lr, maxNorm] = [4, rng.uniform(0.1, 0.5), rng.uniform(0.2, 1)];
    const start = Object.values(state).flatMap(flatten);
    const returned = await run(experimentProbe, { fn: 'train', sizes, state, data, options: { epochs, lr, maxNorm } });
    const losses = finiteLosses(returned.result, epochs);
    expectTrue(losses.every(Number.isFinite), 'with clipping every loss should be finite, but one is NaN or Infinity');
    const end = returnedState(returned, state);
    // Triangle inequality: epochs steps of length ≤ lr·maxNorm cannot move the parameters further.
    expectTrue(distance(end, start) <= epochs * lr * maxNorm * (1 + 1e-6), 'the parameters moved further than epochs · lr · maxNorm: some step was not clipped');
    expectTrue(distance(end, start) > 0, 'train did not change the parameters');
  });

  check('one epoch: the loss before the step, and a step of length lr·‖g‖ (no clipping) or lr·maxNorm (clipping)', {
    points: 1,
    visibility: 'hidden',
    hint: 'record loss.item() of the forward pass of that epoch; maxNorm: null means no clipping at all; plain SGD, no momentum (README hint 5)',
    timeout: TRAIN_TIMEOUT,
  }, async ({ rng, run }) => {
    const sizes = { hiddenSize: 5, numLayers: 2 };
    const data = randomData(rng, 6, 10);
    const lr = rng.uniform(0.05, 0.3);
    for (const maxNorm of [null, rng.uniform(0.2, 1)]) {
      const state = smallModelState(rng, sizes, 2);
      const reference = referenceLossAndNorm(sizes, state, data);
      const start = Object.values(state).flatMap(flatten);
      const returned = await run(experimentProbe, { fn: 'train', sizes, state, data, options: { epochs: 1, lr, maxNorm } });
      const [loss] = finiteLosses(returned.result, 1);
      expectClose(loss, reference.loss, { atol: 1e-9, rtol: 1e-9, name: 'the loss of epoch 1' });
      const expectedStep = lr * (maxNorm === null ? reference.norm : Math.min(reference.norm, maxNorm));
      expectClose(distance(returnedState(returned, state), start), expectedStep, { atol: 1e-9, rtol: 1e-5, name: `the length of the step (maxNorm ${maxNorm === null ? 'null' : 'set'})` });
    }
  });

  check('a properly initialised small model learns: the loss goes down', {
    points: 1,
    hint: 'zeroGrad → forward → MSE → backward → (clip) → step, once per epoch on the whole batch (README hint 5)',
    timeout: TRAIN_TIMEOUT,
  }, async ({ rng, run }) => {
    const sizes = { hiddenSize: 8, numLayers: 1 };
    const state = smallModelState(rng, sizes, null);
    const data = randomData(rng, 16, 6);
    const epochs = 40;
    const returned = await run(experimentProbe, { fn: 'train', sizes, state, data, options: { epochs, lr: 0.2, maxNorm: 1 } });
    const losses = finiteLosses(returned.result, epochs);
    returnedState(returned, state);
    // The loss after training, measured here on the weights the learner's loop left in the model.
    const trained = referenceModel(sizes, returned.state as StateDict);
    const after = noGrad(() => new nn.MSELoss().forward(trained.forward(tensor(data.inputs)), tensor(data.targets)).item());
    expectTrue(after < 0.7 * losses[0], `the loss went from ${losses[0].toPrecision(3)} to only ${after.toPrecision(3)} in ${epochs} epochs; expected it to fall clearly`);
  });
});

group('questions', {}, () => {
  check('whatClippingDoes', { points: 1, hint: 'think of the one coefficient clipGradients multiplies everything by (README hint 6)' }, async ({ run }) => {
    expectChoice('whatClippingDoes', await run(questionProbe, 'whatClippingDoes'), 'b');
  });
  check('whatClippingCannotFix', { points: 1, hint: 'the coefficient is never above 1 (README hint 6)' }, async ({ run }) => {
    expectChoice('whatClippingCannotFix', await run(questionProbe, 'whatClippingCannotFix'), 'c');
  });
});
