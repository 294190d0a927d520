// Graded suite of exercise 08 (BPTT by hand): the learner's backward pass of the tanh cell through
// time is compared with central finite differences of the forward loss and with the library's
// autograd through nn.RNN loaded with the same weights; the gradient norms against the distance in
// time are compared with autograd too. The cache handed to the learner comes from this suite's own
// forward pass, never from the submission's forward.ts.
import { Matrix } from 'ml-matrix';
import { nn, tensor, type Tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, loadSubmission, toNumeric, type Rng } from '../kit/index.ts';

const bptt = loadSubmission(() => import('@submission/08-bptt-by-hand/bptt.ts'));
const questions = loadSubmission(() => import('@submission/08-bptt-by-hand/questions.ts'));

// Same sums in another order agree to ~1e-14 in float64; 1e-9 catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };
// Central differences with eps 1e-6 are good to ~1e-9 here.
const FD_TOL = { atol: 1e-6, rtol: 1e-5 };

interface Problem {
  /** x_1 … x_T, each (batch, input) */
  xs: number[][][];
  h0: number[][];
  Wxh: number[][];
  Whh: number[][];
  b: number[];
  /** ∂L/∂h_t from each step's output, each (batch, hidden) */
  upstream: number[][][];
}

function randomProblem(rng: Rng, sizes: { batch: number; input: number; hidden: number; steps: number }, weightScale = 0.6): Problem {
  const { batch, input, hidden, steps } = sizes;
  return {
    xs: Array.from({ length: steps }, () => rng.normalArray([batch, input]) as number[][]),
    h0: rng.array([batch, hidden], -0.8, 0.8) as number[][],
    Wxh: rng.normalArray([hidden, input], 0, weightScale) as number[][],
    Whh: rng.normalArray([hidden, hidden], 0, weightScale) as number[][],
    b: rng.normalArray([hidden], 0, 0.3) as number[],
    upstream: Array.from({ length: steps }, () => rng.normalArray([batch, hidden]) as number[][]),
  };
}

/** This suite's own forward pass on plain arrays: hs[0] = h0, hs[t] = tanh(x_t Wxhᵀ + h_{t-1} Whhᵀ + b). */
function forwardStates(p: Problem): number[][][] {
  const hs = [p.h0];
  for (const x of p.xs) {
    const prev = hs[hs.length - 1];
    hs.push(x.map((xRow, n) => p.b.map((bias, j) => {
      let z = bias;
      for (let i = 0; i < xRow.length; i++) z += xRow[i] * p.Wxh[j][i];
      for (let k = 0; k < prev[n].length; k++) z += prev[n][k] * p.Whh[j][k];
      return Math.tanh(z);
    })));
  }
  return hs;
}

/** L = Σ_t Σ h_t ⊙ G_t, so that ∂L/∂h_t (from the outputs) is exactly G_t. */
function lossOf(p: Problem): number {
  const hs = forwardStates(p);
  let loss = 0;
  p.upstream.forEach((g, t) => g.forEach((row, n) => row.forEach((v, j) => (loss += v * hs[t + 1][n][j]))));
  return loss;
}

function submissionArgs(p: Problem) {
  const hs = forwardStates(p);
  return {
    cache: { xs: p.xs.map((x) => new Matrix(x)), hs: hs.map((h) => new Matrix(h)) },
    params: { Wxh: new Matrix(p.Wxh), Whh: new Matrix(p.Whh), b: [...p.b] },
    upstream: p.upstream.map((g) => new Matrix(g)),
  };
}

/** Central differences of the loss with respect to every entry of one array of the problem. */
function numericGradient(p: Problem, pick: (q: Problem) => number[] | number[][]): number[] | number[][] {
  const eps = 1e-6;
  const lossWith = (bump: (arr: number[] | number[][]) => void): number => {
    const q = JSON.parse(JSON.stringify(p)) as Problem;
    bump(pick(q));
    return lossOf(q);
  };
  const target = pick(p);
  if (typeof target[0] === 'number') {
    return (target as number[]).map((_, i) =>
      (lossWith((a) => ((a as number[])[i] += eps)) - lossWith((a) => ((a as number[])[i] -= eps))) / (2 * eps));
  }
  return (target as number[][]).map((row, i) => row.map((_, j) =>
    (lossWith((a) => ((a as number[][])[i][j] += eps)) - lossWith((a) => ((a as number[][])[i][j] -= eps))) / (2 * eps)));
}

/** The library's autograd: nn.RNN (time-major) with these weights, loss Σ output ⊙ G, h0 a leaf. */
function autogradGradients(p: Problem) {
  const [input, hidden] = [p.Wxh[0].length, p.b.length];
  const rnn = new nn.RNN(input, hidden);
  // Split b over the two biases: any split must give the same gradient to each.
  const half = p.b.map((v) => v / 2);
  rnn.loadStateDict({ weight_ih_l0: p.Wxh, weight_hh_l0: p.Whh, bias_ih_l0: half, bias_hh_l0: half });
  const h0 = tensor([p.h0], { requiresGrad: true });
  const [output] = rnn.forward(tensor(p.xs), h0);
  output.mul(tensor(p.upstream)).sum().backward();
  const grad = (name: string): Tensor => {
    const param = rnn.namedParameters().find(([n]) => n === name)?.[1];
    if (!param?.grad) throw new Error(`suite bug: nn.RNN parameter ${name} has no gradient`);
    return param.grad;
  };
  return { dWxh: grad('weight_ih_l0'), dWhh: grad('weight_hh_l0'), db: grad('bias_ih_l0'), dh0: h0.grad!.select(0, 0) };
}

function asNumbers(value: unknown, name: string): number[] {
  const numeric = toNumeric(value);
  if (!numeric.ok) fail(`\`${name}\` ${numeric.problem}`);
  return numeric.value.data;
}

function resultOf(grads: unknown): { dWxh: unknown; dWhh: unknown; db: unknown; dh0: unknown } {
  if (grads === null || typeof grads !== 'object') fail(`bpttBackward should return { dWxh, dWhh, db, dh0 }, got ${grads === null ? 'null' : typeof grads}`);
  const g = grads as Record<string, unknown>;
  for (const key of ['dWxh', 'dWhh', 'db', 'dh0']) if (!(key in g)) fail(`bpttBackward's result has no \`${key}\``);
  return g as { dWxh: unknown; dWhh: unknown; db: unknown; dh0: unknown };
}

/** A multiple-choice answer, judged without revealing the right letter. */
function expectChoice(name: string, answer: unknown, correct: string): void {
  expectTrue(['a', 'b', 'c', 'd'].includes(answer as string), `${name}() should return 'a', 'b', 'c' or 'd', got ${JSON.stringify(answer)}`);
  expectTrue(answer === correct, `${name}(): '${String(answer)}' is not the right answer`);
}

function randomSizes(rng: Rng) {
  return { batch: rng.int(1, 4), input: rng.int(2, 6), hidden: rng.int(2, 7), steps: rng.int(4, 10) };
}

group('tanhBackward', {}, () => {
  check('multiplies ∂L/∂h by (1 − h²) element by element', {
    points: 1,
    hint: 'tanh\'(z) = 1 − tanh(z)² = 1 − h²: Matrix.mul(dh, Matrix.mul(h, h).neg().add(1)) (README hint 1)',
  }, async ({ rng }) => {
    const { tanhBackward } = await bptt();
    const h = rng.array([2, 3], -0.95, 0.95) as number[][];
    const dh = rng.normalArray([2, 3]) as number[][];
    const got = tanhBackward(new Matrix(h), new Matrix(dh));
    expectShape(got, [2, 3], 'tanhBackward(h, dh)');
    expectClose(got, dh.map((row, i) => row.map((v, j) => v * (1 - h[i][j] ** 2))), { ...TOL, name: 'tanhBackward(h, dh)' });
  });
});

group('bpttBackward', {}, () => {
  check('all four gradients match finite differences on a small sequence (batch 2, input 3, hidden 3, T 4)', {
    points: 3,
    hint: 'walk t = T … 1: dh = dhFromOutputs[t-1] + (gradient from step t+1), dz = dh ⊙ (1 − h_t²), sum dzᵀx_t, dzᵀh_{t-1}, dz rows; pass dz·Whh back (README hint 2)',
  }, async ({ rng }) => {
    const { bpttBackward } = await bptt();
    const p = randomProblem(rng, { batch: 2, input: 3, hidden: 3, steps: 4 });
    const { cache, params, upstream } = submissionArgs(p);
    const got = resultOf(bpttBackward(cache, params, upstream));
    expectShape(got.dWxh, [3, 3], 'dWxh');
    expectShape(got.dWhh, [3, 3], 'dWhh');
    expectShape(got.db, [3], 'db');
    expectShape(got.dh0, [2, 3], 'dh0');
    expectClose(got.dWxh, numericGradient(p, (q) => q.Wxh), { ...FD_TOL, name: 'dWxh' });
    expectClose(got.dWhh, numericGradient(p, (q) => q.Whh), { ...FD_TOL, name: 'dWhh' });
    expectClose(got.db, numericGradient(p, (q) => q.b), { ...FD_TOL, name: 'db' });
    expectClose(got.dh0, numericGradient(p, (q) => q.h0), { ...FD_TOL, name: 'dh0' });
  });

  check('leaves the cache, the weights and dhFromOutputs unchanged', {
    points: 1,
    hint: 'ml-matrix a.add(b) / a.mul(b) change a in place: use Matrix.add(a, b), Matrix.mul(a, b) or clone() (README "할 일")',
  }, async ({ rng }) => {
    const { bpttBackward } = await bptt();
    const p = randomProblem(rng, { batch: 2, input: 3, hidden: 4, steps: 5 });
    const args = submissionArgs(p);
    const before = JSON.stringify([args.cache.xs.map((m) => m.to2DArray()), args.cache.hs.map((m) => m.to2DArray()), args.params.Wxh.to2DArray(), args.params.Whh.to2DArray(), args.params.b, args.upstream.map((m) => m.to2DArray())]);
    resultOf(bpttBackward(args.cache, args.params, args.upstream));
    const after = JSON.stringify([args.cache.xs.map((m) => m.to2DArray()), args.cache.hs.map((m) => m.to2DArray()), args.params.Wxh.to2DArray(), args.params.Whh.to2DArray(), args.params.b, args.upstream.map((m) => m.to2DArray())]);
    expectTrue(before === after, 'bpttBackward changed one of its arguments (the cache, params or dhFromOutputs)');
  });

  const against = (key: 'dWxh' | 'dWhh' | 'db' | 'dh0', points: number, hint: string) =>
    check(`${key} matches the library's autograd through nn.RNN (random sizes and lengths)`, { points, visibility: 'hidden', hint }, async ({ rng }) => {
      const { bpttBackward } = await bptt();
      for (let trial = 0; trial < 3; trial++) {
        const sizes = randomSizes(rng);
        const p = randomProblem(rng, sizes);
        // Some steps without a loss of their own: their gradient comes only from the future.
        p.upstream = p.upstream.map((g, t) => (t % 3 === 1 ? g.map((row) => row.map(() => 0)) : g));
        const { cache, params, upstream } = submissionArgs(p);
        const got = resultOf(bpttBackward(cache, params, upstream));
        expectClose(got[key], autogradGradients(p)[key], { ...TOL, name: `${key} (batch ${sizes.batch}, input ${sizes.input}, hidden ${sizes.hidden}, T ${sizes.steps})` });
      }
    });
  against('dWxh', 2, 'every step adds dz_tᵀ x_t, with x_t = cache.xs[t - 1] (README hint 2, 3)');
  against('dWhh', 3, 'every step adds dz_tᵀ h_{t-1}, with h_{t-1} = cache.hs[t - 1], and dh includes the gradient from step t + 1 (README hint 2, 3)');
  against('db', 1, 'db adds up dz_t over the batch rows and over every step: dz.sum(\'column\') (README hint 2)');
  against('dh0', 2, 'after the loop, the gradient passed back from step 1 (dz_1 · Whh) is ∂L/∂h_0 (README hint 2, 3)');
});

group('hiddenGradNorms', {}, () => {
  check('returns T + 1 norms, the first one ‖∂L/∂h_T‖', {
    points: 1,
    hint: 'start with norms = [dLdhLast.norm()] and push one norm per step back (README hint 4)',
  }, async ({ rng }) => {
    const { hiddenGradNorms } = await bptt();
    const p = randomProblem(rng, { batch: 1, input: 3, hidden: 5, steps: 6 }, 0.3);
    const { cache, params } = submissionArgs(p);
    const last = rng.normalArray([1, 5]) as number[][];
    const got = hiddenGradNorms(cache, params, new Matrix(last));
    const values = asNumbers(got, 'hiddenGradNorms(...)');
    expectEqual(values.length, 7, 'the number of norms for T = 6');
    expectClose(values[0], Math.hypot(...last[0]), { ...TOL, name: 'norms[0]' });
  });

  check('every norm ‖∂L/∂h_{T−k}‖ matches the library\'s autograd', {
    points: 2,
    visibility: 'hidden',
    hint: 'one step back: dh = tanhBackward(hs[t], dh).mmul(Whh), then push dh.norm() (README hint 4)',
  }, async ({ rng }) => {
    const { hiddenGradNorms } = await bptt();
    for (let trial = 0; trial < 2; trial++) {
      const sizes = randomSizes(rng);
      const p = randomProblem(rng, sizes, rng.uniform(0.2, 0.8));
      const { cache, params } = submissionArgs(p);
      const last = rng.normalArray([sizes.batch, sizes.hidden]) as number[][];
      const got = asNumbers(hiddenGradNorms(cache, params, new Matrix(last)), 'hiddenGradNorms(...)');
      // Autograd: start nn.RNN from h_{T-k} as a leaf, run the remaining k steps, and read h0.grad.
      const hs = forwardStates(p);
      const expected = Array.from({ length: sizes.steps + 1 }, (_, k) => {
        const t = sizes.steps - k;
        if (k === 0) return Math.hypot(...last.flat());
        const rnn = new nn.RNN(sizes.input, sizes.hidden);
        rnn.loadStateDict({ weight_ih_l0: p.Wxh, weight_hh_l0: p.Whh, bias_ih_l0: p.b, bias_hh_l0: p.b.map(() => 0) });
        const start = tensor([hs[t]], { requiresGrad: true });
        const [, hN] = rnn.forward(tensor(p.xs.slice(t)), start);
        hN.mul(tensor([last])).sum().backward();
        return Math.hypot(...start.grad!.data);
      });
      expectClose(got, expected, { atol: 1e-12, rtol: 1e-8, name: `hiddenGradNorms (batch ${sizes.batch}, hidden ${sizes.hidden}, T ${sizes.steps})` });
    }
  });
});

group('questions', {}, () => {
  check('stepJacobian: the factor of one step back', { points: 1, hint: 'read the one line of hint 4: what multiplies dh? (README hint 5)' }, async () => {
    const { stepJacobian } = await questions();
    expectChoice('stepJacobian', stepJacobian(), 'b');
  });
  check('whyGradientsVanish', { points: 1, hint: 'T − t factors, each with norm below 1 (README hint 5)' }, async () => {
    const { whyGradientsVanish } = await questions();
    expectChoice('whyGradientsVanish', whyGradientsVanish(), 'b');
  });
});
