// Graded suite of exercise 07 (exploding gradients and clipping): the learner's total gradient norm
// against the formula, their clipping (own code or utils.clipGradNorm_) against its defining
// properties (norm at most maxNorm, one common factor, the norm before returned), their large
// initialisation by its statistics (and the biases and fc it must leave alone), and their training
// loop by what SGD with and without clipping must do to the parameters — one epoch against the
// formula, three epochs against a reference run of the library (gradients zeroed before every step),
// and onEpoch — on small models so the whole suite takes a few seconds.
//
// The judge draws every model's weights itself and hands them to the probe as a state dict; the
// probe loads them into the learner's DeepRNNRegressor, runs the learner's code and sends back
// numbers, gradients and the parameters after training. The reference loss and gradient come from
// this file's copy of the (given, not graded) model, built from the library.
import { Generator, Tensor, manualSeed, nn, noGrad, optim, tensor, utils, type NestedArray } from '../../lib/index.ts';
import {
  check, expectChoice, expectClose, expectEqual, expectShape, expectTrue, expectValueAnswer, fail, group, type Rng, type SandboxContext,
} from '../kit/index.ts';

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
 * Full-batch SGD as the README's rule says, done here with the library: every epoch zero the
 * gradients, MSE of the whole batch, backward, clip (utils.clipGradNorm_) unless maxNorm is null,
 * step. Returns every epoch's loss (measured before its step) and the weights at the end.
 */
function referenceTraining(sizes: Sizes, state: StateDict, data: Data, { epochs, lr, maxNorm }: { epochs: number; lr: number; maxNorm: number | null }): { losses: number[]; weights: number[] } {
  const net = referenceModel(sizes, state);
  const optimizer = new optim.SGD(net.parameters(), { lr });
  const lossFn = new nn.MSELoss();
  const inputs = tensor(data.inputs);
  const targets = tensor(data.targets);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    optimizer.zeroGrad();
    const loss = lossFn.forward(net.forward(inputs), targets);
    loss.backward();
    if (maxNorm !== null) utils.clipGradNorm_(net.parameters(), maxNorm);
    optimizer.step();
    losses.push(loss.item());
  }
  const weights = net.stateDict() as StateDict;
  return { losses, weights: Object.keys(state).flatMap((name) => flatten(weights[name])) };
}

/**
 * Probe: the learner's DeepRNNRegressor with the judge's weights, then measureGradNorms or train
 * on the data given. Returns what the function returned, the gradients left in the model (by
 * parameter name) and the model's weights afterwards.
 */
const experimentProbe = async ({ load, lib }: SandboxContext, input: {
  fn: 'measureGradNorms' | 'train'; sizes: { hiddenSize: number; numLayers: number }; state: Record<string, unknown>;
  data: { inputs: number[][][]; targets: number[] }; maxNorm?: number; options?: { epochs: number; lr: number; maxNorm: number | null };
  /** measureGradNorms: how many times it is called in a row on the same model (default 1). */
  calls?: number;
  /** train: call it without onEpoch, as the options allow. */
  withoutOnEpoch?: boolean;
}) => {
  const { DeepRNNRegressor } = await load('model.ts');
  const experiment = await load('experiment.ts');
  const net = new DeepRNNRegressor({ inputSize: 1, ...input.sizes });
  net.loadStateDict(input.state);
  const data = { inputs: lib.tensor(input.data.inputs), targets: lib.tensor(input.data.targets) };
  const seen: unknown[] = [];
  let result: unknown;
  const results: unknown[] = [];
  if (input.fn === 'measureGradNorms') {
    for (let call = 0; call < (input.calls ?? 1); call++) results.push(experiment.measureGradNorms(net, data, input.maxNorm));
    result = results[0];
  } else {
    const onEpoch = (epoch: unknown, loss: unknown) => seen.push([epoch, loss]);
    result = experiment.train(net, data, input.withoutOnEpoch ? { ...input.options } : { ...input.options, onEpoch });
  }
  // A 0-d tensor arrives in the judge as a plain number: say here whether each loss was one.
  const kinds = {
    returned: Array.isArray(result) ? result.map((v: unknown) => typeof v) : [],
    seen: (seen as [unknown, unknown][]).map(([, loss]) => typeof loss),
  };
  const grads: Record<string, number[] | null> = {};
  const state: Record<string, unknown> = {};
  for (const [name, p] of net.namedParameters() as [string, { grad: { data: Float64Array } | null; toArray(): unknown }][]) {
    grads[name] = p.grad ? Array.from(p.grad.data) : null;
    state[name] = p.toArray();
  }
  return { result, results, seen, grads, state, kinds };
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

/** Reads { before, after } back from what measureGradNorms returned. */
function gradNorms(result: unknown): { before: number; after: number } {
  if (result === null || typeof result !== 'object') fail(`measureGradNorms should return { before, after }, got ${result === null ? 'null' : typeof result}`);
  const { before, after } = result as { before: unknown; after: unknown };
  return { before: expectNumber(before, 'before'), after: expectNumber(after, 'after') };
}

// Training runs the learner's loop in the probe: allow it more than the default 10 s.
const TRAIN_TIMEOUT = 60_000;

group('totalGradNorm', {}, () => {
  check('gradients [3, 0] and [[0, 4]] plus a parameter without gradient give 5', {
    points: 1,
    hint: [
      'the total gradient norm treats all gradients of all parameters as one long vector: ‖g‖ = √(Σ over every entry of g²) (see lessons/09-exploding-gradients-clipping §2)',
      'a parameter without a gradient contributes nothing; the squares of every parameter are added before one square root is taken (README hint 2)',
      'for each p with p.grad !== null: for each g of p.grad.data: sum += g * g; then Math.sqrt(sum) (README hint 2)',
    ],
  }, async ({ run }) => {
    const params: GradParam[] = [{ shape: [2], grad: [3, 0] }, { shape: [1, 2], grad: [[0, 4]] }, { shape: [2], grad: null }];
    const result = await run(clippingProbe, { fn: 'totalGradNorm', params });
    expectClose(expectNumber(result.returned, 'totalGradNorm(params)'), 5, { atol: 1e-12, rtol: 1e-12, name: 'totalGradNorm(params)' });
  });

  check('random gradients over several parameters match √(Σ g²)', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'the norm of the one long vector made of every gradient, not a sum of the norms of the parameters (see lessons/09-exploding-gradients-clipping §2)',
      '√(‖g₁‖² + ‖g₂‖² + …): square root once, at the end; and reading the norm must leave the gradients untouched (README hint 2)',
    ],
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
    hint: [
      'clipping by norm multiplies every gradient entry by one common factor, so the whole gradient keeps its direction and its norm becomes maxNorm (see lessons/09-exploding-gradients-clipping §2)',
      'the factor is min(1, maxNorm / (‖g‖ + 1e-6)) with ‖g‖ measured before clipping, applied in place to every p.grad; the function returns that norm before clipping (README hint 3)',
      'const coef = Math.min(1, maxNorm / (total + 1e-6)); every p.grad.data[i] *= coef; return total — or utils.clipGradNorm_(params, maxNorm) (README code hint 3)',
    ],
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
    hint: [
      'clipping only ever shrinks: a gradient already shorter than maxNorm is left as it is (see lessons/09-exploding-gradients-clipping §2)',
      'the common factor is capped at 1, and the norm returned is still the norm before clipping (README hint 3)',
    ],
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
    hint: [
      'the large initialisation redraws the recurrent weight matrices of every layer from a normal distribution with mean 0 and the std passed in (see lessons/09-exploding-gradients-clipping §1)',
      'the weight matrices are the parameters of model.rnn whose names start with weight (weight_ih_l*, weight_hh_l*); an init function changes the tensor in place (README hint 1)',
      'for (const [name, p] of model.rnn.namedParameters()) if (name.startsWith(\'weight\')) nn.init.normal_(p, 0, std) (README code hint 1)',
    ],
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

  check('the biases of the RNN and the fc layer are left as they were', {
    points: 1,
    visibility: 'hidden',
    hint: [
      'only the recurrent weight matrices get the large init: the biases and the output layer keep their values (see lessons/09-exploding-gradients-clipping §1)',
      'choose the parameters by name: bias_ih_l*, bias_hh_l* and everything of fc stay untouched, and the model is changed in place, not rebuilt (README hint 1)',
      'skip every name of model.rnn.namedParameters() that does not start with \'weight\', and never touch model.fc (README code hint 1)',
    ],
  }, async ({ rng, run }) => {
    const sizes = { hiddenSize: rng.int(4, 9), numLayers: rng.int(2, 4) };
    const state = smallModelState(rng, sizes, null);
    const std = rng.uniform(1.5, 3);
    const seed = rng.int(0, 1_000_000);
    const after = await run(async ({ load, lib }: SandboxContext, input: { sizes: { hiddenSize: number; numLayers: number }; state: Record<string, unknown>; std: number; seed: number }) => {
      const { DeepRNNRegressor, initLargeWeights } = await load('model.ts');
      lib.manualSeed(input.seed);
      const net = new DeepRNNRegressor({ inputSize: 1, ...input.sizes });
      net.loadStateDict(input.state);
      initLargeWeights(net, input.std);
      const weights: Record<string, unknown> = {};
      for (const [name, p] of net.namedParameters() as [string, { toArray(): unknown }][]) weights[name] = p.toArray();
      return { state: weights };
    }, { sizes, state, std, seed });
    returnedState(after, state);
    const got = after.state as Record<string, unknown>;
    for (const name of Object.keys(state)) {
      if (name.startsWith('rnn.weight')) continue;
      // Same values to the last bit: nothing may touch them.
      expectClose(flatten(got[name]), flatten(state[name]), { atol: 0, rtol: 0, name: `${name} after initLargeWeights` });
    }
  });
});

group('measureGradNorms', {}, () => {
  check('before is the norm of the MSE gradient, after is min(before, maxNorm) and is what the model now holds', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'backward adds to the gradients already stored, so a measurement starts from cleared gradients; then the norm before clipping, the clipping, the norm after (see lessons/09-exploding-gradients-clipping §1 and §2)',
      'clear the gradients, MSE of the model on data.inputs against data.targets, backward, then norm → clip → norm; calling it twice on the same model must give the same numbers (README hint 4)',
      'model.zeroGrad(); new nn.MSELoss().forward(model.forward(data.inputs), data.targets).backward(); before = clipGradients(model.parameters(), maxNorm); after = totalGradNorm(model.parameters()) (README code hint 4)',
    ],
  }, async ({ rng, run }) => {
    for (const std of [2, 0.05]) {
      const sizes = { hiddenSize: 6, numLayers: 3 };
      const state = smallModelState(rng, sizes, std);
      const data = randomData(rng, 6, 15);
      const reference = referenceLossAndNorm(sizes, state, data);
      const maxNorm = std === 2 ? rng.uniform(0.5, 2) : reference.norm * 3;
      // Two calls in a row on the same model: gradients left from the first must not reach the second.
      const returned = await run(experimentProbe, { fn: 'measureGradNorms', sizes, state, data, maxNorm, calls: 2 });
      const results = returned.results as unknown;
      expectTrue(Array.isArray(results) && results.length === 2, 'the results of measureGradNorms could not be read back');
      let after = 0;
      for (const [call, result] of (results as unknown[]).entries()) {
        const norms = gradNorms(result);
        const which = call === 0 ? '' : ' (second call on the same model)';
        expectClose(norms.before, reference.norm, { atol: 1e-9, rtol: 1e-6, name: `before${which}` });
        expectClose(norms.after, Math.min(reference.norm, maxNorm), { atol: 1e-9, rtol: 1e-5, name: `after${which}` });
        after = norms.after;
      }
      const grads = returned.grads as Record<string, unknown> | null;
      expectTrue(grads !== null && typeof grads === 'object', 'the model\'s gradients could not be read back');
      const left = Object.keys(state).map((name) => {
        const g = grads![name];
        if (g === null || g === undefined) return null;
        expectShape(g, [flatten(state[name]).length], `the gradient of ${name}`);
        return g as number[];
      });
      expectClose(normOf(left), after, { atol: 1e-9, rtol: 1e-6, name: 'the norm of the gradients left in the model' });
    }
  });
});

group('train', {}, () => {
  check('with clipping: one finite loss per epoch, and no step longer than lr·maxNorm', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'with SGD a step is lr times the gradient, so clipping the gradient to maxNorm before every step bounds every step by lr·maxNorm (see lessons/09-exploding-gradients-clipping §4)',
      'clip after the backward pass and before the step of every epoch; clipping after the step is too late (README hint 5)',
      'loss.backward(); if (maxNorm !== null) clipGradients(model.parameters(), maxNorm); optimizer.step() (README code hint 5)',
    ],
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
    hint: [
      'one epoch is one full-batch SGD step: the loss recorded is the one computed before the step, and the step moves the weights by lr·‖g‖, or lr·maxNorm when clipped (see lessons/09-exploding-gradients-clipping §4)',
      'record the loss of that epoch\'s forward pass; maxNorm null means no clipping at all; plain SGD with the lr option, no momentum (README hint 5)',
    ],
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

  check('a properly initialised small model learns: the loss goes down (train called without onEpoch)', {
    points: 1,
    hint: [
      'a well-initialised small RNN learns this task with full-batch SGD: one update per epoch on the whole data (see lessons/09-exploding-gradients-clipping §4)',
      'per epoch: clear the gradients, forward and MSE on all the data, backward, clip when maxNorm is set, step; onEpoch is optional, so train must run without it too (README hint 5)',
      'optimizer.zeroGrad(); loss = lossFn.forward(model.forward(data.inputs), data.targets); loss.backward(); clip; optimizer.step() (README code hint 5)',
    ],
    timeout: TRAIN_TIMEOUT,
  }, async ({ rng, run }) => {
    const sizes = { hiddenSize: 8, numLayers: 1 };
    const state = smallModelState(rng, sizes, null);
    const data = randomData(rng, 16, 6);
    const epochs = 40;
    // onEpoch is optional: this run leaves it out, as npm run ex's callers may.
    const returned = await run(experimentProbe, { fn: 'train', sizes, state, data, options: { epochs, lr: 0.2, maxNorm: 1 }, withoutOnEpoch: true });
    const losses = finiteLosses(returned.result, epochs);
    returnedState(returned, state);
    // The loss after training, measured here on the weights the learner's loop left in the model.
    const trained = referenceModel(sizes, returned.state as StateDict);
    const after = noGrad(() => new nn.MSELoss().forward(trained.forward(tensor(data.inputs)), tensor(data.targets)).item());
    expectTrue(after < 0.7 * losses[0], `the loss went from ${losses[0].toPrecision(3)} to only ${after.toPrecision(3)} in ${epochs} epochs; expected it to fall clearly`);
  });

  check('three epochs: the losses and the weights equal a reference SGD run that clears the gradients before every step, with and without clipping', {
    points: 2,
    visibility: 'hidden',
    hint: [
      'backward adds to the gradients already stored: unless they are cleared at the start of every epoch, each step uses the sum of all the gradients so far (see lessons/09-exploding-gradients-clipping §4)',
      'the README\'s rule per epoch: clear the gradients, forward and MSE on all the data, backward, clip (if maxNorm is not null), step; the grader replays it with the library\'s SGD and compares every loss and the final weights to 1e-9 (README hint 5)',
      'optimizer.zeroGrad() (or model.zeroGrad()) as the first line inside the epoch loop, before the forward pass (README code hint 5)',
    ],
    timeout: TRAIN_TIMEOUT,
  }, async ({ rng, run }) => {
    const sizes = { hiddenSize: 5, numLayers: 2 };
    const data = randomData(rng, 6, 8);
    const epochs = 3;
    const lr = rng.uniform(0.05, 0.3);
    for (const clipped of [false, true]) {
      // The default init keeps the gradients of a usual size, so three steps stay comparable to 1e-9.
      const state = smallModelState(rng, sizes, null);
      const firstNorm = referenceLossAndNorm(sizes, state, data).norm;
      const maxNorm = clipped ? firstNorm * rng.uniform(0.2, 0.6) : null; // below the first gradient's norm: clipping acts
      const options = { epochs, lr, maxNorm };
      const reference = referenceTraining(sizes, state, data, options);
      const returned = await run(experimentProbe, { fn: 'train', sizes, state, data, options });
      const losses = finiteLosses(returned.result, epochs);
      const label = clipped ? 'with clipping' : 'maxNorm null';
      expectClose(losses, reference.losses, { atol: 1e-9, rtol: 1e-9, name: `the losses of the ${epochs} epochs (${label})` });
      expectClose(returnedState(returned, state), reference.weights, { atol: 1e-9, rtol: 1e-9, name: `the weights after ${epochs} epochs (${label})` });
    }
  });

  check('train returns plain numbers and calls onEpoch(epoch, loss) after every epoch, with the loss it returns for that epoch', {
    points: 1,
    hint: [
      'a training loop reports its progress: after every epoch the caller hears the epoch number and that epoch\'s loss (see lessons/09-exploding-gradients-clipping §4)',
      'epochs are counted from 1, and the loss given to onEpoch is the same plain number (not the loss tensor) stored in the array that train returns (README hint 5)',
      'losses.push(loss.item()); onEpoch?.(epoch, loss.item()) at the end of every epoch (README code hint 5)',
    ],
    timeout: TRAIN_TIMEOUT,
  }, async ({ rng, run }) => {
    const sizes = { hiddenSize: 4, numLayers: 1 };
    const state = smallModelState(rng, sizes, null);
    const data = randomData(rng, 5, 6);
    const epochs = 3;
    const returned = await run(experimentProbe, { fn: 'train', sizes, state, data, options: { epochs, lr: 0.1, maxNorm: 1 } });
    const losses = finiteLosses(returned.result, epochs);
    const seen = returned.seen as unknown;
    expectTrue(Array.isArray(seen), 'the calls of onEpoch could not be read back');
    const calls = seen as [unknown, unknown][];
    expectEqual(calls.map(([epoch]) => epoch), [1, 2, 3], 'epochs passed to onEpoch');
    expectClose(calls.map(([, loss]) => loss), losses, { atol: 1e-12, rtol: 1e-12, name: 'the losses passed to onEpoch (against the losses returned)' });
    const kinds = returned.kinds as { returned?: unknown; seen?: unknown } | null;
    const allNumbers = (list: unknown) => Array.isArray(list) && list.length === epochs && list.every((kind) => kind === 'number');
    expectTrue(allNumbers(kinds?.returned), 'train should return plain numbers (loss.item()), not loss tensors');
    expectTrue(allNumbers(kinds?.seen), 'onEpoch should get the loss as a plain number (loss.item()), not the loss tensor');
  });
});

group('questions', {}, () => {
  check('clippedGradientEntry: the second entry of g₂ = [0, 4] after clipGradNorm_ with g₁ = [3, 0] and maxNorm 1', {
    points: 1,
    hint: [
      'clipping by norm looks at all the gradients together as one vector and multiplies every entry by one common factor (see lessons/09-exploding-gradients-clipping §2)',
      'the norm of [3, 0] and [0, 4] together is √(3² + 4²); the factor is min(1, maxNorm / (norm + 1e-6)); the entry is 4 times that factor (README hint 6)',
    ],
  }, async ({ run }) => {
    // Computed with the library: two parameters holding the gradients of the question, clipped by norm.
    const params = [[3, 0], [0, 4]].map((grad) => {
      const p = tensor([0, 0]);
      p.requiresGrad = true;
      p.grad = tensor(grad);
      return p;
    });
    utils.clipGradNorm_(params, 1);
    expectValueAnswer(await run(questionProbe, 'clippedGradientEntry'), {
      name: 'clippedGradientEntry',
      expected: params[1].grad!.data[1],
      idea: 'clipping by norm multiplies every entry of every gradient by one common factor, chosen from the norm of all the gradients together so that this norm becomes maxNorm',
      lesson: 'lessons/09-exploding-gradients-clipping §2',
      atol: 1e-4,
    });
  });

  check('whatClippingCannotFix', {
    points: 1,
    hint: [
      'clipping can only shrink a gradient: which of the four problems needs a gradient to grow instead? (see lessons/09-exploding-gradients-clipping §4)',
      'the common factor is never above 1; think of the error reaching far-away steps when it is already tiny (README hint 6)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'whatClippingCannotFix'), {
      name: 'whatClippingCannotFix',
      answer: 'c',
      misses: {
        a: 'one huge update is exactly what clipping stops: after clipping no step is longer than lr·maxNorm',
        b: 'a loss that jumps after one bad step comes from a huge update, and clipping bounds every update',
        d: 'however large the norm, clipping scales the gradient down to maxNorm before the step, so the update cannot overflow',
      },
      lesson: 'lessons/09-exploding-gradients-clipping §4',
    });
  });
});
