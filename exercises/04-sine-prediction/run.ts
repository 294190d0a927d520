// `npm run ex -- 04`: generates the data, trains SinPredictor (50 epochs, MSE + Adam), reports the
// test MSE next to a naive baseline and draws 5 test predictions against the truth.
import { join } from 'node:path';
import { manualSeed, noGrad } from '../../lib/index.ts';
import { terminalPoints, writeLineChart, type PointSeries, type Series } from '../../scripts/ex/plot.ts';
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
    // the true value is a large ring, the prediction a small cross: drawn on top, it leaves the ring visible
    series.push({ name: 'true next value (ring)', panel, x: [SEQ_LEN], y: [truth], points: true });
    series.push({ name: 'predicted next value (cross)', panel, x: [SEQ_LEN], y: [predictions[k]], points: true });
    console.log(`${String(i).padStart(6)}   ${truth.toFixed(4).padStart(7)}    ${predictions[k].toFixed(4).padStart(7)}`);
  }
  const file = await writeLineChart(join(outDir, 'sine-predictions.svg'), series, {
    title: 'SinPredictor: 5 test windows, true vs predicted next value',
    xLabel: 'time step',
    yLabel: 'sin',
  });
  // Terminal: the last inputs of each window (·), then the true next value (○) and, one column to its
  // right, the predicted next value (×), so the prediction never covers the truth.
  const tail = 10;
  const gap = 3; // empty columns between two samples
  const windowPoints: PointSeries = { name: `last ${tail} inputs of the window`, symbol: '·', x: [], y: [] };
  const truthPoints: PointSeries = { name: 'true next value', symbol: '○', color: 'blue', x: [], y: [] };
  const predictedPoints: PointSeries = { name: 'predicted next value (one column right)', symbol: '×', color: 'red', x: [], y: [] };
  for (const [k, i] of shown.entries()) {
    const start = k * (tail + 2 + gap);
    const window = (test.X.select(0, i).squeeze(-1).toArray() as number[]).slice(-tail);
    window.forEach((value, t) => {
      windowPoints.x.push(start + t);
      windowPoints.y.push(value);
    });
    truthPoints.x.push(start + tail);
    truthPoints.y.push(test.y.get(i));
    predictedPoints.x.push(start + tail + 1);
    predictedPoints.y.push(predictions[k]);
  }
  console.log(`\ntest samples ${shown.join(', ')}, left to right:`);
  console.log(terminalPoints([windowPoints, truthPoints, predictedPoints], { height: 12 }));
  console.log(`\npicture: ${file}`);
}
