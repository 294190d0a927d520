// `npm run ex -- 03`: trains note 000's many-to-one classifier (BCELoss, SGD lr 0.1, 500 epochs),
// prints loss and accuracy every 50 epochs, the final predictions, and draws the loss curve.
import { join } from 'node:path';
import { manualSeed, noGrad } from '../../lib/index.ts';
import { terminalChart, writeLineChart } from '../../scripts/ex/plot.ts';
import { trainingProgress } from '../../scripts/ex/progress.ts';
import { toyData } from './data.ts';
import { SimpleRNNModel } from './model.ts';
import { trainClassifier } from './train.ts';

const EPOCHS = 500;

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(0);
  const { x, y } = toyData();
  const model = new SimpleRNNModel({ inputSize: 1, hiddenSize: 5, numLayers: 1, outputSize: 1 });
  console.log(`parameters: ${model.namedParameters().map(([name, p]) => `${name} (${p.shape.join(', ')})`).join(', ')}`);

  const losses: number[] = [];
  const progress = trainingProgress(EPOCHS, 'SimpleRNNModel');
  const log = trainClassifier(model, x, y, {
    epochs: EPOCHS,
    lr: 0.1,
    logEvery: 50,
    onEpoch: (epoch, loss) => {
      losses.push(loss);
      progress.update(epoch, loss);
    },
  });
  progress.stop();

  console.log('');
  for (const { epoch, loss, accuracy } of log) {
    console.log(`Epoch ${String(epoch).padStart(4)}/${EPOCHS} | Loss: ${loss.toFixed(6)} | Accuracy: ${(accuracy * 100).toFixed(2)}%`);
  }

  console.log('\n--- 학습 완료 후 ---');
  const probabilities = noGrad(() => model.forward(x));
  for (let i = 0; i < x.shape[0]; i++) {
    const sequence = (x.select(0, i).toArray() as number[][]).map(([v]) => v);
    const p = probabilities.get(i, 0);
    console.log(`Input: [${sequence.join(', ')}] | 정답: ${y.get(i, 0)} | 예측: ${p >= 0.5 ? 1 : 0} (p = ${p.toFixed(4)})`);
  }

  const series = [{ name: 'BCE loss', y: losses }];
  const file = await writeLineChart(join(outDir, 'loss.svg'), series, {
    title: 'Many-to-one classifier: training loss (BCE, SGD lr 0.1)',
    xLabel: 'epoch',
    yLabel: 'loss',
    logY: true,
  });
  console.log('\n' + terminalChart(series, { height: 8 }));
  console.log(`\npicture: ${file}`);
}
