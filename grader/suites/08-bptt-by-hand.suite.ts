// Graded suite of exercise 08 (BPTT by hand): the learner's backward pass of the tanh cell through
// time is compared with central finite differences of the forward loss and with the library's
// autograd through nn.RNN loaded with the same weights; the gradient norms against the distance in
// time are compared with autograd too. The cache handed to the learner comes from this suite's own
// forward pass, never from the submission's forward.ts.
//
// The judge sends the problem as plain arrays; the probes turn them into ml-matrix matrices in the
// submission's process, call the learner's functions and send the matrices back as arrays.
import { nn, tensor, type Tensor } from '../../lib/index.ts';
import { check, expectClose, expectEqual, expectShape, expectTrue, fail, group, toNumeric, type Rng, type SandboxContext } from '../kit/index.ts';

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

/** What the learner's functions are called with, as plain arrays: the probes make matrices of them. */
interface Args {
  cache: { xs: number[][][]; hs: number[][][] };
  params: { Wxh: number[][]; Whh: number[][]; b: number[] };
  upstream: number[][][];
}

function submissionArgs(p: Problem): Args {
  return {
    cache: { xs: p.xs, hs: forwardStates(p) },
    params: { Wxh: p.Wxh, Whh: p.Whh, b: [...p.b] },
    upstream: p.upstream,
  };
}

/**
 * Probe: bpttBackward on matrices built from the arguments. Returns its result (matrices become
 * arrays) and every argument as it is after the call, to see whether the learner changed one.
 */
const bpttProbe = async ({ load, Matrix }: SandboxContext, args: Args) => {
  const { bpttBackward } = await load('bptt.ts');
  const cache = { xs: args.cache.xs.map((x) => new Matrix(x)), hs: args.cache.hs.map((h) => new Matrix(h)) };
  const params = { Wxh: new Matrix(args.params.Wxh), Whh: new Matrix(args.params.Whh), b: [...args.params.b] };
  const upstream = args.upstream.map((g) => new Matrix(g));
  const grads = bpttBackward(cache, params, upstream);
  let after: unknown = null;
  try {
    after = [cache.xs.map((m) => m.to2DArray()), cache.hs.map((m) => m.to2DArray()), params.Wxh.to2DArray(), params.Whh.to2DArray(), Array.from(params.b), upstream.map((m) => m.to2DArray())];
  } catch {
    // Arguments replaced by something unreadable: only the check of unchanged arguments cares (after stays null).
  }
  return { grads, after };
};

/** Probe: hiddenGradNorms on matrices built from the cache, the parameters and ∂L/∂h_T. */
const normsProbe = async ({ load, Matrix }: SandboxContext, input: { args: Args; last: number[][] }) => {
  const { hiddenGradNorms } = await load('bptt.ts');
  const { cache, params } = input.args;
  return hiddenGradNorms(
    { xs: cache.xs.map((x) => new Matrix(x)), hs: cache.hs.map((h) => new Matrix(h)) },
    { Wxh: new Matrix(params.Wxh), Whh: new Matrix(params.Whh), b: [...params.b] },
    new Matrix(input.last),
  );
};

const questionProbe = async ({ load }: SandboxContext, name: string) => (await load('questions.ts'))[name]();

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

function resultOf(returned: { grads?: unknown }): { dWxh: unknown; dWhh: unknown; db: unknown; dh0: unknown } {
  const grads = returned.grads;
  if (grads === null || typeof grads !== 'object' || Array.isArray(grads)) fail(`bpttBackward should return { dWxh, dWhh, db, dh0 }, got ${grads === null ? 'null' : Array.isArray(grads) ? 'an array' : typeof grads}`);
  const g = grads as Record<string, unknown>;
  for (const key of ['dWxh', 'dWhh', 'db', 'dh0']) if (!(key in g)) fail(`bpttBackward's result has no \`${key}\``);
  return g as { dWxh: unknown; dWhh: unknown; db: unknown; dh0: unknown };
}

/** A multiple-choice answer, judged without revealing the right letter. */
function expectChoice(name: string, answer: unknown, correct: string): void {
  expectTrue(['a', 'b', 'c', 'd'].includes(answer as string), `${name}() should return 'a', 'b', 'c' or 'd', got ${typeof answer === 'string' ? JSON.stringify(answer) : String(answer)}`);
  expectTrue(answer === correct, `${name}(): '${String(answer)}' is not the right answer`);
}

function randomSizes(rng: Rng) {
  return { batch: rng.int(1, 4), input: rng.int(2, 6), hidden: rng.int(2, 7), steps: rng.int(4, 10) };
}

group('tanhBackward', {}, () => {
  check('multiplies ∂L/∂h by (1 − h²) element by element', {
    points: 1,
    hint: 'tanh\'(z) = 1 − tanh(z)² = 1 − h²: Matrix.mul(dh, Matrix.mul(h, h).neg().add(1)) (README hint 1)',
  }, async ({ rng, run }) => {
    const h = rng.array([2, 3], -0.95, 0.95) as number[][];
    const dh = rng.normalArray([2, 3]) as number[][];
    const got = await run(async ({ load, Matrix }: SandboxContext, input: { h: number[][]; dh: number[][] }) =>
      (await load('bptt.ts')).tanhBackward(new Matrix(input.h), new Matrix(input.dh)), { h, dh });
    expectShape(got, [2, 3], 'tanhBackward(h, dh)');
    expectClose(got, dh.map((row, i) => row.map((v, j) => v * (1 - h[i][j] ** 2))), { ...TOL, name: 'tanhBackward(h, dh)' });
  });
});

group('bpttBackward', {}, () => {
  check('all four gradients match finite differences on a small sequence (batch 2, input 3, hidden 3, T 4)', {
    points: 3,
    hint: 'walk t = T … 1: dh = dhFromOutputs[t-1] + (gradient from step t+1), dz = dh ⊙ (1 − h_t²), sum dzᵀx_t, dzᵀh_{t-1}, dz rows; pass dz·Whh back (README hint 2)',
  }, async ({ rng, run }) => {
    const p = randomProblem(rng, { batch: 2, input: 3, hidden: 3, steps: 4 });
    const got = resultOf(await run(bpttProbe, submissionArgs(p)));
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
  }, async ({ rng, run }) => {
    const p = randomProblem(rng, { batch: 2, input: 3, hidden: 4, steps: 5 });
    const args = submissionArgs(p);
    const before = JSON.stringify([args.cache.xs, args.cache.hs, args.params.Wxh, args.params.Whh, args.params.b, args.upstream]);
    const returned = await run(bpttProbe, args);
    resultOf(returned);
    // The arrays went to the probe as JSON and came back as JSON: equal text means equal values.
    expectTrue(Array.isArray(returned.after) && before === JSON.stringify(returned.after), 'bpttBackward changed one of its arguments (the cache, params or dhFromOutputs)');
  });

  const against = (key: 'dWxh' | 'dWhh' | 'db' | 'dh0', points: number, hint: string) =>
    check(`${key} matches the library's autograd through nn.RNN (random sizes and lengths)`, { points, visibility: 'hidden', hint }, async ({ rng, run }) => {
      for (let trial = 0; trial < 3; trial++) {
        const sizes = randomSizes(rng);
        const p = randomProblem(rng, sizes);
        // Some steps without a loss of their own: their gradient comes only from the future.
        p.upstream = p.upstream.map((g, t) => (t % 3 === 1 ? g.map((row) => row.map(() => 0)) : g));
        const got = resultOf(await run(bpttProbe, submissionArgs(p)));
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
  }, async ({ rng, run }) => {
    const p = randomProblem(rng, { batch: 1, input: 3, hidden: 5, steps: 6 }, 0.3);
    const last = rng.normalArray([1, 5]) as number[][];
    const got = await run(normsProbe, { args: submissionArgs(p), last });
    const values = asNumbers(got, 'hiddenGradNorms(...)');
    expectEqual(values.length, 7, 'the number of norms for T = 6');
    expectClose(values[0], Math.hypot(...last[0]), { ...TOL, name: 'norms[0]' });
  });

  check('every norm ‖∂L/∂h_{T−k}‖ matches the library\'s autograd', {
    points: 2,
    visibility: 'hidden',
    hint: 'one step back: dh = tanhBackward(hs[t], dh).mmul(Whh), then push dh.norm() (README hint 4)',
  }, async ({ rng, run }) => {
    for (let trial = 0; trial < 2; trial++) {
      const sizes = randomSizes(rng);
      const p = randomProblem(rng, sizes, rng.uniform(0.2, 0.8));
      const last = rng.normalArray([sizes.batch, sizes.hidden]) as number[][];
      const got = asNumbers(await run(normsProbe, { args: submissionArgs(p), last }), 'hiddenGradNorms(...)');
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
  check('stepJacobian: the factor of one step back', { points: 1, hint: 'read the one line of hint 4: what multiplies dh? (README hint 5)' }, async ({ run }) => {
    expectChoice('stepJacobian', await run(questionProbe, 'stepJacobian'), 'b');
  });
  check('whyGradientsVanish', { points: 1, hint: 'T − t factors, each with norm below 1 (README hint 5)' }, async ({ run }) => {
    expectChoice('whyGradientsVanish', await run(questionProbe, 'whyGradientsVanish'), 'b');
  });
});
