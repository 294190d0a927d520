// Lesson 08: how far back a gradient reaches. We run one RNN cell over 40 steps, ask autograd for
// ‖∂L/∂h_t‖ at every step, and set the decay or growth next to the spectral radius of W_hh.
import { EigenvalueDecomposition, SingularValueDecomposition } from 'ml-matrix';
import * as asciichart from 'asciichart';
import { Tensor, manualSeed, nn, noGrad, randn, zeros } from '../../lib/index.ts';
import { colorEnabled } from '../../scripts/ex/terminal.ts';
import { Transcript, sci, type DemoOption } from '../transcript.ts';

// #region spectral-radius
/** ρ(W) = max |λ| over the eigenvalues λ = re + i·im of W. */
export function spectralRadius(w: Tensor): number {
  const { realEigenvalues, imaginaryEigenvalues } = new EigenvalueDecomposition(w.toMatrix());
  return Math.max(...realEigenvalues.map((re, i) => Math.hypot(re, imaginaryEigenvalues[i])));
}
// #endregion

/** σ_max(W): the most any vector can be stretched by W (‖W‖₂); always ≥ ρ(W). */
export function largestSingularValue(w: Tensor): number {
  return new SingularValueDecomposition(w.toMatrix()).norm2;
}

function norm(t: Tensor): number {
  let s = 0;
  for (const v of t.data) s += v * v;
  return Math.sqrt(s);
}

// #region measure
/**
 * Runs the cell over inputs (T, 1, inputSize) from h_0 = 0 with L = sum(h_T), and returns
 * ∂L/∂h_t for t = 0 … T (index t; its distance from the loss is T − t).
 */
export function gradientsThroughTime(cell: nn.RNNCell, inputs: Tensor): Tensor[] {
  const steps = inputs.shape[0];
  const hiddenSize = cell.weight_hh.shape[0];
  // A zero added to h_t changes nothing forward, and its gradient is exactly ∂L/∂h_t.
  const taps = Array.from({ length: steps + 1 }, () => zeros([1, hiddenSize], { requiresGrad: true }));
  let h = taps[0]; // h_0 = 0
  for (let t = 1; t <= steps; t++) {
    h = cell.forward(inputs.select(0, t - 1), h).add(taps[t]); // h_t = tanh(W_ih x_t + W_hh h_{t−1} + b)
  }
  h.sum().backward(); // L = Σ_j h_T[j]
  return taps.map((tap) => tap.grad!);
}
// #endregion

export interface GradientProfile {
  /** ρ(W_hh) from ml-matrix's EigenvalueDecomposition. */
  spectralRadius: number;
  /** σ_max(W_hh) = ‖W_hh‖₂; with |tanh'| ≤ 1, ‖∂L/∂h_t‖ ≤ σ_max^(T−t) · ‖∂L/∂h_T‖. */
  largestSingularValue: number;
  /** normsByDistance[d] = ‖∂L/∂h_{T−d}‖ for d = 0 … T. */
  normsByDistance: number[];
  /** Geometric mean of ‖∂L/∂h_{t−1}‖ / ‖∂L/∂h_t‖ over the 20 steps after the first 10. */
  perStepFactor: number;
  /** Mean |h_t| over the run: how saturated tanh is. */
  meanAbsHidden: number;
  /** Relative difference between ∂L/∂h_0 from the step-by-step loop and from nn.RNN's fused kernel. */
  kernelRelativeGap: number;
}

export interface BpttResult {
  steps: number;
  hiddenSize: number;
  small: GradientProfile;
  large: GradientProfile;
  /** What the demo printed, by name: the numbers lessons/08-…/README.md quotes. */
  transcript: Transcript;
}

function profile(cell: nn.RNNCell, inputs: Tensor): GradientProfile {
  const grads = gradientsThroughTime(cell, inputs);
  const normsByDistance = grads.map(norm).reverse();
  const perStepFactor = Math.pow(normsByDistance[30] / normsByDistance[10], 1 / 20);

  // The same quantity from the library's fused kernel (lib/kernels/rnn-kernel.ts): ∂L/∂h0.
  const rnn = new nn.RNN(cell.weight_ih.shape[1], cell.weight_hh.shape[0]);
  rnn.loadStateDict({
    weight_ih_l0: cell.weight_ih.toArray(),
    weight_hh_l0: cell.weight_hh.toArray(),
    bias_ih_l0: cell.bias_ih!.toArray(),
    bias_hh_l0: cell.bias_hh!.toArray(),
  });
  const h0 = zeros([1, 1, cell.weight_hh.shape[0]], { requiresGrad: true });
  const [output, hN] = rnn.forward(inputs, h0);
  hN.sum().backward();
  const fromKernel = h0.grad!.reshape([1, -1]);
  const kernelRelativeGap = norm(fromKernel.sub(grads[0])) / norm(grads[0]);

  let absSum = 0;
  for (const v of output.data) absSum += Math.abs(v);
  return {
    spectralRadius: spectralRadius(cell.weight_hh),
    largestSingularValue: largestSingularValue(cell.weight_hh),
    normsByDistance,
    perStepFactor,
    meanAbsHidden: absSum / output.numel(),
    kernelRelativeGap,
  };
}

// #region scale-whh
/** Rescales W_hh in place so that its spectral radius becomes `target`. */
function setSpectralRadius(cell: nn.RNNCell, target: number): void {
  noGrad(() => {
    const w = cell.weight_hh;
    const factor = target / spectralRadius(w);
    for (let i = 0; i < w.data.length; i++) w.data[i] *= factor;
  });
}
// #endregion

/** `npm run lesson -- 08 --hidden-size 16 --seed 3` */
export const options: DemoOption[] = [
  { flag: '--hidden-size <n>', key: 'hiddenSize', description: 'size of the hidden state (default 64)' },
];

export const SMALL_RADIUS = 0.5;
export const LARGE_RADIUS = 3.0;

export async function main(
  { quiet = false, seed = 8, hiddenSize = 64 }: { quiet?: boolean; seed?: number; hiddenSize?: number } = {},
): Promise<BpttResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  const v = (name: string, text: string | number) => transcript.value(name, text);
  manualSeed(seed);
  const steps = 40;
  const inputSize = 4;
  const inputs = randn([steps, 1, inputSize]); // (T, batch 1, input): one sequence of random inputs
  const weightSeed = seed * 101 + 1;

  const profiles = {} as Record<'small' | 'large', GradientProfile>;
  for (const [name, radius] of [['small', SMALL_RADIUS], ['large', LARGE_RADIUS]] as const) {
    manualSeed(weightSeed); // both cells get the same W_ih, biases and direction of W_hh: only its scale differs
    // #region two-cells
    const cell = new nn.RNNCell(inputSize, hiddenSize);
    noGrad(() => cell.weight_hh.data.set(randn([hiddenSize, hiddenSize]).data)); // a random N(0, 1) matrix …
    setSpectralRadius(cell, radius); // … rescaled so that ρ(W_hh) = 0.5 or 3.0
    // #endregion
    profiles[name] = profile(cell, inputs);
  }
  const { small, large } = profiles;
  const s = SMALL_RADIUS.toFixed(1);
  const l = LARGE_RADIUS.toFixed(1);

  transcript.block('radii');
  log(`\nRNNCell(${inputSize}, ${hiddenSize}), T = ${steps}, L = sum(h_T). ‖∂L/∂h_t‖를 거리 T − t마다 잰다.`);
  log(`  작은 W_hh: 스펙트럼 반경 ρ = ${small.spectralRadius.toFixed(3)}, 최대 특잇값 σ_max = ${small.largestSingularValue.toFixed(3)}`);
  log(`  큰   W_hh: 스펙트럼 반경 ρ = ${large.spectralRadius.toFixed(3)}, 최대 특잇값 σ_max = ${large.largestSingularValue.toFixed(3)}`);
  transcript.block('norms');
  log(`\n  거리 T−t │ ‖∂L/∂h_t‖ (ρ = ${s}) │ ‖∂L/∂h_t‖ (ρ = ${l})`);
  log('  ─────────┼─────────────────────┼─────────────────────');
  const distances = [0, 1, 2, 5, 10, 20, 30, 40];
  for (const d of distances) {
    log(`  ${String(d).padStart(8)} │ ${small.normsByDistance[d].toExponential(3).padStart(19)} │ ${large.normsByDistance[d].toExponential(3).padStart(19)}`);
  }
  log(`\n  한 스텝 거슬러 갈 때마다 곱해지는 평균 배율(거리 10→30): ×${small.perStepFactor.toFixed(3)} (ρ = ${s}), ×${large.perStepFactor.toFixed(3)} (ρ = ${l})`);
  log(`  평균 |h_t|: ${small.meanAbsHidden.toFixed(3)} (ρ = ${s}), ${large.meanAbsHidden.toFixed(3)} (ρ = ${l}: tanh가 자주 포화되어 tanh'이 작다)`);
  log(`  fused 커널(nn.RNN)이 준 ∂L/∂h_0과 한 스텝씩 구한 값의 상대 차이: ${small.kernelRelativeGap.toExponential(1)} (ρ = ${s}), ${large.kernelRelativeGap.toExponential(1)} (ρ = ${l})`);
  transcript.endBlock();
  transcript.table(
    'norms-table',
    ['거리 $T - t$', `$\\lVert\\partial L/\\partial h_t\\rVert$, $\\rho = ${s}$ ($\\sigma_{\\max} = ${small.largestSingularValue.toFixed(2)}$)`, `$\\lVert\\partial L/\\partial h_t\\rVert$, $\\rho = ${l}$ ($\\sigma_{\\max} = ${large.largestSingularValue.toFixed(2)}$)`],
    distances.filter((d) => d <= steps).map((d) => [d, sci(small.normsByDistance[d]), sci(large.normsByDistance[d])]),
    'rrr',
  );
  v('seed', seed);
  v('small-sigma', small.largestSingularValue.toFixed(2));
  v('small-factor', small.perStepFactor.toFixed(2));
  v('large-factor', large.perStepFactor.toFixed(2));
  v('small-far', sci(small.normsByDistance[steps]));
  v('large-ratio', sci(large.normsByDistance[steps] / large.normsByDistance[0]));
  v('large-mean-abs-h', large.meanAbsHidden.toFixed(2));
  v('small-kernel-gap', small.kernelRelativeGap.toExponential(0));
  v('large-kernel-gap', large.kernelRelativeGap.toExponential(0));

  const on = colorEnabled();
  const chart = asciichart.plot(
    [small.normsByDistance.map(Math.log10), large.normsByDistance.map(Math.log10)],
    { height: 18, colors: on ? [asciichart.blue, asciichart.red] : undefined, format: (value: number) => `1e${value.toFixed(0).padStart(3)}` },
  );
  transcript.block('chart');
  log(`\n  log10 ‖∂L/∂h_t‖, 가로축: 거리 T − t = 0 … ${steps}`);
  log(chart);
  log(
    on
      ? `  ${asciichart.blue}━━${asciichart.reset} ρ = ${s} (소실)   ${asciichart.red}━━${asciichart.reset} ρ = ${l} (폭주)`
      : `  내려가는 줄: ρ = ${s} (소실)   올라가는 줄: ρ = ${l} (폭주)`,
  );
  transcript.endBlock();

  return { steps, hiddenSize, small, large, transcript };
}
