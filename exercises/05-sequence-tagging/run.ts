// `npm run ex -- 05`: trains RNNSeq2Seq to tag every element with element % 3 (30 epochs), reports the
// per-token accuracy on test data and shows predicted against true labels for 3 test samples.
import { join } from 'node:path';
import { manualSeed, noGrad } from '../../lib/index.ts';
import { terminalChart, writeLineChart, type Series } from '../../scripts/ex/plot.ts';
import { trainingProgress } from '../../scripts/ex/progress.ts';
import { perTokenAccuracy } from './accuracy.ts';
import { NUM_CLASSES, generateTaggingData } from './data.ts';
import { RNNSeq2Seq } from './model.ts';
import { trainTagger } from './train.ts';

const SEQ_LEN = 10;
const MAX_VALUE = 20;
const EPOCHS = 30;

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(0);
  const train = generateTaggingData(1000, SEQ_LEN, { maxValue: MAX_VALUE });
  const test = generateTaggingData(200, SEQ_LEN, { maxValue: MAX_VALUE });
  console.log(`train X ${JSON.stringify(train.X.shape)}  Y ${JSON.stringify(train.Y.shape)}   test X ${JSON.stringify(test.X.shape)}`);

  const model = new RNNSeq2Seq({ vocabSize: MAX_VALUE, numClasses: NUM_CLASSES });
  const progress = trainingProgress(EPOCHS, 'RNNSeq2Seq');
  trainTagger(model, train.X, train.Y, { epochs: EPOCHS, onEpoch: (epoch, loss) => progress.update(epoch, loss) });
  progress.stop();

  model.eval();
  const logits = noGrad(() => model.forward(test.X)); // (200, SEQ_LEN, 3)
  console.log(`\nlogits shape ${JSON.stringify(logits.shape)}  (N, T, C)`);
  console.log(`per-token accuracy on the test set: ${(100 * perTokenAccuracy(logits, test.Y)).toFixed(2)} %`);

  const predicted = logits.argmax(-1);
  const series: Series[] = [];
  const flatTrue: number[] = [];
  const flatPredicted: number[] = [];
  for (const i of [0, 1, 2]) {
    const tokens = test.X.select(0, i).toArray() as number[];
    const truth = test.Y.select(0, i).toArray() as number[];
    const guess = predicted.select(0, i).toArray() as number[];
    const cell = (v: number) => String(v).padStart(3);
    console.log(`\ntest sample ${i}`);
    console.log(`  input      ${tokens.map(cell).join('')}`);
    console.log(`  true       ${truth.map(cell).join('')}`);
    console.log(`  predicted  ${guess.map(cell).join('')}   ${guess.filter((g, t) => g === truth[t]).length}/${SEQ_LEN} correct`);
    series.push({ name: 'true label', panel: `test sample ${i}`, y: truth, points: true });
    series.push({ name: 'predicted label', panel: `test sample ${i}`, y: guess, points: true });
    flatTrue.push(...truth);
    flatPredicted.push(...guess);
  }
  const file = await writeLineChart(join(outDir, 'tagging-samples.svg'), series, {
    title: 'RNNSeq2Seq: predicted vs true labels (element % 3) for 3 test samples',
    xLabel: 'time step',
    yLabel: 'label',
  });
  console.log('\n' + terminalChart([
    { name: 'true labels (samples 0-2, one after another)', y: flatTrue },
    { name: 'predicted', y: flatPredicted },
  ], { height: 4, width: 3 * SEQ_LEN }));
  console.log(`\npicture: ${file}`);
}
