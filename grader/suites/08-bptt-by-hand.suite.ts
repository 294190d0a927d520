// Graded suite of exercise 08 (BPTT by hand): the learner's backward pass of the tanh cell through
// time is compared with central finite differences of the forward loss and with the library's
// autograd through nn.RNN loaded with the same weights; the gradient norms against the distance in
// time are compared with autograd too. The cache handed to the learner comes from this suite's own
// forward pass, never from the submission's forward.ts.
//
// The judge sends the problem as plain arrays; the probes turn them into ml-matrix matrices in the
// submission's process, call the learner's functions and send the matrices back as arrays.
import { nn, tensor, type Tensor } from '../../lib/index.ts';
import { check, expectChoice, expectClose, expectEqual, expectShape, expectTrue, expectValueAnswer, fail, group, toNumeric, type Rng, type SandboxContext } from '../kit/index.ts';

// Same sums in another order agree to ~1e-14 in float64; 1e-9 catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };
// Central differences with eps 1e-6 are good to ~1e-9 here.
const FD_TOL = { atol: 1e-6, rtol: 1e-5 };
/** The question gradientBound: ‖W_hh‖₂ and the distance T - t it asks about (questions.ts states both). */
const QUESTION_BOUND = { SIGMA_MAX: 0.8, DISTANCE: 10 };

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

function randomSizes(rng: Rng) {
  return { batch: rng.int(1, 4), input: rng.int(2, 6), hidden: rng.int(2, 7), steps: rng.int(4, 10) };
}

group('tanhBackward', {}, () => {
  check('multiplies ∂L/∂h by (1 − h²) element by element and leaves h and dh unchanged', {
    points: 1,
    hint: [
      "through h = tanh(z) the gradient is multiplied, entry by entry, by the local slope tanh'(z) = 1 - tanh(z)² = 1 - h² (see lessons/08-bptt-vanishing-gradients §2)",
      'only h is needed, not z; the result is a new matrix and h and dh stay as they were (README hint 1)',
      'Matrix.mul(dh, Matrix.mul(h, h).neg().add(1)) (README code hint 1)',
    ],
  }, async ({ rng, run }) => {
    const h = rng.array([2, 3], -0.95, 0.95) as number[][];
    const dh = rng.normalArray([2, 3]) as number[][];
    const got = await run(async ({ load, Matrix }: SandboxContext, input: { h: number[][]; dh: number[][] }) => {
      const [h, dh] = [new Matrix(input.h), new Matrix(input.dh)];
      const result = (await load('bptt.ts')).tanhBackward(h, dh);
      return { result, h: h.to2DArray(), dh: dh.to2DArray() };
    }, { h, dh });
    expectTrue(typeof got === 'object' && got !== null, 'the result of tanhBackward could not be read back');
    expectShape(got.result, [2, 3], 'tanhBackward(h, dh)');
    expectClose(got.result, dh.map((row, i) => row.map((v, j) => v * (1 - h[i][j] ** 2))), { ...TOL, name: 'tanhBackward(h, dh)' });
    expectTrue(JSON.stringify(got.h) === JSON.stringify(h), 'tanhBackward changed its argument h');
    expectTrue(JSON.stringify(got.dh) === JSON.stringify(dh), 'tanhBackward changed its argument dh');
  });
});

group('bpttBackward', {}, () => {
  check('all four gradients match finite differences on a small sequence (batch 2, input 3, hidden 3, T 4)', {
    points: 3,
    hint: [
      'h_t feeds its own output and the next step, so its gradient is the sum of both; the weights are shared, so each step adds its share (see lessons/08-bptt-vanishing-gradients §1 and §2)',
      "walk t = T … 1: add the gradient from step t + 1 to the one from step t's output, go through tanh, add each step's products to dWxh, dWhh and db, and pass the gradient on to h_(t-1) (README hints 2 and 3)",
      'dh = dhFromOutputs[t-1] + dhFuture; dz = tanhBackward(hs[t], dh); dWxh += dzᵀ·xs[t-1]; dWhh += dzᵀ·hs[t-1]; db += column sums of dz; dhFuture = dz·Whh (README code hint 2)',
    ],
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
    hint: [
      'the backward pass reads the forward cache and the weights; it must leave them, and the gradients it was given, as they were (README hint 2)',
      "ml-matrix's instance methods a.add(b), a.mul(b) change a itself (README \"할 일\")",
      'use Matrix.add(a, b), Matrix.mul(a, b) or a.clone() before changing a matrix you were given (README code hint 2)',
    ],
  }, async ({ rng, run }) => {
    const p = randomProblem(rng, { batch: 2, input: 3, hidden: 4, steps: 5 });
    const args = submissionArgs(p);
    const before = JSON.stringify([args.cache.xs, args.cache.hs, args.params.Wxh, args.params.Whh, args.params.b, args.upstream]);
    const returned = await run(bpttProbe, args);
    resultOf(returned);
    // The arrays went to the probe as JSON and came back as JSON: equal text means equal values.
    expectTrue(Array.isArray(returned.after) && before === JSON.stringify(returned.after), 'bpttBackward changed one of its arguments (the cache, params or dhFromOutputs)');
  });

  const against = (key: 'dWxh' | 'dWhh' | 'db' | 'dh0', points: number, hint: string[]) =>
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
  against('dWxh', 2, [
    'W_xh acts at every step, so its gradient is a sum over all steps of (∂L/∂z_t)ᵀ x_t (see lessons/08-bptt-vanishing-gradients §2)',
    'x_t is cache.xs[t - 1]: the inputs are shifted by one against the states; the sum has the shape of W_xh (README hints 2 and 3)',
  ]);
  against('dWhh', 3, [
    'W_hh acts at every step, so its gradient is a sum over all steps of (∂L/∂z_t)ᵀ h_(t-1), where ∂L/∂h_t also carries what came back from step t + 1 (see lessons/08-bptt-vanishing-gradients §2)',
    'h_(t-1) is cache.hs[t - 1]; steps without a loss of their own still pass a gradient on (README hints 2 and 3)',
  ]);
  against('db', 1, [
    'b is added at every step and to every row of the batch, so its gradient adds ∂L/∂z_t over both (see lessons/08-bptt-vanishing-gradients §2)',
    'db has one number per hidden unit: the column sums of dz_t, added over t (README hint 2)',
  ]);
  against('dh0', 2, [
    'h_0 enters only step 1, through h_0 W_hhᵀ: its gradient is what step 1 passes back (see lessons/08-bptt-vanishing-gradients §2)',
    'the gradient to h_(t-1) is ∂L/∂z_t times W_hh, without a transpose; after the loop it is ∂L/∂h_0 (README hints 2 and 3)',
  ]);
});

group('hiddenGradNorms', {}, () => {
  check('returns T + 1 norms, the first one ‖∂L/∂h_T‖', {
    points: 1,
    hint: [
      'distance 0 is the gradient at h_T itself; each step back gives one more distance, up to h_0 (see lessons/08-bptt-vanishing-gradients §5)',
      'T steps back from ∂L/∂h_T give T + 1 norms in all, the first one the norm of ∂L/∂h_T (README hint 4)',
      'norms = [dLdhLast.norm()], then one norms.push(dh.norm()) per step back (README code hint 4)',
    ],
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
    hint: [
      'one step back multiplies the row gradient by diag(1 - h_t²) W_hh; with a loss only at the last step nothing else is added (see lessons/08-bptt-vanishing-gradients §3)',
      'go through tanh at h_t, then through W_hh (no transpose), for t = T … 1; the norm is the Frobenius norm over the whole batch (README hint 4)',
      'dh = tanhBackward(hs[t], dh).mmul(Whh), then norms.push(dh.norm()) (README code hint 4)',
    ],
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
  const LESSON = 'lessons/08-bptt-vanishing-gradients';
  check('stepJacobian: the factor of one step back', {
    points: 1,
    hint: [
      `h_t = tanh(z_t) with z_t = … + h_(t-1) W_hhᵀ: going back one step passes through tanh first, then through W_hh (see ${LESSON} §2 and §3)`,
      'read the one line of hint 4: what multiplies dh on its way from h_t to h_(t-1)? (README hint 5)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'stepJacobian'), {
      name: 'stepJacobian',
      answer: 'b',
      misses: {
        a: 'between h_(t-1) and h_t there is a tanh as well, and its slope 1 - h_t² scales every unit',
        c: 'W_xh leads from the input x_t, not from h_(t-1), so it is not on the path back through the hidden states',
        d: 'the chain rule multiplies slopes: tanh appears through its derivative 1 - h², not applied to the weights',
      },
      lesson: `${LESSON} §3`,
    });
  });

  check('whyGradientsVanish', {
    points: 1,
    hint: [
      `∂h_T/∂h_t is a product of T - t factors of the same kind (see ${LESSON} §3)`,
      'what happens to a product of many factors whose norm is below 1? (README hint 5)',
    ],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'whyGradientsVanish'), {
      name: 'whyGradientsVanish',
      answer: 'b',
      misses: {
        a: 'a sum of losses gives each step its own full gradient; the shrinking comes from going back through many steps',
        c: 'tanh bounds the slopes by 1, not by 1/T: the length of the sequence enters through the number of factors',
        d: 'an RNN shares one W_hh across every step (weight sharing); the same factor repeated is what makes the decay exponential',
      },
      lesson: `${LESSON} §3`,
    });
  });

  check('gradientBound: what ‖W_hh‖₂ < 1 guarantees at a distance of 10 steps', {
    points: 1,
    hint: [
      `|tanh'| ≤ 1, so each factor diag(1 - h²) W_hh stretches a vector at most by σ_max(W_hh) = ‖W_hh‖₂ (see ${LESSON} §3)`,
      'T - t factors, each at most σ_max: the bound is a power; the answer is a number (README hint 6)',
    ],
  }, async ({ run }) => {
    // Lesson 08 §3: ‖∂h_T/∂h_t‖ ≤ σ_max^(T-t), for the σ_max and the distance the question states.
    const { SIGMA_MAX, DISTANCE } = QUESTION_BOUND;
    expectValueAnswer(await run(questionProbe, 'gradientBound'), {
      name: 'gradientBound',
      expected: SIGMA_MAX ** DISTANCE,
      idea: 'It is the upper bound on ‖∂h_T/∂h_t‖ that |tanh\'| ≤ 1 and ‖W_hh‖₂ give for T - t = 10: one factor per step.',
      lesson: `${LESSON} §3`,
      rtol: 0.01,
    });
  });
});
