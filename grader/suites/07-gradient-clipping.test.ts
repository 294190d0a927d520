// Graded suite of exercise 07 (exploding gradients and clipping): the learner's total gradient norm
// against the formula, their clipping (own code or utils.clipGradNorm_) against its defining
// properties (norm at most maxNorm, one common factor, the norm before returned), their large
// initialisation by its statistics, and their training loop by what SGD with and without clipping
// must do to the parameters — on small models so the whole suite takes a few seconds.
import { Generator, Tensor, manualSeed, nn, noGrad, tensor, type NestedArray } from '../../lib/index.ts';
import { check, expectClose, expectTrue, fail, group, loadSubmission, type Rng } from '../kit/index.ts';

const clipping = loadSubmission(() => import('@submission/07-gradient-clipping/clipping.ts'));
const model = loadSubmission(() => import('@submission/07-gradient-clipping/model.ts'));
const experiment = loadSubmission(() => import('@submission/07-gradient-clipping/experiment.ts'));
const questions = loadSubmission(() => import('@submission/07-gradient-clipping/questions.ts'));

function expectNumber(value: unknown, name: string): number {
  if (typeof value !== 'number') fail(`\`${name}\` should be a number, got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** A leaf with a gradient already in place, as after backward(). */
function withGrad(shape: number[], grad: NestedArray | null): Tensor {
  const t = tensor(new Array(shape.reduce((a, b) => a * b, 1)).fill(0.5)).reshape(shape);
  t.requiresGrad = true;
  t.grad = grad === null ? null : tensor(grad).reshape(shape);
  return t;
}

function randomGradParams(rng: Rng, scale: number): Tensor[] {
  const count = rng.int(3, 6);
  const params = Array.from({ length: count }, () => {
    const shape = rng.next() < 0.5 ? [rng.int(1, 6)] : [rng.int(1, 5), rng.int(1, 6)];
    return withGrad(shape, rng.normalArray(shape, 0, scale));
  });
  params.splice(rng.int(0, count), 0, withGrad([3], null)); // a parameter that got no gradient
  return params;
}

const formulaNorm = (params: Tensor[]): number =>
  Math.sqrt(params.reduce((sum, p) => sum + (p.grad ? p.grad.data.reduce((s, g) => s + g * g, 0) : 0), 0));

const gradsOf = (params: Tensor[]): (number[] | null)[] => params.map((p) => (p.grad ? Array.from(p.grad.data) : null));

interface Data {
  inputs: Tensor;
  targets: Tensor;
}

/** Random sequences (samples, seqLen, 1) whose target is their last value, as in the exercise. */
function randomData(rng: Rng, samples: number, seqLen: number): Data {
  const values = rng.normalArray([samples, seqLen, 1]) as number[][][];
  return { inputs: tensor(values), targets: tensor(values.map((s) => s[seqLen - 1][0])) };
}

type Regressor = nn.Module & { forward(x: Tensor): Tensor };

/** The exercise's (given) model class, small, with recurrent weights from N(0, std²) drawn here. */
async function smallModel(rng: Rng, sizes: { hiddenSize: number; numLayers: number }, std: number | null): Promise<Regressor> {
  const { DeepRNNRegressor } = await model();
  manualSeed(rng.int(0, 1_000_000));
  const net = new DeepRNNRegressor({ inputSize: 1, ...sizes }) as unknown as Regressor;
  if (std !== null) {
    const generator = new Generator(rng.int(0, 1_000_000));
    for (const [name, p] of net.namedParameters()) if (name.startsWith('rnn.weight')) nn.init.normal_(p, 0, std, { generator });
  }
  return net;
}

/** The MSE loss and its gradient norm at the model's current parameters, computed on a copy. */
async function referenceLossAndNorm(net: Regressor, sizes: { hiddenSize: number; numLayers: number }, data: Data): Promise<{ loss: number; norm: number }> {
  const { DeepRNNRegressor } = await model();
  const copy = new DeepRNNRegressor({ inputSize: 1, ...sizes }) as unknown as Regressor;
  copy.loadStateDict(net.stateDict());
  const loss = new nn.MSELoss().forward(copy.forward(data.inputs), data.targets);
  loss.backward();
  return { loss: loss.item(), norm: formulaNorm(copy.parameters()) };
}

const flatParams = (net: nn.Module): number[] => net.parameters().flatMap((p) => Array.from(p.data));
const distance = (a: number[], b: number[]): number => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0));

function finiteLosses(losses: unknown, epochs: number): number[] {
  if (!Array.isArray(losses)) fail(`train(...) should return an array of losses, got ${losses === null ? 'null' : typeof losses}`);
  expectTrue(losses.length === epochs, `train(...) returned ${losses.length} losses for ${epochs} epochs; expected one per epoch`);
  expectTrue(losses.every((l) => typeof l === 'number'), 'train(...) returned something that is not a number among the losses');
  return losses as number[];
}

/** A multiple-choice answer, judged without revealing the right letter. */
function expectChoice(name: string, answer: unknown, correct: string): void {
  expectTrue(['a', 'b', 'c', 'd'].includes(answer as string), `${name}() should return 'a', 'b', 'c' or 'd', got ${JSON.stringify(answer)}`);
  expectTrue(answer === correct, `${name}(): '${String(answer)}' is not the right answer`);
}

group('totalGradNorm', {}, () => {
  check('gradients [3, 0] and [[0, 4]] plus a parameter without gradient give 5', {
    points: 1,
    hint: 'square every entry of every p.grad, add them ALL up, take one square root; skip p.grad === null (README hint 2)',
  }, async () => {
    const { totalGradNorm } = await clipping();
    const params = [withGrad([2], [3, 0]), withGrad([1, 2], [[0, 4]]), withGrad([2], null)];
    expectClose(expectNumber(totalGradNorm(params), 'totalGradNorm(params)'), 5, { atol: 1e-12, rtol: 1e-12, name: 'totalGradNorm(params)' });
  });

  check('random gradients over several parameters match √(Σ g²)', {
    points: 2,
    visibility: 'hidden',
    hint: 'not the sum of per-parameter norms: one square root over all squared entries (README hint 2)',
  }, async ({ rng }) => {
    const { totalGradNorm } = await clipping();
    for (let trial = 0; trial < 3; trial++) {
      const params = randomGradParams(rng, rng.uniform(0.1, 10));
      const before = gradsOf(params);
      expectClose(expectNumber(totalGradNorm(params), 'totalGradNorm(params)'), formulaNorm(params), { atol: 1e-12, rtol: 1e-12, name: 'totalGradNorm(params)' });
      expectTrue(JSON.stringify(gradsOf(params)) === JSON.stringify(before), 'totalGradNorm changed the gradients');
    }
  });
});

group('clipGradients', {}, () => {
  check('above the limit: norm at most maxNorm, every gradient scaled by the same factor, returns the norm before', {
    points: 2,
    visibility: 'hidden',
    hint: 'coef = min(1, maxNorm / (total + 1e-6)), then every p.grad.data[i] *= coef; return total (README hint 3)',
  }, async ({ rng }) => {
    const { clipGradients } = await clipping();
    for (let trial = 0; trial < 3; trial++) {
      const params = randomGradParams(rng, rng.uniform(2, 50));
      const maxNorm = rng.uniform(0.3, 1.5);
      const original = gradsOf(params);
      const total = formulaNorm(params);
      const returned = expectNumber(clipGradients(params, maxNorm), 'clipGradients(params, maxNorm)');
      expectClose(returned, total, { atol: 1e-9, rtol: 1e-9, name: 'the norm returned by clipGradients (before clipping)' });
      const after = formulaNorm(params);
      expectTrue(after <= maxNorm + 1e-6, 'after clipGradients the total gradient norm is above maxNorm');
      expectTrue(after >= maxNorm * (1 - 1e-5), 'clipGradients shrank the gradient further than to maxNorm');
      const coef = maxNorm / total;
      params.forEach((p, k) => {
        const before = original[k];
        if (before === null) return expectTrue(p.grad === null, 'clipGradients gave a gradient to a parameter that had none');
        // One common factor for every entry: the direction of the whole gradient is unchanged.
        expectClose(p.grad!.data, before.map((g) => g * coef), { atol: 1e-9, rtol: 1e-5, name: `gradient ${k} after clipping` });
      });
    }
  });

  check('below the limit: the gradients stay as they are', {
    points: 1,
    visibility: 'hidden',
    hint: 'the coefficient is clamped at 1: small gradients are never scaled up (README hint 3)',
  }, async ({ rng }) => {
    const { clipGradients } = await clipping();
    const params = randomGradParams(rng, 0.05);
    const original = gradsOf(params);
    const total = formulaNorm(params);
    const maxNorm = total * rng.uniform(1.5, 4);
    const returned = expectNumber(clipGradients(params, maxNorm), 'clipGradients(params, maxNorm)');
    expectClose(returned, total, { atol: 1e-12, rtol: 1e-9, name: 'the norm returned by clipGradients' });
    params.forEach((p, k) => {
      const before = original[k];
      if (before === null) return expectTrue(p.grad === null, 'clipGradients gave a gradient to a parameter that had none');
      expectClose(p.grad!.data, before, { atol: 1e-12, rtol: 1e-9, name: `gradient ${k}` });
    });
  });
});

group('initLargeWeights', {}, () => {
  check('every recurrent weight matrix is redrawn from N(0, std²)', {
    points: 1,
    visibility: 'hidden',
    hint: 'for every (name, p) of model.rnn.namedParameters() whose name starts with \'weight\': nn.init.normal_(p, 0, std) (README hint 1)',
  }, async ({ rng }) => {
    const { DeepRNNRegressor, initLargeWeights } = await model();
    manualSeed(rng.int(0, 1_000_000));
    const net = new DeepRNNRegressor({ inputSize: 8, hiddenSize: 16, numLayers: 3 });
    const std = rng.uniform(1.5, 3);
    initLargeWeights(net, std);
    const weights = net.rnn.namedParameters().filter(([name]) => name.startsWith('weight'));
    expectTrue(weights.length === 6, 'a 3-layer nn.RNN should have 6 weight matrices; was the model rebuilt?');
    const pooled: number[] = [];
    for (const [name, p] of weights) {
      const values = Array.from(p.data);
      pooled.push(...values);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const spread = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
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
  }, async ({ rng }) => {
    const { measureGradNorms } = await experiment();
    for (const std of [2, 0.05]) {
      const sizes = { hiddenSize: 6, numLayers: 3 };
      const net = await smallModel(rng, sizes, std);
      const data = randomData(rng, 6, 15);
      const reference = await referenceLossAndNorm(net, sizes, data);
      const maxNorm = std === 2 ? rng.uniform(0.5, 2) : reference.norm * 3;
      const result = measureGradNorms(net as never, data, maxNorm) as unknown;
      if (result === null || typeof result !== 'object') fail(`measureGradNorms should return { before, after }, got ${result === null ? 'null' : typeof result}`);
      const { before, after } = result as { before: unknown; after: unknown };
      expectClose(expectNumber(before, 'before'), reference.norm, { atol: 1e-9, rtol: 1e-6, name: 'before' });
      expectClose(expectNumber(after, 'after'), Math.min(reference.norm, maxNorm), { atol: 1e-9, rtol: 1e-5, name: 'after' });
      expectClose(formulaNorm(net.parameters()), after as number, { atol: 1e-9, rtol: 1e-6, name: 'the norm of the gradients left in the model' });
    }
  });
});

group('train', {}, () => {
  check('with clipping: one finite loss per epoch, and no step longer than lr·maxNorm', {
    points: 2,
    visibility: 'hidden',
    hint: 'clip after backward() and before step(); with SGD a step is lr·g, so clipped steps are at most lr·maxNorm long (README hint 5)',
  }, async ({ rng }) => {
    const { train } = await experiment();
    const sizes = { hiddenSize: 6, numLayers: 2 };
    const net = await smallModel(rng, sizes, 2);
    const data = randomData(rng, 8, 12);
    const [epochs, lr, maxNorm] = [4, rng.uniform(0.1, 0.5), rng.uniform(0.2, 1)];
    const start = flatParams(net);
    const losses = finiteLosses(train(net as never, data, { epochs, lr, maxNorm }), epochs);
    expectTrue(losses.every(Number.isFinite), 'with clipping every loss should be finite, but one is NaN or Infinity');
    // Triangle inequality: epochs steps of length ≤ lr·maxNorm cannot move the parameters further.
    expectTrue(distance(flatParams(net), start) <= epochs * lr * maxNorm * (1 + 1e-6), 'the parameters moved further than epochs · lr · maxNorm: some step was not clipped');
    expectTrue(distance(flatParams(net), start) > 0, 'train did not change the parameters');
  });

  check('one epoch: the loss before the step, and a step of length lr·‖g‖ (no clipping) or lr·maxNorm (clipping)', {
    points: 1,
    visibility: 'hidden',
    hint: 'record loss.item() of the forward pass of that epoch; maxNorm: null means no clipping at all; plain SGD, no momentum (README hint 5)',
  }, async ({ rng }) => {
    const { train } = await experiment();
    const sizes = { hiddenSize: 5, numLayers: 2 };
    const data = randomData(rng, 6, 10);
    const lr = rng.uniform(0.05, 0.3);
    for (const maxNorm of [null, rng.uniform(0.2, 1)]) {
      const net = await smallModel(rng, sizes, 2);
      const reference = await referenceLossAndNorm(net, sizes, data);
      const start = flatParams(net);
      const [loss] = finiteLosses(train(net as never, data, { epochs: 1, lr, maxNorm }), 1);
      expectClose(loss, reference.loss, { atol: 1e-9, rtol: 1e-9, name: 'the loss of epoch 1' });
      const expectedStep = lr * (maxNorm === null ? reference.norm : Math.min(reference.norm, maxNorm));
      expectClose(distance(flatParams(net), start), expectedStep, { atol: 1e-9, rtol: 1e-5, name: `the length of the step (maxNorm ${maxNorm === null ? 'null' : 'set'})` });
    }
  });

  check('a properly initialised small model learns: the loss goes down', {
    points: 1,
    hint: 'zeroGrad → forward → MSE → backward → (clip) → step, once per epoch on the whole batch (README hint 5)',
  }, async ({ rng }) => {
    const { train } = await experiment();
    const sizes = { hiddenSize: 8, numLayers: 1 };
    const net = await smallModel(rng, sizes, null);
    const data = randomData(rng, 16, 6);
    const epochs = 40;
    const losses = finiteLosses(train(net as never, data, { epochs, lr: 0.2, maxNorm: 1 }), epochs);
    const after = noGrad(() => new nn.MSELoss().forward(net.forward(data.inputs), data.targets).item());
    expectTrue(after < 0.7 * losses[0], `the loss went from ${losses[0].toPrecision(3)} to only ${after.toPrecision(3)} in ${epochs} epochs; expected it to fall clearly`);
  });
});

group('questions', {}, () => {
  check('whatClippingDoes', { points: 1, hint: 'think of the one coefficient clipGradients multiplies everything by (README hint 6)' }, async () => {
    const { whatClippingDoes } = await questions();
    expectChoice('whatClippingDoes', whatClippingDoes(), 'b');
  });
  check('whatClippingCannotFix', { points: 1, hint: 'the coefficient is never above 1 (README hint 6)' }, async () => {
    const { whatClippingCannotFix } = await questions();
    expectChoice('whatClippingCannotFix', whatClippingCannotFix(), 'c');
  });
});
