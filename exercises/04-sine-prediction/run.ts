// `npm run ex -- 04`: generates the data, trains SinPredictor (50 epochs, MSE + Adam), reports the
// test MSE next to a naive baseline and draws 5 test predictions against the truth.
import { join } from 'node:path';
import { manualSeed, noGrad } from '../../lib/index.ts';
import { terminalChart, writeLineChart, type Series } from '../../scripts/ex/plot.ts';
import { trainingProgress } from '../../scripts/ex/progress.ts';
import { generateSinData } from './data.ts';
import { SinPredictor } from './model.ts';
import { testMse, trainSinPredictor } from './train.ts';

const SEQ_LEN = 30;
const EPOCHS = 50;

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(0);
  const train = generateSinData(SEQ_LEN, 1000);
  const test = generateSinData(SEQ_LEN, 200);
  console.log(`train X ${JSON.stringify(train.X.shape)}  y ${JSON.stringify(train.y.shape)}   test X ${JSON.stringify(test.X.shape)}`);

  const model = new SinPredictor(32);
  const progress = trainingProgress(EPOCHS, 'SinPredictor');
  trainSinPredictor(model, train.X, train.y, { epochs: EPOCHS, onEpoch: (epoch, loss) => progress.update(epoch, loss) });
  progress.stop();

  const mse = testMse(model, test.X, test.y);
  // Baseline: repeat the last value of the window.
  const lastValues = test.X.select(1, -1).squeeze(-1);
  const baseline = test.y.sub(lastValues).pow(2).mean().item();
  console.log(`\ntest MSE: ${mse.toExponential(3)}   (baseline "repeat the last value": ${baseline.toExponential(3)})`);

  const shown = [0, 1, 2, 3, 4];
  const predictions = noGrad(() => model.forward(test.X.index(shown))).toArray() as number[];
  const series: Series[] = [];
  console.log('\nsample   truth      prediction');
  for (const [k, i] of shown.entries()) {
    const window = (test.X.select(0, i).squeeze(-1).toArray() as number[]);
    const truth = test.y.get(i);
    const panel = `test sample ${i}`;
    series.push({ name: 'input window', panel, y: window });
    series.push({ name: 'true next value', panel, x: [SEQ_LEN], y: [truth], points: true });
    series.push({ name: 'predicted next value', panel, x: [SEQ_LEN], y: [predictions[k]], points: true });
    console.log(`${String(i).padStart(6)}   ${truth.toFixed(4).padStart(7)}    ${predictions[k].toFixed(4).padStart(7)}`);
  }
  const file = await writeLineChart(join(outDir, 'sine-predictions.svg'), series, {
    title: 'SinPredictor: 5 test windows, true vs predicted next value',
    xLabel: 'time step',
    yLabel: 'sin',
  });
  // Terminal: the last steps of each window followed by the true / the predicted next value.
  const tail = 10;
  const truthLine: number[] = [];
  const predictionLine: number[] = [];
  for (const [k, i] of shown.entries()) {
    const window = (test.X.select(0, i).squeeze(-1).toArray() as number[]).slice(-tail);
    truthLine.push(...window, test.y.get(i));
    predictionLine.push(...window, predictions[k]);
  }
  console.log('\n' + terminalChart([
    { name: `truth: last ${tail} inputs + next value, samples 0-4`, y: truthLine },
    { name: 'with the predicted next value', y: predictionLine },
  ], { height: 8, width: truthLine.length }));
  console.log(`\npicture: ${file}`);
}
