// Graded suite of exercise 10 (LSTM and GRU): the learner's LSTM and GRU steps, written from the gate
// equations on the library's stacked parameter layout, give nn.LSTM / nn.GRU's values and gradients
// at 1e-9; MyLSTM / MyGRU run them over a sequence with nn.LSTM / nn.GRU's names, shapes, init and
// state handling; and on lesson 11's remember-the-first-symbol task the gated layers, started by the
// learner's keepMemoryAtStart, learn what the plain RNN trained the same way does not.
//
// The judge draws every weight, input and test sequence and computes every reference with the
// library; the probes build tensors from plain arrays in the submission's process, call the
// learner's code and send back values, gradients, names and logits.
import { nn, tensor, zeros, type Tensor } from '../../lib/index.ts';
import {
  check, expectChoice, expectClose, expectEqual, expectShape, expectTrue, expectValueAnswer, fail, group, toNumeric,
  type Rng, type SandboxContext,
} from '../kit/index.ts';

// Same arithmetic in another order: float64 agrees to ~1e-15; 1e-9 leaves room and catches every real mistake.
const TOL = { atol: 1e-9, rtol: 1e-9 };
const LESSON = 'lessons/11-lstm-gru';

// The task as lesson 11 runs it: 60 steps, hidden 16, batches of 16, Adam lr 0.02, 150 updates.
const TASK = { steps: 60, iterations: 150, batchSize: 16, hiddenSize: 16, lr: 0.02 };
const TEST_SEQUENCES = 256;
/** A gated layer must reach this test accuracy in one of TRIES training runs (chance is 0.25). */
const GATED_MIN = 0.9;
/** The plain RNN, trained the same way, must stay at or below this in one of TRIES runs. */
const RNN_MAX = 0.8;
/**
 * Runs per model at most, a further one only when the one before missed. Measured with the reference
 * solution: a single run of the RNN learns the task about one time in 12 (13 of 160 seeds), a single
 * run of the LSTM misses it about one time in 17 (7 of 120), the GRU never did (0 of 40); with four
 * tries a correct solution loses this check about once in 20 000 gradings.
 */
const TRIES = 4;
// One training run of the task takes about a second on a quiet machine; the default 10 s per call is for quick calls.
const TRAINING_TIMEOUT_MS = 90_000;

type Gated = 'LSTM' | 'GRU';
const GATES: Record<Gated, number> = { LSTM: 4, GRU: 3 };

/** One layer's weights as plain arrays, in the library's layout (G·H rows). */
interface Weights {
  weight_ih: number[][];
  weight_hh: number[][];
  bias_ih: number[];
  bias_hh: number[];
}

function randomWeights(rng: Rng, gates: number, inputSize: number, hiddenSize: number, scale = 0.8): Weights {
  return {
    weight_ih: rng.array([gates * hiddenSize, inputSize], -scale, scale) as number[][],
    weight_hh: rng.array([gates * hiddenSize, hiddenSize], -scale, scale) as number[][],
    bias_ih: rng.array([gates * hiddenSize], -scale, scale) as number[],
    bias_hh: rng.array([gates * hiddenSize], -scale, scale) as number[],
  };
}

function layerKeys(w: Weights): Record<string, number[][] | number[]> {
  return { weight_ih_l0: w.weight_ih, weight_hh_l0: w.weight_hh, bias_ih_l0: w.bias_ih, bias_hh_l0: w.bias_hh };
}

// The library's modules draw their (here overwritten) initial weights from the global generator; the
// reference computations below are synchronous, so they never split another check's seeded stream.

/** nn.LSTM / nn.GRU (one layer, batchFirst) loaded with these weights. */
function libraryLayer(kind: Gated, w: Weights): nn.LSTM | nn.GRU {
  const inputSize = w.weight_ih[0].length;
  const hiddenSize = w.weight_hh[0].length;
  const layer = kind === 'LSTM' ? new nn.LSTM(inputSize, hiddenSize, { batchFirst: true }) : new nn.GRU(inputSize, hiddenSize, { batchFirst: true });
  layer.loadStateDict(layerKeys(w));
  return layer;
}

/** Runs the library's layer over x (N, T, in) from [h0, c0] (or h0), each (1, N, H); returns output and the final state(s). */
function libraryRun(kind: Gated, layer: nn.LSTM | nn.GRU, x: Tensor, h0: Tensor, c0?: Tensor): { output: Tensor; hN: Tensor; cN?: Tensor } {
  if (kind === 'LSTM') {
    const [output, [hN, cN]] = (layer as nn.LSTM).forward(x, [h0, c0!]);
    return { output, hN, cN };
  }
  const [output, hN] = (layer as nn.GRU).forward(x, h0);
  return { output, hN };
}

/** One step of the library's layer: x (N, in), h (N, H), c (N, H) → h' (and c'), each (N, H). */
function libraryStep(kind: Gated, w: Weights, x: number[][], h: number[][], c?: number[][]) {
  const layer = libraryLayer(kind, w);
  const run = libraryRun(kind, layer, tensor(x).unsqueeze(1), tensor([h]), c ? tensor([c]) : undefined);
  return { h: run.hN.select(0, 0), c: run.cN?.select(0, 0) };
}

function grad(t: Tensor | null | undefined, what: string): Tensor {
  if (!t) throw new Error(`suite bug: the library left no gradient for ${what}`);
  return t;
}

/** A gradient the probe sent back, or a failure saying that backward() never reached it. */
function gotGrad(grads: Record<string, unknown> | undefined, key: string, name: string): unknown {
  const value = grads?.[key];
  if (value === null || value === undefined) fail(`${name} is empty after backward(): the loss does not reach it through your operations (autograd)`);
  return value;
}

// ---- probes (they run in the submission's process and may use only their two arguments) ----

interface StepCase {
  w: Weights;
  x: number[][];
  h: number[][];
  c?: number[][];
}

/** lstmCell / gruCell on each case; the result as data. */
const stepProbe = async ({ load, lib }: SandboxContext, input: { kind: Gated; cases: StepCase[] }) => {
  const { lstmCell, gruCell } = await load('cells.ts');
  return input.cases.map(({ w, x, h, c }) => {
    const weights = { weight_ih: lib.tensor(w.weight_ih), weight_hh: lib.tensor(w.weight_hh), bias_ih: lib.tensor(w.bias_ih), bias_hh: lib.tensor(w.bias_hh) };
    if (input.kind === 'LSTM') {
      const result = lstmCell(lib.tensor(x), [lib.tensor(h), lib.tensor(c!)], weights);
      return Array.isArray(result) ? { h: result[0], c: result[1] } : { h: result, c: null };
    }
    return { h: gruCell(lib.tensor(x), lib.tensor(h), weights) };
  });
};

/** Autograd through the learner's step: loss = Σ h' ⊙ Gh (+ Σ c' ⊙ Gc); every leaf's gradient (null where none). */
const stepGradProbe = async ({ load, lib }: SandboxContext, input: { kind: Gated; step: StepCase; Gh: number[][]; Gc?: number[][] }) => {
  const { lstmCell, gruCell } = await load('cells.ts');
  const leaf = (a: number[][] | number[]) => lib.tensor(a, { requiresGrad: true });
  const { w } = input.step;
  const weights = { weight_ih: leaf(w.weight_ih), weight_hh: leaf(w.weight_hh), bias_ih: leaf(w.bias_ih), bias_hh: leaf(w.bias_hh) };
  const x = leaf(input.step.x);
  const h = leaf(input.step.h);
  const c = input.kind === 'LSTM' ? leaf(input.step.c!) : null;
  if (input.kind === 'LSTM') {
    const [hNext, cNext] = lstmCell(x, [h, c], weights);
    hNext.mul(lib.tensor(input.Gh)).sum().add(cNext.mul(lib.tensor(input.Gc!)).sum()).backward();
  } else {
    gruCell(x, h, weights).mul(lib.tensor(input.Gh)).sum().backward();
  }
  return {
    weight_ih: weights.weight_ih.grad ?? null, weight_hh: weights.weight_hh.grad ?? null,
    bias_ih: weights.bias_ih.grad ?? null, bias_hh: weights.bias_hh.grad ?? null,
    x: x.grad ?? null, h: h.grad ?? null, c: c?.grad ?? null,
  };
};

interface LayerCase {
  w: Weights;
  x: number[][][];
  /** (1, N, H) each, or absent: no state passed. */
  h0?: number[][][];
  c0?: number[][][];
}

/** MyLSTM / MyGRU loaded with the weights: forward with the given state, then (same module) forward without one. */
const layerProbe = async ({ load, lib }: SandboxContext, input: { kind: Gated; case: LayerCase; again: boolean }) => {
  const { MyLSTM, MyGRU } = await load('layers.ts');
  const { w, x, h0, c0 } = input.case;
  const Layer = input.kind === 'LSTM' ? MyLSTM : MyGRU;
  const layer = new Layer(w.weight_ih[0].length, w.weight_hh[0].length);
  layer.loadStateDict({ weight_ih_l0: w.weight_ih, weight_hh_l0: w.weight_hh, bias_ih_l0: w.bias_ih, bias_hh_l0: w.bias_hh });
  const call = (withState: boolean) => {
    const state = !withState || !h0 ? undefined : input.kind === 'LSTM' ? [lib.tensor(h0), lib.tensor(c0!)] : lib.tensor(h0);
    const [output, final] = lib.noGrad(() => layer.forward(lib.tensor(x), state));
    return input.kind === 'LSTM' && Array.isArray(final) ? { output, hN: final[0], cN: final[1] } : { output, hN: final };
  };
  const first = call(true);
  return { first, second: input.again ? call(false) : null };
};

/** Autograd through MyLSTM / MyGRU from a given state: loss = Σ output ⊙ Go + Σ h_n ⊙ Gh (+ Σ c_n ⊙ Gc). */
const layerGradProbe = async ({ load, lib }: SandboxContext, input: { kind: Gated; case: LayerCase; Go: number[][][]; Gh: number[][][]; Gc?: number[][][] }) => {
  const { MyLSTM, MyGRU } = await load('layers.ts');
  const { w } = input.case;
  const Layer = input.kind === 'LSTM' ? MyLSTM : MyGRU;
  const layer = new Layer(w.weight_ih[0].length, w.weight_hh[0].length);
  layer.loadStateDict({ weight_ih_l0: w.weight_ih, weight_hh_l0: w.weight_hh, bias_ih_l0: w.bias_ih, bias_hh_l0: w.bias_hh });
  const leaf = (a: number[][][]) => lib.tensor(a, { requiresGrad: true });
  const x = leaf(input.case.x);
  const h0 = leaf(input.case.h0!);
  const c0 = input.kind === 'LSTM' ? leaf(input.case.c0!) : null;
  const [output, final] = layer.forward(x, input.kind === 'LSTM' ? [h0, c0] : h0);
  let loss = output.mul(lib.tensor(input.Go)).sum();
  if (input.kind === 'LSTM') loss = loss.add(final[0].mul(lib.tensor(input.Gh)).sum()).add(final[1].mul(lib.tensor(input.Gc!)).sum());
  else loss = loss.add(final.mul(lib.tensor(input.Gh)).sum());
  loss.backward();
  const grads: Record<string, unknown> = Object.fromEntries(
    [...layer.namedParameters()].map(([name, p]: [string, { grad: unknown }]) => [name, p.grad ?? null]),
  );
  return { ...grads, x: x.grad ?? null, h0: h0.grad ?? null, c0: c0?.grad ?? null };
};

const questionProbe = async ({ load }: SandboxContext, name: string) => (await load('questions.ts'))[name]();

// ---- the step by hand ----

function stepChecks(kind: Gated): void {
  const G = GATES[kind];
  const cell = kind === 'LSTM' ? 'lstmCell' : 'gruCell';
  const section = kind === 'LSTM' ? `${LESSON} §3` : `${LESSON} §4`;
  const hintEquations = kind === 'LSTM'
    ? [
        `Four gates from the stacked rows in PyTorch's order i, f, g, o (σ, σ, tanh, σ); then c' = f ⊙ c + i ⊙ g and h' = o ⊙ tanh(c') (see ${section})`,
        'Gate k owns rows [k·H, (k+1)·H) of weight_ih, weight_hh and of both biases; each gate adds x W_ikᵀ + b_ik + h W_hkᵀ + b_hk',
        'pre(k) = x.matmul(weight_ih.narrow(0, k*H, H).T).add(bias_ih.narrow(0, k*H, H)).add(h.matmul(weight_hh.narrow(0, k*H, H).T)).add(bias_hh.narrow(0, k*H, H)) (README hint 1)',
      ]
    : [
        `Three gates from the stacked rows in PyTorch's order r, z, n; n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) and h' = (1 − z) ⊙ n + z ⊙ h (see ${section})`,
        'r multiplies the whole hidden-side term W_hn h + b_hn, not h; z is the share of the old state that is kept',
        'n = fromInput(2).add(r.mul(fromHidden(2))).tanh(); h\' = z.neg().add(1).mul(n).add(z.mul(h)) (README hint 2)',
      ];

  group(`${cell} (one step by hand)`, {}, () => {
    check(`batch 2, input 3, hidden 4, non-zero state: equals one step of nn.${kind}`, { points: 2, hint: hintEquations }, async ({ rng, run }) => {
      const w = randomWeights(rng, G, 3, 4);
      const step: StepCase = { w, x: rng.array([2, 3]) as number[][], h: rng.array([2, 4], -0.9, 0.9) as number[][] };
      if (kind === 'LSTM') step.c = rng.array([2, 4], -1.5, 1.5) as number[][];
      const expected = libraryStep(kind, w, step.x, step.h, step.c);
      const [got] = await run(stepProbe, { kind, cases: [step] });
      expectShape(got?.h, [2, 4], kind === 'LSTM' ? "h' of lstmCell(...)" : 'gruCell(...)');
      expectClose(got.h, expected.h, { ...TOL, name: kind === 'LSTM' ? "h' of lstmCell(...)" : 'gruCell(...)' });
      if (kind === 'LSTM') {
        expectShape(got.c, [2, 4], "c' of lstmCell(...)");
        expectClose(got.c, expected.c!, { ...TOL, name: "c' of lstmCell(...)" });
      }
    });

    check(`random sizes, batch 1 and hidden 1 included: equals nn.${kind}`, { points: 2, visibility: 'hidden', hint: hintEquations }, async ({ rng, run }) => {
      const sizes = [{ batch: 1, input: rng.int(1, 4), hidden: 1 }, { batch: 1, input: rng.int(2, 6), hidden: rng.int(2, 7) }, { batch: rng.int(2, 6), input: rng.int(1, 7), hidden: rng.int(2, 9) }];
      const cases: StepCase[] = sizes.map(({ batch, input, hidden }) => {
        const step: StepCase = { w: randomWeights(rng, G, input, hidden, 1), x: rng.array([batch, input]) as number[][], h: rng.array([batch, hidden], -0.9, 0.9) as number[][] };
        if (kind === 'LSTM') step.c = rng.array([batch, hidden], -2, 2) as number[][];
        return step;
      });
      const expected = cases.map((s) => libraryStep(kind, s.w, s.x, s.h, s.c));
      const got = await run(stepProbe, { kind, cases });
      expectTrue(Array.isArray(got) && got.length === cases.length, `${cell} results could not be read back`);
      sizes.forEach(({ batch, input, hidden }, k) => {
        const what = `(batch ${batch}, input ${input}, hidden ${hidden})`;
        expectClose(got[k]?.h, expected[k].h, { ...TOL, name: kind === 'LSTM' ? `h' of lstmCell ${what}` : `gruCell ${what}` });
        if (kind === 'LSTM') expectClose(got[k]?.c, expected[k].c!, { ...TOL, name: `c' of lstmCell ${what}` });
      });
    });

    check(`gradients through ${cell} (weights, x, h${kind === 'LSTM' ? ', c' : ''}) equal nn.${kind}'s`, {
      points: 2,
      visibility: 'hidden',
      hint: [
        `Autograd follows only library tensor operations: build every gate from the given tensors (no copies through .data, toArray or ml-matrix), and the gradients come out by themselves (see ${section})`,
        ...hintEquations.slice(1),
      ],
    }, async ({ rng, run }) => {
      const batch = rng.int(1, 4);
      const input = rng.int(2, 6);
      const hidden = rng.int(2, 6);
      const w = randomWeights(rng, G, input, hidden);
      const step: StepCase = { w, x: rng.array([batch, input]) as number[][], h: rng.array([batch, hidden], -0.9, 0.9) as number[][] };
      if (kind === 'LSTM') step.c = rng.array([batch, hidden], -1.5, 1.5) as number[][];
      const Gh = rng.normalArray([batch, hidden]) as number[][];
      const Gc = kind === 'LSTM' ? (rng.normalArray([batch, hidden]) as number[][]) : undefined;

      const layer = libraryLayer(kind, w);
      const x = tensor(step.x, { requiresGrad: true });
      const h = tensor(step.h, { requiresGrad: true });
      const c = step.c ? tensor(step.c, { requiresGrad: true }) : undefined;
      const out = libraryRun(kind, layer, x.unsqueeze(1), h.unsqueeze(0), c?.unsqueeze(0));
      let loss = out.hN.select(0, 0).mul(tensor(Gh)).sum();
      if (Gc) loss = loss.add(out.cN!.select(0, 0).mul(tensor(Gc)).sum());
      loss.backward();
      const expected: [string, Tensor][] = [
        ['weight_ih', grad(layer.weight_ih_l0.grad, 'weight_ih')],
        ['weight_hh', grad(layer.weight_hh_l0.grad, 'weight_hh')],
        ['bias_ih', grad(layer.bias_ih_l0?.grad, 'bias_ih')],
        ['bias_hh', grad(layer.bias_hh_l0?.grad, 'bias_hh')],
        ['x', grad(x.grad, 'x')],
        ['h', grad(h.grad, 'h')],
      ];
      if (c) expected.push(['c', grad(c.grad, 'c')]);

      const got = await run(stepGradProbe, { kind, step, Gh, Gc });
      for (const [key, value] of expected) expectClose(gotGrad(got, key, `${key}.grad`), value, { ...TOL, name: `${key}.grad` });
    });
  });
}

stepChecks('LSTM');
stepChecks('GRU');

// ---- the layers over a sequence ----

function layerChecks(kind: Gated): void {
  const G = GATES[kind];
  const Name = kind === 'LSTM' ? 'MyLSTM' : 'MyGRU';
  const stateWords = kind === 'LSTM' ? '[h0, c0]' : 'h0';

  group(`${Name} (the step over a sequence)`, {}, () => {
    check(`registers weight_ih_l0 (${G}H, in), weight_hh_l0 (${G}H, H), bias_ih_l0 and bias_hh_l0 (${G}H) as trainable Parameters, like nn.${kind}`, {
      points: 1,
      hint: [
        `The same names and shapes as nn.${kind}, so a state dict moves between them: ${G} gate blocks of H rows stacked in each (see ${LESSON} §3–4 and its table of shapes)`,
        `this.weight_ih_l0 = new nn.Parameter(...) with shape [${G} * hiddenSize, inputSize], and so on (README hint 3)`,
      ],
    }, async ({ run }) => {
      const got = await run(async ({ load }: SandboxContext, name: string) => {
        const layers = await load('layers.ts');
        const layer = new layers[name](3, 5);
        return [...layer.namedParameters()].map(([n, p]: [string, { shape: number[]; requiresGrad: boolean }]) => [n, [...p.shape], p.requiresGrad === true]);
      }, Name);
      expectTrue(Array.isArray(got) && got.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Array.isArray(p[1])), `the parameters of new ${Name}(3, 5) could not be read`);
      const shapes = Object.fromEntries((got as [string, number[]][]).map(([n, s]) => [n, s]));
      expectEqual(shapes, { weight_ih_l0: [G * 5, 3], weight_hh_l0: [G * 5, 5], bias_ih_l0: [G * 5], bias_hh_l0: [G * 5] }, `parameter names and shapes of new ${Name}(3, 5)`);
      for (const [name, , requiresGrad] of got as [string, number[], unknown][]) expectTrue(requiresGrad === true, `parameter ${name} does not require gradients`);
    });

    check(`starts from U(−1/√H, 1/√H) like nn.${kind}`, {
      points: 1,
      visibility: 'hidden',
      hint: [
        `nn.${kind} draws every parameter, biases included, uniformly from (−1/√H, 1/√H) with H the hidden size (see lessons/02-rnn-cell on initialisation)`,
        'nn.init.uniform_(zeros(shape), -bound, bound) with bound = 1 / Math.sqrt(hiddenSize) (README hint 3)',
      ],
    }, async ({ rng, run }) => {
      const seed = rng.int(0, 1_000_000);
      const inputSize = rng.int(3, 7);
      const hiddenSize = rng.int(5, 11);
      const values = await run(async ({ load, lib }: SandboxContext, input: { name: string; seed: number; inputSize: number; hiddenSize: number }) => {
        const layers = await load('layers.ts');
        lib.manualSeed(input.seed);
        return new layers[input.name](input.inputSize, input.hiddenSize).parameters().flatMap((p: { data: Float64Array }) => Array.from(p.data));
      }, { name: Name, seed, inputSize, hiddenSize });
      const numeric = toNumeric(values);
      if (!numeric.ok) fail(`the parameters of ${Name} could not be read as numbers`);
      const flat = numeric.value.data;
      const bound = 1 / Math.sqrt(hiddenSize);
      expectTrue(flat.length === G * hiddenSize * (inputSize + hiddenSize + 2), `${Name} has the wrong number of parameter values`);
      expectTrue(flat.every((v) => Math.abs(v) <= bound), 'some initial parameters lie outside [−1/√hiddenSize, 1/√hiddenSize]');
      const mean = flat.reduce((s, v) => s + v, 0) / flat.length;
      const spread = Math.sqrt(flat.reduce((s, v) => s + (v - mean) ** 2, 0) / flat.length);
      // U(−a, a) has mean 0 and standard deviation a/√3 ≈ 0.58 a.
      expectTrue(Math.abs(mean) < 0.2 * bound && spread > 0.4 * bound, 'the initial parameters are not spread evenly around 0 across (−1/√hiddenSize, 1/√hiddenSize)');
    });

    const loopHint = [
      `Start from the given state (zeros when none is given), apply the step at every time step with the same weights, keep every h, and return what nn.${kind} returns (see ${LESSON} §3–4 and lessons/03-nn-rnn-shapes for the shapes)`,
      `The state arrives and leaves as (1, N, H), the step works on (N, H); nothing may carry over from one forward call to the next`,
      `h = state ? state[0].select(0, 0) : zeros([N, H]); for t: x.select(1, t); output = stack(hs, 1); final state h.unsqueeze(0) (README hint 3)`,
    ];

    check(`forward over 5 steps from a zero state equals nn.${kind} (output, h_n${kind === 'LSTM' ? ', c_n' : ''})`, { points: 2, hint: loopHint }, async ({ rng, run }) => {
      const w = randomWeights(rng, G, 3, 4, 0.7);
      const x = rng.array([2, 5, 3]) as number[][][];
      const expected = libraryRun(kind, libraryLayer(kind, w), tensor(x), zeros([1, 2, 4]), kind === 'LSTM' ? zeros([1, 2, 4]) : undefined);
      const got = await run(layerProbe, { kind, case: { w, x }, again: false });
      expectShape(got?.first?.output, [2, 5, 4], `output of ${Name}.forward(x (2, 5, 3))`);
      expectClose(got.first.output, expected.output, { ...TOL, name: `output of ${Name}.forward` });
      expectShape(got.first.hN, [1, 2, 4], `h_n of ${Name}.forward`);
      expectClose(got.first.hN, expected.hN, { ...TOL, name: `h_n of ${Name}.forward` });
      if (kind === 'LSTM') {
        expectShape(got.first.cN, [1, 2, 4], 'c_n of MyLSTM.forward');
        expectClose(got.first.cN, expected.cN!, { ...TOL, name: 'c_n of MyLSTM.forward' });
      }
    });

    check(`from a given ${stateWords}, then called again without one: equals nn.${kind} both times (random sizes)`, { points: 2, visibility: 'hidden', hint: loopHint }, async ({ rng, run }) => {
      for (const batch of [1, rng.int(2, 5)]) {
        const input = rng.int(1, 6);
        const hidden = rng.int(2, 7);
        const steps = rng.int(2, 9);
        const w = randomWeights(rng, G, input, hidden);
        const x = rng.array([batch, steps, input]) as number[][][];
        const h0 = rng.array([1, batch, hidden], -0.9, 0.9) as number[][][];
        const c0 = kind === 'LSTM' ? (rng.array([1, batch, hidden], -1.5, 1.5) as number[][][]) : undefined;
        const layer = libraryLayer(kind, w);
        const fromState = libraryRun(kind, layer, tensor(x), tensor(h0), c0 ? tensor(c0) : undefined);
        const fromZero = libraryRun(kind, layer, tensor(x), zeros([1, batch, hidden]), c0 ? zeros([1, batch, hidden]) : undefined);
        const got = await run(layerProbe, { kind, case: { w, x, h0, c0 }, again: true });
        const what = `(batch ${batch}, input ${input}, hidden ${hidden}, T ${steps})`;
        for (const [call, expected, label] of [[got?.first, fromState, `from the given ${stateWords}`], [got?.second, fromZero, 'called again without a state']] as const) {
          expectClose(call?.output, expected.output, { ...TOL, name: `output ${label} ${what}` });
          expectClose(call?.hN, expected.hN, { ...TOL, name: `h_n ${label} ${what}` });
          if (kind === 'LSTM') expectClose(call?.cN, expected.cN!, { ...TOL, name: `c_n ${label} ${what}` });
        }
      }
    });

    check(`backward through ${Name} gives nn.${kind}'s gradients for every parameter, x and ${stateWords}`, {
      points: 2,
      visibility: 'hidden',
      hint: [
        `The loop must stay inside autograd from the given state to the last step: the same library tensor operations as the step, nothing detached or copied (see ${LESSON} §2 on how the gradient travels back)`,
        ...loopHint.slice(1),
      ],
    }, async ({ rng, run }) => {
      const batch = rng.int(1, 4);
      const input = rng.int(2, 5);
      const hidden = rng.int(2, 6);
      const steps = rng.int(3, 8);
      const w = randomWeights(rng, G, input, hidden, 0.6);
      const layerCase: LayerCase = { w, x: rng.array([batch, steps, input]) as number[][][], h0: rng.array([1, batch, hidden], -0.9, 0.9) as number[][][] };
      if (kind === 'LSTM') layerCase.c0 = rng.array([1, batch, hidden], -1.5, 1.5) as number[][][];
      const Go = rng.normalArray([batch, steps, hidden]) as number[][][];
      const Gh = rng.normalArray([1, batch, hidden]) as number[][][];
      const Gc = kind === 'LSTM' ? (rng.normalArray([1, batch, hidden]) as number[][][]) : undefined;

      const layer = libraryLayer(kind, w);
      const x = tensor(layerCase.x, { requiresGrad: true });
      const h0 = tensor(layerCase.h0!, { requiresGrad: true });
      const c0 = layerCase.c0 ? tensor(layerCase.c0, { requiresGrad: true }) : undefined;
      const out = libraryRun(kind, layer, x, h0, c0);
      let loss = out.output.mul(tensor(Go)).sum().add(out.hN.mul(tensor(Gh)).sum());
      if (Gc) loss = loss.add(out.cN!.mul(tensor(Gc)).sum());
      loss.backward();
      const expected: [string, Tensor][] = [
        ['weight_ih_l0', grad(layer.weight_ih_l0.grad, 'weight_ih_l0')],
        ['weight_hh_l0', grad(layer.weight_hh_l0.grad, 'weight_hh_l0')],
        ['bias_ih_l0', grad(layer.bias_ih_l0?.grad, 'bias_ih_l0')],
        ['bias_hh_l0', grad(layer.bias_hh_l0?.grad, 'bias_hh_l0')],
        ['x', grad(x.grad, 'x')],
        ['h0', grad(h0.grad, 'h0')],
      ];
      if (c0) expected.push(['c0', grad(c0.grad, 'c0')]);

      const got = await run(layerGradProbe, { kind, case: layerCase, Go, Gh, Gc });
      for (const [key, value] of expected) expectClose(gotGrad(got, key, `${key}.grad`), value, { ...TOL, name: `${key}.grad` });
    });
  });
}

layerChecks('LSTM');
layerChecks('GRU');

// ---- the task ----

const NUM_CLASSES = 4;
const SYMBOLS = 8;

/** Test sequences of the task drawn here, independently of the submission: symbol indices and labels. */
function taskSequences(rng: Rng, count: number, steps: number): { symbols: number[][]; labels: number[] } {
  const labels: number[] = [];
  const symbols: number[][] = [];
  for (let i = 0; i < count; i++) {
    const label = rng.int(0, NUM_CLASSES);
    labels.push(label);
    symbols.push(Array.from({ length: steps }, (_, t) => (t === 0 ? label : NUM_CLASSES + rng.int(0, SYMBOLS - NUM_CLASSES))));
  }
  return { symbols, labels };
}

/** Probe: rememberFirstData(n, steps, new Generator(seed)) as data. */
const dataProbe = async ({ load, lib }: SandboxContext, input: { n: number; steps: number; seed: number; globalSeed?: number }) => {
  const { rememberFirstData } = await load('task.ts');
  if (input.globalSeed !== undefined) lib.manualSeed(input.globalSeed);
  const data = rememberFirstData(input.n, input.steps, new lib.Generator(input.seed));
  return { x: data?.x, labels: data?.labels };
};

/** Reads one sequence set back: one symbol per step (or a failure naming what is wrong). */
function readTaskData(got: { x?: unknown; labels?: unknown } | undefined, n: number, steps: number): { symbols: number[][]; labels: number[] } {
  expectShape(got?.x, [n, steps, SYMBOLS], `x of rememberFirstData(${n}, ${steps}, …)`);
  const numeric = toNumeric(got!.x);
  if (!numeric.ok) fail(`x of rememberFirstData ${numeric.problem}`);
  const labels = got!.labels;
  expectTrue(Array.isArray(labels) && labels.length === n, `labels should be an array of ${n} numbers`);
  expectTrue((labels as unknown[]).every((l) => Number.isInteger(l) && (l as number) >= 0 && (l as number) < NUM_CLASSES), 'every label should be an integer 0 … 3');
  const flat = numeric.value.data;
  const symbols: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let t = 0; t < steps; t++) {
      const slot = flat.slice((i * steps + t) * SYMBOLS, (i * steps + t + 1) * SYMBOLS);
      const ones = slot.filter((v) => v === 1).length;
      const zeros = slot.filter((v) => v === 0).length;
      if (ones !== 1 || zeros !== SYMBOLS - 1) fail(`sequence ${i}, step ${t}: x is not one-hot (one 1 among ${SYMBOLS} entries, the rest 0)`);
      row.push(slot.indexOf(1));
    }
    if (row[0] !== (labels as number[])[i]) fail(`sequence ${i}: step 0 should carry its label (the class symbol ${String((labels as number[])[i])})`);
    if (row.slice(1).some((s) => s < NUM_CLASSES)) fail(`sequence ${i}: a step after the first carries a class symbol; steps 1 … T − 1 take the noise symbols 4 … 7`);
    symbols.push(row);
  }
  return { symbols, labels: labels as number[] };
}

group('the task: remember the first symbol', {}, () => {
  const dataHint = [
    `Lesson 11 §5's task: step 0 is the class (one of 4 symbols), every later step one of 4 noise symbols, all one-hot over 8 entries (see ${LESSON} §5)`,
    'Draw the class and every noise symbol uniformly, each from generator.random(); the class goes to entries 0 … 3 and the noise to 4 … 7',
    'label = Math.floor(generator.random() * 4); noise = 4 + Math.floor(generator.random() * 4); data[(i * steps + t) * 8 + symbol] = 1 (README hint 4)',
  ];

  check('rememberFirstData(20, 7, …): x (20, 7, 8) one-hot, the label at step 0, noise symbols 4–7 after it', { points: 1, hint: dataHint }, async ({ run }) => {
    readTaskData(await run(dataProbe, { n: 20, steps: 7, seed: 3 }), 20, 7);
  });

  check('classes and noise symbols are spread evenly, and every number comes from the generator it is given', { points: 1, visibility: 'hidden', hint: dataHint }, async ({ rng, run }) => {
    const steps = rng.int(2, 12);
    const seed = rng.int(0, 1_000_000);
    const first = readTaskData(await run(dataProbe, { n: 400, steps, seed, globalSeed: rng.int(0, 1000) }), 400, steps);
    const again = readTaskData(await run(dataProbe, { n: 400, steps, seed, globalSeed: rng.int(1000, 2000) }), 400, steps);
    const other = readTaskData(await run(dataProbe, { n: 400, steps, seed: seed + 1 }), 400, steps);
    const key = (d: { symbols: number[][] }) => JSON.stringify(d.symbols);
    expectTrue(key(first) === key(again), 'the same generator seed gave different data (a different global seed must not matter)');
    expectTrue(key(first) !== key(other), 'different generator seeds gave the same data');
    const classCounts = [0, 0, 0, 0];
    first.labels.forEach((l) => classCounts[l]++);
    // About 100 of 400 each; fewer than 60 is more than 4 standard deviations off.
    expectTrue(classCounts.every((c) => c >= 60), `the 4 classes are not drawn evenly: ${classCounts.join(', ')} of 400`);
    const noiseCounts = [0, 0, 0, 0];
    for (const row of first.symbols) for (const s of row.slice(1)) noiseCounts[s - NUM_CLASSES]++;
    const noiseTotal = 400 * (steps - 1);
    expectTrue(noiseCounts.every((c) => c >= 0.15 * noiseTotal), `the 4 noise symbols are not drawn evenly: ${noiseCounts.join(', ')} of ${noiseTotal}`);
  });

  const keepHint = (kind: Gated) => [
    kind === 'LSTM'
      ? `Open the forget gate and nearly close the input gate at the start: f ≈ σ(strength) keeps c, i ≈ σ(−strength) writes little; a gate's bias is bias_ih + bias_hh on its block, in the order i, f, g, o (see ${LESSON} §5)`
      : `Open the update gate at the start: z ≈ σ(strength) keeps h; a gate's bias is bias_ih + bias_hh on its block, in the order r, z, n (see ${LESSON} §5)`,
    kind === 'LSTM'
      ? 'Block k is entries [k·H, (k+1)·H) of each bias: i is block 0, f block 1; leave g, o and every weight alone'
      : 'Block k is entries [k·H, (k+1)·H) of each bias: z is block 1; leave r, n and every weight alone',
    'noGrad(() => bias.data.fill(value / 2, k * H, (k + 1) * H)) on bias_ih_l0 and bias_hh_l0 (README hint 5)',
  ];

  const keepCheck = (kind: Gated) =>
    check(`keepMemoryAtStart on nn.${kind}: ${kind === 'LSTM' ? 'forget gate +strength, input gate −strength' : 'update gate +strength'}, everything else untouched`, {
      points: 1, visibility: 'hidden', hint: keepHint(kind),
    }, async ({ rng, run }) => {
      for (const strength of [4, rng.uniform(0.5, 6)]) {
        const input = { kind, inputSize: rng.int(2, 9), hiddenSize: rng.int(2, 9), strength, seed: rng.int(0, 1_000_000), useDefault: strength === 4 };
        const got = await run(async ({ load, lib }: SandboxContext, args: typeof input) => {
          const { keepMemoryAtStart } = await load('task.ts');
          lib.manualSeed(args.seed);
          const layer = args.kind === 'LSTM' ? new lib.nn.LSTM(args.inputSize, args.hiddenSize, { batchFirst: true }) : new lib.nn.GRU(args.inputSize, args.hiddenSize, { batchFirst: true });
          const before = layer.stateDict();
          if (args.useDefault) keepMemoryAtStart(layer);
          else keepMemoryAtStart(layer, args.strength);
          const parameters = [...layer.namedParameters()].map(([name, p]: [string, { requiresGrad: boolean }]) => [name, p instanceof lib.nn.Parameter && p.requiresGrad === true]);
          return { before, after: layer.stateDict(), parameters };
        }, input);
        const H = input.hiddenSize;
        const read = (dict: Record<string, unknown> | undefined, key: string) => {
          const numeric = toNumeric(dict?.[key]);
          if (!numeric.ok) fail(`${key} could not be read after keepMemoryAtStart`);
          return numeric.value.data;
        };
        expectTrue(Array.isArray(got?.parameters) && got.parameters.length === 4 && got.parameters.every((p: unknown) => Array.isArray(p) && p[1] === true),
          'after keepMemoryAtStart the layer should still have its four trainable Parameters (change their values, do not replace them)');
        for (const key of ['weight_ih_l0', 'weight_hh_l0']) {
          expectTrue(JSON.stringify(read(got.after, key)) === JSON.stringify(read(got.before, key)), `keepMemoryAtStart changed ${key}: only biases should change`);
        }
        const sumOf = (dict: Record<string, unknown>) => {
          const ih = read(dict, 'bias_ih_l0');
          const hh = read(dict, 'bias_hh_l0');
          expectTrue(ih.length === GATES[kind] * H && hh.length === GATES[kind] * H, 'the biases changed length');
          return ih.map((v, i) => v + hh[i]);
        };
        const before = sumOf(got.before);
        const after = sumOf(got.after);
        const names = kind === 'LSTM' ? ['i', 'f', 'g', 'o'] : ['r', 'z', 'n'];
        const wanted: Record<string, number> = kind === 'LSTM' ? { i: -strength, f: strength } : { z: strength };
        const label = input.useDefault ? 'keepMemoryAtStart(layer)' : 'keepMemoryAtStart(layer, strength)';
        names.forEach((gateName, k) => {
          for (let j = k * H; j < (k + 1) * H; j++) {
            const target = wanted[gateName] ?? before[j];
            if (Math.abs(after[j] - target) > 1e-12) {
              fail(gateName in wanted
                ? `${label}: the bias of gate ${gateName} (bias_ih + bias_hh on its block) is not ${gateName === 'i' ? '−strength' : '+strength'}${input.useDefault ? ' with the default strength 4' : ''}`
                : `${label} changed the bias of gate ${gateName}, which should stay as it was`);
            }
          }
        });
      }
    });
  keepCheck('LSTM');
  keepCheck('GRU');
});

group('LastStateClassifier', {}, () => {
  const shapesFor = (kind: 'RNN' | Gated, input: number, hidden: number, classes: number) => {
    const G = kind === 'RNN' ? 1 : GATES[kind];
    return {
      'recurrent.weight_ih_l0': [G * hidden, input], 'recurrent.weight_hh_l0': [G * hidden, hidden],
      'recurrent.bias_ih_l0': [G * hidden], 'recurrent.bias_hh_l0': [G * hidden],
      'fc.weight': [classes, hidden], 'fc.bias': [classes],
    };
  };
  const classifierHint = [
    `A recurrent layer of the chosen kind reads the whole sequence; a Linear layer classifies its last hidden state (see ${LESSON} §5, the classifier)`,
    'batchFirst: the input is (N, T, inputSize); the LSTM returns [output, [h_n, c_n]], RNN and GRU [output, h_n]; h_n is (1, N, H)',
    'this.recurrent = new nn.LSTM(inputSize, hiddenSize, { batchFirst: true }) (or nn.GRU / nn.RNN); forward: this.fc.forward(hN.select(0, -1)) (README hint 6)',
  ];

  check('fields recurrent (nn.RNN / nn.LSTM / nn.GRU by kind) and fc: parameter names and shapes', { points: 1, hint: classifierHint }, async ({ run }) => {
    const got = await run(async ({ load, lib }: SandboxContext) => {
      const { LastStateClassifier } = await load('task.ts');
      return ['RNN', 'LSTM', 'GRU'].map((kind) => {
        const model = new LastStateClassifier(kind, 8, 6, 4);
        const classOf = model.recurrent instanceof lib.nn.LSTM ? 'LSTM' : model.recurrent instanceof lib.nn.GRU ? 'GRU' : model.recurrent instanceof lib.nn.RNN ? 'RNN' : 'something else';
        return { classOf, shapes: Object.fromEntries([...model.namedParameters()].map(([n, p]: [string, { shape: number[] }]) => [n, [...p.shape]])) };
      });
    }, null);
    expectTrue(Array.isArray(got) && got.length === 3, 'the classifiers could not be read back');
    (['RNN', 'LSTM', 'GRU'] as const).forEach((kind, k) => {
      expectEqual(got[k]?.classOf, kind, `the class of new LastStateClassifier('${kind}', …).recurrent`);
      expectEqual(got[k]?.shapes, shapesFor(kind, 8, 6, 4), `parameter names and shapes of new LastStateClassifier('${kind}', 8, 6, 4)`);
    });
  });

  check('forward equals the recurrent layer + Linear on its last hidden state, with the same weights (every kind)', { points: 2, visibility: 'hidden', hint: classifierHint }, async ({ rng, run }) => {
    for (const kind of ['RNN', 'LSTM', 'GRU'] as const) {
      const input = rng.int(2, 9);
      const hidden = rng.int(2, 8);
      const classes = rng.int(2, 5);
      const batch = rng.int(1, 5);
      const steps = rng.int(2, 8);
      const weights: Record<string, number[][] | number[]> = {};
      for (const [name, shape] of Object.entries(shapesFor(kind, input, hidden, classes))) weights[name] = rng.array(shape, -0.7, 0.7) as number[][] | number[];
      const x = rng.array([batch, steps, input]) as number[][][];
      const layer = kind === 'LSTM' ? new nn.LSTM(input, hidden, { batchFirst: true }) : kind === 'GRU' ? new nn.GRU(input, hidden, { batchFirst: true }) : new nn.RNN(input, hidden, { batchFirst: true });
      const fc = new nn.Linear(hidden, classes);
      const prefixed = (prefix: string) => Object.fromEntries(Object.entries(weights).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
      layer.loadStateDict(prefixed('recurrent.'));
      fc.loadStateDict(prefixed('fc.'));
      const hN = layer instanceof nn.LSTM ? layer.forward(tensor(x))[1][0] : (layer as nn.RNN | nn.GRU).forward(tensor(x))[1];
      const expected = fc.forward(hN.select(0, -1));
      const got = await run(async ({ load, lib }: SandboxContext, args: { kind: string; sizes: number[]; weights: Record<string, unknown>; x: number[][][] }) => {
        const { LastStateClassifier } = await load('task.ts');
        const model = new LastStateClassifier(args.kind, ...args.sizes);
        model.loadStateDict(args.weights);
        return lib.noGrad(() => model.forward(lib.tensor(args.x)));
      }, { kind, sizes: [input, hidden, classes], weights, x });
      expectClose(got, expected, { ...TOL, name: `LastStateClassifier('${kind}').forward (batch ${batch}, T ${steps})` });
    }
  });

  check('starts its gated layer with keepMemoryAtStart (strength 4 by default, or the one given), and not when keepMemory is false', {
    points: 1,
    visibility: 'hidden',
    hint: [
      `The classifier itself starts a gated layer in "keep" mode, so that every training run begins with the memory open; the plain RNN has no gate to open (see ${LESSON} §5)`,
      'Call keepMemoryAtStart(this.recurrent, strength) after creating an LSTM or GRU, only when keepMemory is true (README hint 6)',
    ],
  }, async ({ rng, run }) => {
    const hidden = rng.int(3, 9);
    const strength = rng.uniform(1, 6);
    const got = await run(async ({ load }: SandboxContext, args: { hidden: number; strength: number }) => {
      const { LastStateClassifier } = await load('task.ts');
      const sums = (model: { stateDict(): Record<string, number[]> }) => {
        const dict = model.stateDict();
        const [ih, hh] = [dict['recurrent.bias_ih_l0'], dict['recurrent.bias_hh_l0']];
        return Array.isArray(ih) && Array.isArray(hh) ? ih.map((v, i) => v + hh[i]) : null;
      };
      return {
        lstm: sums(new LastStateClassifier('LSTM', 8, args.hidden, 4)),
        lstmStrength: sums(new LastStateClassifier('LSTM', 8, args.hidden, 4, { strength: args.strength })),
        lstmDefault: sums(new LastStateClassifier('LSTM', 8, args.hidden, 4, { keepMemory: false })),
        gru: sums(new LastStateClassifier('GRU', 8, args.hidden, 4)),
        gruDefault: sums(new LastStateClassifier('GRU', 8, args.hidden, 4, { keepMemory: false })),
      };
    }, { hidden, strength });
    const block = (values: unknown, k: number, name: string) => {
      const numeric = toNumeric(values);
      if (!numeric.ok || numeric.value.data.length < (k + 1) * hidden) fail(`the recurrent biases of ${name} could not be read`);
      return numeric.value.data.slice(k * hidden, (k + 1) * hidden);
    };
    const all = (values: number[], target: number) => values.every((v) => Math.abs(v - target) < 1e-12);
    expectTrue(all(block(got?.lstm, 1, 'the LSTM classifier'), 4) && all(block(got.lstm, 0, 'the LSTM classifier'), -4),
      "new LastStateClassifier('LSTM', …) should start with the forget gate's bias at +4 and the input gate's at −4");
    expectTrue(all(block(got.lstmStrength, 1, 'the LSTM classifier'), strength) && all(block(got.lstmStrength, 0, 'the LSTM classifier'), -strength),
      "LastStateClassifier('LSTM', …, { strength }) should pass its strength to keepMemoryAtStart");
    expectTrue(all(block(got.gru, 1, 'the GRU classifier'), 4), "new LastStateClassifier('GRU', …) should start with the update gate's bias at +4");
    // Left at the default init, each bias is a sum of two draws from U(−1/√H, 1/√H).
    const bound = 2 / Math.sqrt(hidden);
    for (const [values, name] of [[got.lstmDefault, 'LSTM'], [got.gruDefault, 'GRU']] as const) {
      for (let k = 0; k < GATES[name]; k++) {
        expectTrue(block(values, k, `the ${name} classifier`).every((v) => Math.abs(v) <= bound), `with { keepMemory: false } the ${name} classifier should keep nn.${name}'s default biases`);
      }
    }
  });
});

// ---- training ----

/** Probe: trainOnTask(kind, options), then the trained model's logits on the judge's test sequences (one-hot built here). */
const trainProbe = async ({ load, lib }: SandboxContext, input: { kind: string; options: Record<string, number>; symbols: number[][] }) => {
  const { trainOnTask } = await load('task.ts');
  const result = trainOnTask(input.kind, input.options);
  const n = input.symbols.length;
  const steps = input.symbols[0].length;
  const data = new Float64Array(n * steps * 8);
  input.symbols.forEach((row, i) => row.forEach((symbol, t) => (data[(i * steps + t) * 8 + symbol] = 1)));
  return lib.noGrad(() => result.model.forward(new lib.Tensor(data, [n, steps, 8])));
};

/** The share of rows whose largest logit is the label; a row with a non-finite logit counts as wrong. */
function accuracyOf(logits: unknown, labels: number[], kind: string): number {
  expectShape(logits, [labels.length, NUM_CLASSES], `the logits of the trained ${kind} classifier`);
  const flat = toNumeric(logits);
  if (!flat.ok) fail(`the logits of the trained ${kind} classifier ${flat.problem}`);
  let correct = 0;
  labels.forEach((label, i) => {
    const row = flat.value.data.slice(i * NUM_CLASSES, (i + 1) * NUM_CLASSES);
    if (!row.every(Number.isFinite)) return;
    if (row.every((v, k) => k === label || v < row[label])) correct++;
  });
  return correct / labels.length;
}

group('training on the task', {}, () => {
  check('trainOnTask returns the model and one loss per update, calls onIteration, and the seed decides the run', {
    points: 1,
    hint: [
      `The usual loop over fresh batches of the task: forward, cross-entropy against the labels, zeroGrad, backward, step; the seed fixes the initial weights and the data (see ${LESSON} §5)`,
      'manualSeed(seed) before building the model, the data from new Generator(seed); collect loss.item() after every update and call onIteration?.(number, loss)',
      'for (let it = 1; it <= iterations; it++) { const { x, labels } = rememberFirstData(batchSize, steps, data); … } return { model, losses } (README hint 7)',
    ],
  }, async ({ run }) => {
    const got = await run(async ({ load, lib }: SandboxContext) => {
      const { trainOnTask, LastStateClassifier } = await load('task.ts');
      const seen: unknown[] = [];
      const options = { steps: 8, iterations: 6, batchSize: 4, hiddenSize: 5 };
      const reported: unknown[] = [];
      const first = trainOnTask('GRU', { ...options, seed: 3, onIteration: (it: unknown, loss: unknown) => { seen.push(it); reported.push(typeof loss === 'number' ? loss : `a ${typeof loss}`); } });
      lib.manualSeed(99); // the global stream must not matter
      const again = trainOnTask('GRU', { ...options, seed: 3 });
      const other = trainOnTask('GRU', { ...options, seed: 4 });
      return {
        isModel: first?.model instanceof LastStateClassifier,
        isGru: first?.model?.recurrent instanceof lib.nn.GRU && first.model.recurrent.hiddenSize === 5,
        // Checked here, before the values cross to the judge (a tensor would arrive as its numbers).
        lossTypes: Array.isArray(first?.losses) ? first.losses.map((v: unknown) => typeof v) : null,
        reported,
        losses: Array.isArray(first?.losses) ? first.losses : null,
        again: Array.isArray(again?.losses) ? again.losses : null,
        other: Array.isArray(other?.losses) ? other.losses : null,
        seen,
      };
    }, null);
    expectTrue(got?.isModel === true, 'trainOnTask should return { model, losses } with model a LastStateClassifier');
    expectTrue(got.isGru === true, "trainOnTask('GRU', { hiddenSize: 5, … }) should build its classifier with an nn.GRU of hidden size 5");
    expectTrue(Array.isArray(got.losses), 'trainOnTask should return the losses as an array');
    expectEqual((got.losses as unknown[]).length, 6, 'number of losses for iterations: 6');
    expectTrue((got.losses as unknown[]).every((v) => typeof v === 'number' && Number.isFinite(v)), 'the losses are not all finite numbers');
    expectTrue((got.lossTypes as string[]).every((type) => type === 'number'), `the losses should be plain numbers (loss.item()), got ${[...new Set(got.lossTypes as string[])].join(', ')}`);
    expectEqual(got.seen, [1, 2, 3, 4, 5, 6], 'update numbers passed to onIteration');
    expectEqual(got.reported, got.losses, 'the losses passed to onIteration (each should be that update\'s loss.item(), the number also kept in losses)');
    expectTrue(JSON.stringify(got.again) === JSON.stringify(got.losses), 'two runs with the same seed gave different losses: the seed should decide every random number');
    expectTrue(JSON.stringify(got.other) !== JSON.stringify(got.losses), 'seeds 3 and 4 gave the same losses: the seed should decide the weights and the data');
  });

  check('trainOnTask: the documented defaults (steps 60, iterations 150, batchSize 16, hiddenSize 16, lr 0.02, keepMemory true, strength 4, seed 0), and keepMemory/strength passed on', {
    points: 1,
    visibility: 'hidden',
    timeout: TRAINING_TIMEOUT_MS,
    hint: [
      `An option left out takes the default TaskOptions documents, the same as lesson 11's demo (see ${LESSON} §5)`,
      'steps 60, iterations 150, batchSize 16, hiddenSize 16, lr 0.02, keepMemory true, strength 4, seed 0; keepMemory and strength go on to LastStateClassifier',
      'const { steps = 60, iterations = 150, batchSize = 16, hiddenSize = 16, lr = 0.02, keepMemory = true, strength = 4, seed = 0, onIteration } = options (README hint 7)',
    ],
  }, async ({ run }) => {
    // The learner's own run with every default spelled out is the reference: no draw order is assumed.
    const got = await run(async ({ load }: SandboxContext) => {
      const { trainOnTask } = await load('task.ts');
      const losses = (options: Record<string, unknown>) => {
        const result = trainOnTask('GRU', options);
        return Array.isArray(result?.losses) ? result.losses.map(Number) : null;
      };
      const spelledOut = { steps: 60, batchSize: 16, hiddenSize: 16, lr: 0.02, keepMemory: true, strength: 4, seed: 0 };
      return {
        defaults: losses({ iterations: 2 }),
        spelledOut: losses({ iterations: 2, ...spelledOut }),
        weaker: losses({ iterations: 2, strength: 1 }),
        noMemory: losses({ iterations: 2, keepMemory: false }),
        // A tiny model, so the 150 default updates take a moment.
        updates: losses({ steps: 2, batchSize: 1, hiddenSize: 1 })?.length ?? null,
      };
    }, null);
    expectTrue(Array.isArray(got?.defaults) && Array.isArray(got.spelledOut), 'trainOnTask should return { model, losses } with losses an array');
    expectEqual(got.updates, TASK.iterations, `number of losses when iterations is left out (default ${TASK.iterations})`);
    expectTrue(JSON.stringify(got.defaults) === JSON.stringify(got.spelledOut), `trainOnTask('GRU', { iterations: 2 }) gave losses ${JSON.stringify(got.defaults)}, but with the defaults spelled out { steps: 60, batchSize: 16, hiddenSize: 16, lr: 0.02, keepMemory: true, strength: 4, seed: 0 } it gave ${JSON.stringify(got.spelledOut)}: an option left out should take its documented default`);
    expectTrue(JSON.stringify(got.weaker) !== JSON.stringify(got.defaults), 'strength: 1 gave the same losses as the default strength 4: pass strength on to LastStateClassifier');
    expectTrue(JSON.stringify(got.noMemory) !== JSON.stringify(got.defaults), 'keepMemory: false gave the same losses as the default: pass keepMemory on to LastStateClassifier');
  });

  check(`after ${TASK.iterations} updates on ${TASK.steps}-step sequences, LSTM and GRU remember the first symbol and the plain RNN trained the same way does not`, {
    points: 3,
    visibility: 'hidden',
    timeout: TRAINING_TIMEOUT_MS,
    hint: [
      `The gated layers learn the task only if their memory path starts open (keepMemoryAtStart) and the loop really trains; the plain RNN, trained the same way, forgets over ${TASK.steps} steps (see ${LESSON} §5 and its table of results)`,
      'Every kind goes through the same trainOnTask; only the recurrent layer differs. Check keepMemoryAtStart and that the options (steps, iterations, batchSize, hiddenSize, lr, seed) are all used',
      'npm run ex -- 10 trains all three with the defaults and prints their accuracy: compare with lesson 11\'s table (README hint 7)',
    ],
  }, async ({ rng, run }) => {
    const test = taskSequences(rng, TEST_SEQUENCES, TASK.steps);
    const seeds = Array.from({ length: TRIES }, () => rng.int(0, 1_000_000));
    const accuracy = async (kind: string, seed: number) => accuracyOf(await run(trainProbe, { kind, options: { ...TASK, seed }, symbols: test.symbols }), test.labels, kind);
    // Up to TRIES runs each: a gated layer must learn in one of them, the RNN must fail in one of them
    // (single runs of either go the other way now and then).
    for (const kind of ['LSTM', 'GRU']) {
      let best = 0;
      for (const seed of seeds) {
        best = Math.max(best, await accuracy(kind, seed));
        if (best >= GATED_MIN) break;
      }
      expectTrue(best >= GATED_MIN, `the ${kind} classifier reached only ${(100 * best).toFixed(1)} % test accuracy in its best of ${TRIES} runs (at least ${100 * GATED_MIN} % expected; chance is 25 %)`);
    }
    let worst = 1;
    for (const seed of seeds) {
      worst = Math.min(worst, await accuracy('RNN', seed));
      if (worst <= RNN_MAX) break;
    }
    expectTrue(worst <= RNN_MAX, `the 'RNN' classifier reached ${(100 * worst).toFixed(1)} % test accuracy or more in all ${TRIES} runs: kind 'RNN' should be a plain nn.RNN trained like the others`);
  });
});

// ---- concept questions ----

group('questions', {}, () => {
  check('lstmParameterCount: the trainable numbers of nn.LSTM(10, 20)', {
    points: 1,
    hint: [`Four gate blocks, each with its own input weights, hidden weights and two biases (see ${LESSON} §1, the parameter column, and §3)`, 'G·H·(in + H + 2) with G = 4 (README hint 8)'],
  }, async ({ run }) => {
    const expected = new nn.LSTM(10, 20).parameters().reduce((sum, p) => sum + p.numel(), 0);
    expectValueAnswer(await run(questionProbe, 'lstmParameterCount'), {
      name: 'lstmParameterCount', expected,
      idea: 'Count weight_ih_l0, weight_hh_l0, bias_ih_l0 and bias_hh_l0: each stacks the four gates i, f, g, o, so each has 4·H rows.',
      lesson: `${LESSON} §1, §3`,
    });
  });

  check('memoryLeft: the share of c_0 left after 40 steps with f = σ(3)', {
    points: 1,
    hint: [`With nothing written, c_t = f ⊙ c_{t−1}: the cell is multiplied by the forget gate once per step (see ${LESSON} §2 and §5)`, 'σ(3) = 1 / (1 + e^−3), multiplied by itself 40 times (README hint 8)'],
  }, async ({ run }) => {
    const expected = tensor(3).sigmoid().item() ** 40;
    expectValueAnswer(await run(questionProbe, 'memoryLeft'), {
      name: 'memoryLeft', expected, rtol: 1e-6,
      idea: 'With the input gate closed, each step multiplies the cell by the forget gate σ(3), forty times over.',
      lesson: `${LESSON} §2, §5`,
    });
  });

  check('whyDefaultInitForgets', {
    points: 1,
    hint: [`What value does every gate start at when all biases are near 0, and what does that do to c over 59 steps? (see ${LESSON} §5, the gate biases)`, 'σ(0) = 0.5, and 0.5⁵⁹ ≈ 2·10⁻¹⁸ (README hint 8)'],
  }, async ({ run }) => {
    expectChoice(await run(questionProbe, 'whyDefaultInitForgets'), {
      name: 'whyDefaultInitForgets',
      answer: 'b',
      misses: {
        a: 'the keepMemoryAtStart LSTM has exactly as many parameters and learns in the same number of updates; only the starting biases differ',
        c: 'the default weights are small, so tanh(c) is far from saturation; the trouble is how much of c survives from step to step',
        d: 'the output gate starts near σ(0) = 0.5, not 0, so h is not zero; look at what the forget gate does to c at every step',
      },
      lesson: `${LESSON} §5 (게이트 편향의 초기값)`,
    });
  });
});
