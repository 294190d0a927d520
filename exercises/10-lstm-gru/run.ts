// `npm run ex -- 10`: your LSTM and GRU steps against nn.LSTM / nn.GRU (values and gradients), then
// lesson 11's remember-the-first-symbol task: the plain RNN, the LSTM and the GRU (started by your
// keepMemoryAtStart) and an LSTM at PyTorch's default init, trained the same way; loss curves drawn.
import { join } from 'node:path';
import { Generator, manualSeed, nn, randn, type Tensor } from '../../lib/index.ts';
import { terminalChart, writeLineChart, type Series } from '../../scripts/ex/plot.ts';
import { trainingProgress } from '../../scripts/ex/progress.ts';
import { MyGRU, MyLSTM } from './layers.ts';
import { lstmParameterCount, memoryLeft, whyDefaultInitForgets } from './questions.ts';
import { type Kind, rememberFirstData, testAccuracy, trainOnTask } from './task.ts';

const SEED = 3;
const STEPS = 60;
const ITERATIONS = 150;
/** Loss curves are averaged over this many updates (one batch of 16 is noisy). */
const SMOOTH = 10;

const gap = (a: Tensor, b: Tensor) => a.sub(b).abs().max().item();

/** Your layer and the library's, loaded with the same weights: the largest differences in values and gradients. */
function compareWithLibrary(kind: 'LSTM' | 'GRU'): { values: number; grads: number } {
  const [inputSize, hiddenSize, batch, steps] = [5, 7, 3, 12];
  const library = kind === 'LSTM' ? new nn.LSTM(inputSize, hiddenSize, { batchFirst: true }) : new nn.GRU(inputSize, hiddenSize, { batchFirst: true });
  const mine = kind === 'LSTM' ? new MyLSTM(inputSize, hiddenSize) : new MyGRU(inputSize, hiddenSize);
  mine.loadStateDict(library.stateDict());
  const x = randn([batch, steps, inputSize]);
  const weights = randn([batch, steps, hiddenSize]); // loss = Σ output ⊙ weights
  const [outLib] = library instanceof nn.LSTM ? library.forward(x) : (library as nn.GRU).forward(x);
  const [outMine] = mine instanceof MyLSTM ? mine.forward(x) : (mine as MyGRU).forward(x);
  outLib.mul(weights).sum().backward();
  outMine.mul(weights).sum().backward();
  const mineByName = new Map(mine.namedParameters());
  const grads = Math.max(...library.namedParameters().map(([name, p]) => gap(p.grad!, mineByName.get(name)!.grad!)));
  return { values: gap(outLib, outMine), grads };
}

/** Mean of each window of `width` consecutive values. */
function movingAverage(values: number[], width: number): number[] {
  return values.slice(width - 1).map((_, i) => values.slice(i, i + width).reduce((s, v) => s + v, 0) / width);
}

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(0);
  console.log('== 1. 손으로 쓴 LSTM/GRU vs nn.LSTM/nn.GRU (입력 5, 은닉 7, 배치 3, 12스텝, 같은 가중치) ==');
  for (const kind of ['LSTM', 'GRU'] as const) {
    const { values, grads } = compareWithLibrary(kind);
    console.log(`My${kind.padEnd(4)} 값 차이 ${values.toExponential(1)}, 기울기 차이 ${grads.toExponential(1)}`);
  }

  console.log(`\n== 2. 첫 기호 기억하기: 길이 ${STEPS}, 배치 16 × ${ITERATIONS}번 갱신, 은닉 16, Adam lr 0.02, 시드 ${SEED} ==`);
  const test = rememberFirstData(256, STEPS, new Generator(SEED + 1000));
  const runs: { kind: Kind; keepMemory: boolean; label: string }[] = [
    { kind: 'RNN', keepMemory: true, label: 'RNN' },
    { kind: 'LSTM', keepMemory: true, label: 'LSTM (keepMemoryAtStart)' },
    { kind: 'GRU', keepMemory: true, label: 'GRU (keepMemoryAtStart)' },
    { kind: 'LSTM', keepMemory: false, label: 'LSTM (default init)' },
  ];
  const series: Series[] = [];
  const rows: string[] = [];
  for (const { kind, keepMemory, label } of runs) {
    const progress = trainingProgress(ITERATIONS, label.padEnd(24));
    const { model, losses } = trainOnTask(kind, { steps: STEPS, iterations: ITERATIONS, keepMemory, seed: SEED, onIteration: (i, loss) => progress.update(i, loss) });
    progress.stop();
    const accuracy = testAccuracy(model, test);
    const lastLoss = losses.slice(-SMOOTH).reduce((s, v) => s + v, 0) / SMOOTH;
    rows.push(`${label.padEnd(24)} | 마지막 loss ${lastLoss.toFixed(3)} | test 정확도 ${(100 * accuracy).toFixed(1).padStart(5)}%`);
    series.push({ name: label, x: movingAverage(losses, SMOOTH).map((_, i) => i + SMOOTH), y: movingAverage(losses, SMOOTH) });
  }
  console.log('');
  for (const row of rows) console.log(row);

  const file = await writeLineChart(join(outDir, 'remember-first-symbol-loss.svg'), series, {
    title: `Training loss on "remember the first symbol" (${STEPS} steps), mean of ${SMOOTH} updates`,
    xLabel: 'update',
    yLabel: 'cross-entropy (chance = ln 4 ≈ 1.386)',
  });
  console.log(`\n  training loss (mean of ${SMOOTH} updates), update ${SMOOTH} … ${ITERATIONS}`);
  console.log(terminalChart(series, { height: 10 }));

  console.log('\n== 3. 질문 ==');
  console.log(`nn.LSTM(10, 20)의 파라미터 수: ${lstmParameterCount()}`);
  console.log(`f = σ(3)으로 40스텝 뒤 남는 c_0의 몫: ${memoryLeft().toFixed(4)}`);
  console.log(`기본 초기화 LSTM이 잊는 이유: ${whyDefaultInitForgets()}`);
  console.log(`\npicture: ${file}`);
}
