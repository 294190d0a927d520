// `npm run ex -- 05`: two tagging rules, one model, one training loop.
// 1. 'element' tags (x_t % 3, note 002's exercise 5): 30 epochs, per-token accuracy on test data, and
//    predicted against true tags for 3 test samples. A memoryless rule is already perfect here.
// 2. 'runningSum' tags ((x_1 + … + x_t) % 3): the same model and loop, against the best memoryless rule.
import { join } from 'node:path';
import { manualSeed, noGrad, type Tensor } from '../../lib/index.ts';
import { terminalChart, writeLineChart, type Series } from '../../scripts/ex/plot.ts';
import { trainingProgress } from '../../scripts/ex/progress.ts';
import { memorylessAccuracy, perTokenAccuracy } from './accuracy.ts';
import { NUM_CLASSES, generateTaggingData, type TaggingRule } from './data.ts';
import { RNNSeq2Seq } from './model.ts';
import { trainTagger } from './train.ts';

interface Task {
  rule: TaggingRule;
  title: string;
  seqLen: number;
  maxValue: number;
  trainSamples: number;
  testSamples: number;
  epochs: number;
}

const TASKS: Task[] = [
  { rule: 'element', title: "'element' tags: x_t % 3", seqLen: 10, maxValue: 20, trainSamples: 1000, testSamples: 200, epochs: 30 },
  { rule: 'runningSum', title: "'runningSum' tags: (x_1 + … + x_t) % 3", seqLen: 8, maxValue: 3, trainSamples: 1000, testSamples: 1000, epochs: 30 },
];

const LARGE_SAMPLES = 20000;

function showSamples(test: { X: Tensor; Y: Tensor }, predicted: Tensor, seqLen: number, panel: string, series: Series[]): void {
  for (const i of [0, 1, 2]) {
    const tokens = test.X.select(0, i).toArray() as number[];
    const truth = test.Y.select(0, i).toArray() as number[];
    const guess = predicted.select(0, i).toArray() as number[];
    const cell = (v: number) => String(v).padStart(3);
    console.log(`\n  test sample ${i}`);
    console.log(`    input      ${tokens.map(cell).join('')}`);
    console.log(`    true       ${truth.map(cell).join('')}`);
    console.log(`    predicted  ${guess.map(cell).join('')}   ${guess.filter((g, t) => g === truth[t]).length}/${seqLen} correct`);
    series.push({ name: 'true tag', panel: `${panel}, test sample ${i}`, y: truth, points: true });
    series.push({ name: 'predicted tag', panel: `${panel}, test sample ${i}`, y: guess, points: true });
  }
}

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(0);
  const series: Series[] = [];
  const flatTrue: number[] = [];
  const flatPredicted: number[] = [];
  for (const [k, task] of TASKS.entries()) {
    console.log(`\n== ${k + 1}. ${task.title} (T = ${task.seqLen}, tokens 0 … ${task.maxValue - 1}) ==`);
    const train = generateTaggingData(task.trainSamples, task.seqLen, { maxValue: task.maxValue, rule: task.rule });
    const test = generateTaggingData(task.testSamples, task.seqLen, { maxValue: task.maxValue, rule: task.rule });
    console.log(`train X ${JSON.stringify(train.X.shape)}  Y ${JSON.stringify(train.Y.shape)}   test X ${JSON.stringify(test.X.shape)}`);

    const model = new RNNSeq2Seq({ vocabSize: task.maxValue, numClasses: NUM_CLASSES });
    const progress = trainingProgress(task.epochs, `RNNSeq2Seq (${task.rule})`);
    trainTagger(model, train.X, train.Y, { epochs: task.epochs, onEpoch: (epoch, loss) => progress.update(epoch, loss) });
    progress.stop();

    model.eval();
    const logits = noGrad(() => model.forward(test.X)); // (testSamples, T, 3)
    const rnn = perTokenAccuracy(logits, test.Y);
    const memoryless = memorylessAccuracy(test.X, test.Y);
    console.log(`logits shape ${JSON.stringify(logits.shape)}  (N, T, C)`);
    console.log(`per-token accuracy on the test set: RNNSeq2Seq ${(100 * rnn).toFixed(2)} %`);
    // The memoryless ceiling, on the test set and on many more sequences than the test set holds.
    const large = generateTaggingData(LARGE_SAMPLES, task.seqLen, { maxValue: task.maxValue, rule: task.rule });
    console.log(`best memoryless rule: ${(100 * memoryless).toFixed(2)} % on the test set, ${(100 * memorylessAccuracy(large.X, large.Y)).toFixed(2)} % on ${LARGE_SAMPLES} new sequences`);
    const predicted = logits.argmax(-1);
    showSamples(test, predicted, task.seqLen, task.rule, series);
    for (const i of [0, 1, 2]) {
      flatTrue.push(...(test.Y.select(0, i).toArray() as number[]));
      flatPredicted.push(...(predicted.select(0, i).toArray() as number[]));
    }
  }
  const file = await writeLineChart(join(outDir, 'tagging-samples.svg'), series, {
    title: 'RNNSeq2Seq: predicted vs true tags for 3 test samples of each rule',
    xLabel: 'time step',
    yLabel: 'tag',
  });
  console.log('\n' + terminalChart([
    { name: 'true tags (3 samples of each rule, one after another)', y: flatTrue },
    { name: 'predicted', y: flatPredicted },
  ], { height: 4, width: flatTrue.length }));
  console.log(`\npicture: ${file}`);
}
