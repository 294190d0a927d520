// `npm run ex -- 07`: a 5-layer RNN over 100 steps with weights from N(0, 2²). Prints the gradient
// norm before and after clipGradNorm_(maxNorm = 1), then trains 30 epochs without and with clipping
// (and, for reference, a properly initialised model with clipping) and draws the loss curves.
import { join } from 'node:path';
import { manualSeed, type Tensor } from '../../lib/index.ts';
import { terminalChart, writeLineChart, type Series } from '../../scripts/ex/plot.ts';
import { trainingProgress } from '../../scripts/ex/progress.ts';
import { makeSequenceData } from './data.ts';
import { measureGradNorms, train } from './experiment.ts';
import { DeepRNNRegressor, initLargeWeights } from './model.ts';

const EPOCHS = 30;
const LR = 0.2;
const MAX_NORM = 1.0;

const parameterNorm = (params: Tensor[]): number => Math.sqrt(params.reduce((sum, p) => sum + p.data.reduce((s, v) => s + v * v, 0), 0));

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(0);
  const data = makeSequenceData({ samples: 32, seqLen: 100 });
  const model = new DeepRNNRegressor({ hiddenSize: 16, numLayers: 5 });
  initLargeWeights(model, 2.0);
  const start = model.stateDict(); // both runs start from the same weights

  const { before, after } = measureGradNorms(model, data, MAX_NORM);
  console.log('5층 RNN, 100스텝, 가중치 ~ N(0, 2²), 샘플 32개');
  console.log(`  클리핑 전 기울기 노름 (gradient norm, no clipping):  ${before.toExponential(3)}`);
  console.log(`  clipGradNorm_(maxNorm = ${MAX_NORM}) 후 기울기 노름:      ${after.toFixed(6)}\n`);

  const runs: { name: string; build: () => DeepRNNRegressor; maxNorm: number | null }[] = [
    { name: 'N(0, 2²) init, no clipping', maxNorm: null, build: () => { model.loadStateDict(start); return model; } },
    { name: `N(0, 2²) init, clipping ${MAX_NORM}`, maxNorm: MAX_NORM, build: () => { model.loadStateDict(start); return model; } },
    { name: `default init, clipping ${MAX_NORM}`, maxNorm: MAX_NORM, build: () => new DeepRNNRegressor({ hiddenSize: 16, numLayers: 5 }) },
  ];
  const series: Series[] = [];
  const rows: string[] = [];
  for (const run of runs) {
    const net = run.build();
    const initialNorm = parameterNorm(net.parameters());
    const progress = trainingProgress(EPOCHS, run.name.padEnd(30));
    const losses = train(net, data, { epochs: EPOCHS, lr: LR, maxNorm: run.maxNorm, onEpoch: (e, l) => progress.update(e, l) });
    progress.stop();
    series.push({ name: run.name, y: losses });
    const fmt = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v)).padEnd(11);
    rows.push(`  ${run.name.padEnd(30)} ${fmt(losses[0])} ${fmt(Math.min(...losses))} ${fmt(losses[losses.length - 1])} ${fmt(initialNorm)} ${fmt(parameterNorm(net.parameters()))}`);
  }
  console.log(`\n  ${'run'.padEnd(30)} ${'loss 1'.padEnd(11)} ${'best loss'.padEnd(11)} ${`loss ${EPOCHS}`.padEnd(11)} ${'‖θ‖ start'.padEnd(11)} ‖θ‖ end`);
  for (const row of rows) console.log(row);

  const file = await writeLineChart(join(outDir, 'loss-with-and-without-clipping.svg'), series, {
    title: `Training loss (MSE), 5-layer RNN, 100 steps, SGD lr ${LR}`,
    xLabel: 'epoch',
    yLabel: 'loss (log scale)',
    logY: true,
  });
  console.log('\n  log10(loss), epoch 1 … 30');
  console.log(terminalChart(series.map((s) => ({ name: s.name, y: s.y.map((v) => Math.log10(v)) })), { height: 10 }));
  console.log(`\npicture: ${file}`);
}
