// `npm run ex -- 08`: checks the hand-written BPTT against the library's autograd and against
// finite differences, then measures how ‖∂L/∂h_t‖ shrinks with the distance in time.
import { join } from 'node:path';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Tensor, manualSeed, randn } from '../../lib/index.ts';
import { terminalChart, writeLineChart, type Series } from '../../scripts/ex/plot.ts';
import { bpttBackward, hiddenGradNorms } from './bptt.ts';
import { rnnForward, type RnnParams } from './forward.ts';

const randomMatrix = (rows: number, columns: number, scale = 1): Matrix => randn([rows, columns]).toMatrix().mul(scale);

/** L = Σ_t Σ h_t ⊙ G_t, so ∂L/∂h_t = G_t: any upstream gradient can be written this way. */
function libraryGradients(xs: Matrix[], h0: Matrix, params: RnnParams, upstream: Matrix[]) {
  const Wxh = Tensor.fromMatrix(params.Wxh, { requiresGrad: true });
  const Whh = Tensor.fromMatrix(params.Whh, { requiresGrad: true });
  const b = new Tensor(Float64Array.from(params.b), [params.b.length], { requiresGrad: true });
  const hStart = Tensor.fromMatrix(h0, { requiresGrad: true });
  let h = hStart;
  let loss: Tensor | null = null;
  xs.forEach((x, i) => {
    h = Tensor.fromMatrix(x).matmul(Wxh.T).add(h.matmul(Whh.T)).add(b).tanh();
    const term = h.mul(Tensor.fromMatrix(upstream[i])).sum();
    loss = loss === null ? term : loss.add(term);
  });
  (loss as unknown as Tensor).backward();
  return { dWxh: Wxh.grad!.toMatrix(), dWhh: Whh.grad!.toMatrix(), db: Array.from(b.grad!.data), dh0: hStart.grad!.toMatrix() };
}

const maxAbsDiff = (a: number[] | Matrix, b: number[] | Matrix): number => {
  const fa = Array.isArray(a) ? a : a.to1DArray();
  const fb = Array.isArray(b) ? b : b.to1DArray();
  return Math.max(...fa.map((v, i) => Math.abs(v - fb[i])));
};

function checkAgainstLibrary(): void {
  const [batch, input, hidden, steps] = [2, 3, 4, 5];
  const params: RnnParams = { Wxh: randomMatrix(hidden, input, 0.5), Whh: randomMatrix(hidden, hidden, 0.5), b: randomMatrix(1, hidden, 0.1).to1DArray() };
  const xs = Array.from({ length: steps }, () => randomMatrix(batch, input));
  const h0 = randomMatrix(batch, hidden, 0.5);
  const upstream = Array.from({ length: steps }, () => randomMatrix(batch, hidden));

  const mine = bpttBackward(rnnForward(xs, h0, params), params, upstream);
  const library = libraryGradients(xs, h0, params, upstream);
  console.log(`1) 손으로 쓴 BPTT vs 라이브러리 autograd (batch ${batch}, input ${input}, hidden ${hidden}, T ${steps})`);
  for (const key of ['dWxh', 'dWhh', 'db', 'dh0'] as const) {
    console.log(`   ${key.padEnd(5)} 최대 |차이| = ${maxAbsDiff(mine[key], library[key]).toExponential(2)}`);
  }

  // Central differences on a few entries of W_hh: (L(W + ε) − L(W − ε)) / 2ε.
  const lossAt = (p: RnnParams): number =>
    rnnForward(xs, h0, p).hs.slice(1).reduce((sum, h, i) => sum + Matrix.mul(h, upstream[i]).sum(), 0);
  const eps = 1e-6;
  const worst = [[0, 0], [1, 2], [3, 1]].reduce((acc, [i, j]) => {
    const plus = params.Whh.clone();
    plus.set(i, j, plus.get(i, j) + eps);
    const minus = params.Whh.clone();
    minus.set(i, j, minus.get(i, j) - eps);
    const numeric = (lossAt({ ...params, Whh: plus }) - lossAt({ ...params, Whh: minus })) / (2 * eps);
    return Math.max(acc, Math.abs(numeric - mine.dWhh.get(i, j)));
  }, 0);
  console.log(`   유한 차분(finite differences)과 dWhh 세 원소의 최대 |차이| = ${worst.toExponential(2)}\n`);
}

/** Largest |eigenvalue| of a square matrix (complex eigenvalues included). */
function spectralRadius(m: Matrix): number {
  const eig = new EigenvalueDecomposition(m);
  return Math.max(...eig.realEigenvalues.map((re, i) => Math.hypot(re, eig.imaginaryEigenvalues[i])));
}

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(8);
  checkAgainstLibrary();

  const [input, hidden, steps] = [4, 16, 50];
  const xs = Array.from({ length: steps }, () => randomMatrix(1, input));
  const Wxh = randomMatrix(hidden, input, 0.5 / Math.sqrt(input));
  const direction = randomMatrix(hidden, hidden, 1 / Math.sqrt(hidden)); // spectral radius ≈ 1
  const dLdhLast = Matrix.ones(1, hidden).div(Math.sqrt(hidden)); // a unit-norm error at the last step

  console.log(`2) 마지막 단계의 오차가 거리 k만큼 떨어진 h_{T-k}에 남기는 기울기 ‖∂L/∂h_{T-k}‖ (hidden ${hidden}, T ${steps})`);
  console.log('   W_hh 크기      스펙트럼 반경   k=0       k=10      k=20      k=30      k=40      k=50');
  const series: Series[] = [];
  for (const gain of [0.5, 0.9, 1.5]) {
    const params: RnnParams = { Wxh, Whh: direction.clone().mul(gain), b: new Array(hidden).fill(0) };
    const norms = hiddenGradNorms(rnnForward(xs, Matrix.zeros(1, hidden), params), params, dLdhLast);
    const radius = spectralRadius(params.Whh);
    const name = `W_hh × ${gain} (ρ ≈ ${radius.toFixed(2)})`;
    series.push({ name, y: norms });
    const shown = [0, 10, 20, 30, 40, 50].map((k) => norms[k].toExponential(1).padEnd(9)).join(' ');
    console.log(`   × ${String(gain).padEnd(12)} ${radius.toFixed(2).padEnd(14)} ${shown}`);
  }
  const file = await writeLineChart(join(outDir, 'gradient-norm-vs-distance.svg'), series, {
    title: '‖∂L/∂h_(T−k)‖ against the distance k in time (tanh RNN, hidden 16)',
    xLabel: 'distance in time k = T − t',
    yLabel: 'gradient norm (log scale)',
    logY: true,
  });
  console.log('\n   log10 ‖∂L/∂h_(T−k)‖, k = 0 … 50');
  console.log(terminalChart(series.map((s) => ({ name: s.name, y: s.y.map((v) => Math.log10(v)) })), { height: 10 }));
  console.log(`\npicture: ${file}`);
  console.log('다 했다면 lib/kernels/rnn-kernel.ts의 backward와 비교해 보세요: 같은 식이 한 단계씩 적혀 있습니다.');
}
