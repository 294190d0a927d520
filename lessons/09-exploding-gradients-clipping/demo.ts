// Lesson 09: a deep stacked RNN started with large weights (normal, std 2.0) has gradients of
// ~1e12. We measure them, clip them by norm and by value, and train with and without clipping.
import * as asciichart from 'asciichart';
import { Tensor, manualSeed, nn, optim, randn, utils } from '../../lib/index.ts';
import { ansi, colorEnabled } from '../../scripts/ex/terminal.ts';
import { Transcript, sci } from '../transcript.ts';

// #region model
/** The setting of note 002, exercise 4: 5 stacked RNN layers over 100 time steps, then a Linear head. */
export class StackedRNN extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(inputSize: number, hiddenSize: number, numLayers: number) {
    super();
    this.rnn = new nn.RNN(inputSize, hiddenSize, { numLayers, batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, 1);
  }

  forward(x: Tensor): Tensor {
    const [output] = this.rnn.forward(x); // (batch, T, hidden) from the top layer
    return this.fc.forward(output.select(1, -1)); // (batch, 1): a prediction from the last step
  }
}

/** torch.nn.init.normal_(w, std=2.0) on every weight matrix of the RNN (biases keep their init). */
export function largeInit(model: StackedRNN, std = 2.0): void {
  for (const [name, p] of model.rnn.namedParameters()) {
    if (name.startsWith('weight')) nn.init.normal_(p, 0, std);
  }
}
// #endregion

/** The gradients of all parameters as one long vector (a copy). */
function flatGrad(params: Tensor[]): Float64Array {
  const parts = params.map((p) => p.grad?.data ?? new Float64Array(p.numel()));
  const out = new Float64Array(parts.reduce((s, g) => s + g.length, 0));
  let offset = 0;
  for (const g of parts) {
    out.set(g, offset);
    offset += g.length;
  }
  return out;
}

function setFlatGrad(params: Tensor[], flat: Float64Array): void {
  let offset = 0;
  for (const p of params) {
    p.grad = new Tensor(flat.slice(offset, offset + p.numel()), p.shape);
    offset += p.numel();
  }
}

function l2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot / (l2(a) * l2(b));
}

/** n sequences (n, T, 4) of N(0, 1) inputs; the target is the first feature of the last step. */
function makeData(n: number, steps: number): { x: Tensor; y: Tensor } {
  const x = randn([n, steps, 4]);
  return { x, y: x.select(1, -1).narrow(1, 0, 1) };
}

export interface TrainingRun {
  name: string;
  /** Mean training loss of each epoch. */
  losses: number[];
  /** Largest gradient norm seen before clipping. */
  largestGradNorm: number;
  /** Largest parameter change ‖Δθ‖ made by one update. */
  largestStep: number;
}

// #region train
function train(model: StackedRNN, data: { x: Tensor; y: Tensor }, { epochs, lr, clip }: { epochs: number; lr: number; clip: boolean }) {
  const params = model.parameters();
  const optimizer = new optim.SGD(params, { lr });
  const criterion = new nn.MSELoss();
  const losses: number[] = [];
  let largestGradNorm = 0;
  let largestStep = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total = 0;
    for (let start = 0; start < data.x.shape[0]; start += 16) {
      const loss = criterion.forward(model.forward(data.x.narrow(0, start, 16)), data.y.narrow(0, start, 16));
      optimizer.zeroGrad();
      loss.backward();
      // clipGradNorm_ returns the norm before clipping; maxNorm = Infinity only measures it.
      const gradNorm = utils.clipGradNorm_(params, clip ? 1.0 : Infinity);
      const before = params.map((p) => p.data.slice());
      optimizer.step();
      largestGradNorm = Math.max(largestGradNorm, gradNorm);
      largestStep = Math.max(largestStep, Math.sqrt(params.reduce((s, p, k) => s + p.data.reduce((a, v, i) => a + (v - before[k][i]) ** 2, 0), 0)));
      total += loss.item();
    }
    losses.push(total / Math.ceil(data.x.shape[0] / 16));
  }
  return { losses, largestGradNorm, largestStep };
}
// #endregion

export interface ClippingResult {
  /** ‖∂L/∂W‖ of weight_hh_l0 … weight_hh_l4 after one backward pass with std-2.0 weights. */
  recurrentWeightGradNorms: number[];
  /** √(Σ‖g‖²) computed here, and the value clipGradNorm_ returned. */
  totalNormByHand: number;
  totalNormReturned: number;
  /** The coefficient max_norm / (total + 1e-6), clamped at 1. */
  clipCoefficient: number;
  normAfterClipping: number;
  /** cos(g, clipped g): 1 for norm clipping, below 1 for value clipping. */
  cosineAfterNormClip: number;
  clipValue: number;
  maxAbsAfterValueClip: number;
  cosineAfterValueClip: number;
  lr: number;
  runs: TrainingRun[];
  /** What the demo printed, by name: the numbers lessons/09-…/README.md quotes. */
  transcript: Transcript;
}


export async function main({ quiet = false, seed = 7 }: { quiet?: boolean; seed?: number } = {}): Promise<ClippingResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  const v = (name: string, text: string | number) => transcript.value(name, text);
  manualSeed(seed);
  const steps = 100;
  const data = makeData(32, steps);

  // 1. One backward pass through the std-2.0 network.
  const modelSeed = seed + 1000;
  manualSeed(modelSeed);
  const model = new StackedRNN(4, 16, 5);
  largeInit(model);
  const params = model.parameters();
  const loss = new nn.MSELoss().forward(model.forward(data.x.narrow(0, 0, 16)), data.y.narrow(0, 0, 16));
  loss.backward();
  const recurrentWeightGradNorms = [0, 1, 2, 3, 4].map((layer) => l2(model.rnn[`weight_hh_l${layer}`].grad!.data));
  const original = flatGrad(params);
  // Share of ‖g‖² held by the bottom layer (weight_ih_l0, weight_hh_l0 and its biases).
  const bottomLayerSquares = model.rnn
    .namedParameters()
    .filter(([name]) => name.endsWith('_l0'))
    .reduce((s, [, p]) => s + l2(p.grad!.data) ** 2, 0);

  // #region clip-norm
  const totalNormByHand = Math.sqrt(params.reduce((s, p) => s + l2(p.grad!.data) ** 2, 0)); // ‖(‖g₁‖, …, ‖g_k‖)‖₂
  const clipCoefficient = Math.min(1, 1.0 / (totalNormByHand + 1e-6)); // max_norm / (total + 1e-6), at most 1
  const totalNormReturned = utils.clipGradNorm_(params, 1.0); // scales every .grad by that coefficient
  const normAfterClipping = l2(flatGrad(params)); // ≈ 1.0
  // #endregion
  const cosineAfterNormClip = cosine(original, flatGrad(params));

  // #region clip-value
  setFlatGrad(params, original); // start again from the unclipped gradient
  const clipValue = 0.01;
  utils.clipGradValue_(params, clipValue); // every entry forced into [−0.01, 0.01]
  const valueClipped = flatGrad(params);
  // #endregion
  const maxAbsAfterValueClip = valueClipped.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const cosineAfterValueClip = cosine(original, valueClipped);

  transcript.block('gradients');
  log(`\n1) 5층 RNN(4 → 16), T = ${steps}, 가중치 ~ N(0, 2.0²): 한 번의 역전파 (시드 ${v('seed', seed)})`);
  recurrentWeightGradNorms.forEach((n, layer) => log(`   ‖∂L/∂weight_hh_l${layer}‖ = ${n.toExponential(2)}`));
  log(`   전체 노름 (직접 계산) ${totalNormByHand.toExponential(3)} | clipGradNorm_이 돌려준 값 ${totalNormReturned.toExponential(3)}`);
  log(`   계수 = 1.0 / (전체 + 1e-6) = ${clipCoefficient.toExponential(3)} → 클리핑 뒤 노름 ${normAfterClipping.toFixed(6)}, 방향 cos = ${cosineAfterNormClip.toFixed(6)}`);
  log(`   clipGradValue_(${clipValue}): 최대 |g| = ${maxAbsAfterValueClip}, 방향 cos = ${cosineAfterValueClip.toFixed(4)} (방향이 바뀐다)`);
  transcript.endBlock();
  transcript.table(
    'gradient-table',
    ['파라미터', '기울기 노름'],
    [
      ...recurrentWeightGradNorms.map((n, layer) => [
        `\`rnn.weight_hh_l${layer}\`${layer === 0 ? ' (맨 아래 층)' : layer === 4 ? ' (맨 위 층)' : ''}`,
        sci(n),
      ]),
      ['**전체** $\\sqrt{\\sum_i \\lVert g_i \\rVert^2}$', `**${sci(totalNormByHand)}**`],
    ],
  );
  v('total-norm', sci(totalNormByHand));
  v('total-norm-exact', sci(totalNormReturned, 4));
  v('bottom-layer-share', `${((bottomLayerSquares / totalNormByHand ** 2) * 100).toFixed(0)}%`);
  v('top-norm', sci(recurrentWeightGradNorms[4]));
  v('top-after-clip', sci(recurrentWeightGradNorms[4] * clipCoefficient));
  v('first-step', sci(0.1 * totalNormByHand));
  v('clip-coefficient', sci(clipCoefficient));
  v('norm-after-clipping', normAfterClipping.toFixed(6));
  v('cosine-norm-clip', cosineAfterNormClip.toFixed(6));
  v('cosine-value-clip', cosineAfterValueClip.toFixed(2));

  // 2. Training curves: SGD lr 0.1, 30 epochs of 4 batches.
  const lr = 0.1;
  const epochs = 30;
  const settings = [
    { name: 'std 2.0, 클리핑 없음', large: true, clip: false },
    { name: 'std 2.0, clipGradNorm_(1.0)', large: true, clip: true },
    { name: '기본 초기화, clipGradNorm_(1.0)', large: false, clip: true },
  ];
  const runs: TrainingRun[] = settings.map(({ name, large, clip }) => {
    manualSeed(modelSeed); // every run starts from the same weights (before largeInit)
    const m = new StackedRNN(4, 16, 5);
    if (large) largeInit(m);
    return { name, ...train(m, data, { epochs, lr, clip }) };
  });
  transcript.block('training');
  log(`\n2) SGD lr ${lr}, ${epochs} 에포크 (32개 시퀀스, 배치 16): 에포크별 평균 손실`);
  log(`   ${[1, 2, 5, 10, 20, 30].map((e) => `ep ${e}`.padStart(9)).join(' ')} │ 최대 ‖g‖ │ 최대 ‖Δθ‖ │ 설정`);
  for (const run of runs) {
    const cells = [1, 2, 5, 10, 20, 30].map((e) => run.losses[e - 1].toPrecision(3).padStart(9)).join(' ');
    log(`   ${cells} │ ${run.largestGradNorm.toExponential(1).padStart(8)} │ ${run.largestStep.toExponential(1).padStart(9)} │ ${run.name}`);
  }
  transcript.endBlock();
  const shownEpochs = [1, 5, 10, 20, 30];
  transcript.table(
    'training-table',
    ['설정', ...shownEpochs.map((e) => `ep ${e}`), '최대 ‖g‖ (자르기 전)', '한 번의 갱신 ‖Δθ‖ 최대'],
    runs.map((run) => [
      run.name.replace(/(clipGradNorm_\(1\.0\))/, '`$1`'),
      ...shownEpochs.map((e) => sci(run.losses[e - 1], 3)),
      sci(run.largestGradNorm),
      sci(run.largestStep),
    ]),
  );
  const [raw, clipped, defaultInit] = runs;
  v('raw-final-loss', sci(raw.losses[epochs - 1]));
  v('raw-largest-step', sci(raw.largestStep));
  v('clipped-max-loss', sci(Math.max(...clipped.losses), 3));
  v('default-largest-norm', sci(defaultInit.largestGradNorm));
  v('default-final-loss', sci(defaultInit.losses[epochs - 1]));
  const on = colorEnabled();
  const palette = [asciichart.red, asciichart.blue, asciichart.green];
  const chart = asciichart.plot(
    runs.map((r) => r.losses.map((value) => Math.log10(Number.isFinite(value) ? value : 1e300))),
    { height: 10, colors: on ? palette : undefined, format: (value: number) => `1e${value.toFixed(0).padStart(3)}` },
  );
  transcript.block('chart');
  log('\n   log10(손실), 가로축: 에포크 1 … 30');
  log(chart);
  const names = ['빨강', '파랑', '초록']; // without colour, the legend names the colours a terminal shows
  log(`   ${palette.map((c, i) => (on ? `${c}━━${ansi('reset', on)} ${runs[i].name}` : `${names[i]}: ${runs[i].name}`)).join('   ')}`);
  transcript.endBlock();

  return {
    recurrentWeightGradNorms,
    totalNormByHand,
    totalNormReturned,
    clipCoefficient,
    normAfterClipping,
    cosineAfterNormClip,
    clipValue,
    maxAbsAfterValueClip,
    cosineAfterValueClip,
    lr,
    runs,
    transcript,
  };
}
