// `npm run ex -- 06`: builds the 200-sentence toy corpus, trains the bidirectional CharRNN for 20 epochs
// and reports the accuracy on a 20 % hold-out, with a few held-out sentences and the loss curve.
import { join } from 'node:path';
import { manualSeed, noGrad, tensor } from '../../lib/index.ts';
import { terminalChart, writeLineChart } from '../../scripts/ex/plot.ts';
import { trainingProgress } from '../../scripts/ex/progress.ts';
import { holdoutSplit, makeSentimentData } from './data.ts';
import { CharRNN } from './model.ts';
import { accuracy, trainClassifier } from './train.ts';
import { VOCAB_SIZE, encodeBatch } from './vocab.ts';

const EPOCHS = 20;

export async function main({ outDir }: { outDir: string }): Promise<void> {
  manualSeed(0);
  const { sentences, labels } = makeSentimentData(200);
  const X = encodeBatch(sentences); // (200, longest sentence)
  const y = tensor(labels);
  const { trainIndices, holdoutIndices } = holdoutSplit(sentences.length, 0.2);
  console.log(`${sentences.length} sentences, e.g. "${sentences[0]}" → ${labels[0]}, "${sentences[1]}" → ${labels[1]}`);
  console.log(`encoded X ${JSON.stringify(X.shape)}, vocabulary of ${VOCAB_SIZE} characters; train ${trainIndices.length}, hold-out ${holdoutIndices.length}`);

  const model = new CharRNN({ vocabSize: VOCAB_SIZE });
  const names = model.namedParameters().map(([name, p]) => `${name} ${JSON.stringify(p.shape)}`);
  console.log(`parameters:\n  ${names.join('\n  ')}`);

  const progress = trainingProgress(EPOCHS, 'bidirectional CharRNN');
  const losses = trainClassifier(model, X.index(trainIndices), y.index(trainIndices), {
    epochs: EPOCHS,
    onEpoch: (epoch, loss) => progress.update(epoch, loss),
  });
  progress.stop();

  const trainAccuracy = accuracy(model, X.index(trainIndices), y.index(trainIndices));
  const holdoutAccuracy = accuracy(model, X.index(holdoutIndices), y.index(holdoutIndices));
  console.log(`\ntrain accuracy ${(100 * trainAccuracy).toFixed(1)} %   hold-out accuracy ${(100 * holdoutAccuracy).toFixed(1)} %`);

  const shown = holdoutIndices.slice(0, 6);
  const predicted = noGrad(() => model.forward(X.index(shown)).argmax(1)).toArray() as number[];
  console.log('\nheld-out sentences:');
  shown.forEach((i, k) => {
    const mark = predicted[k] === labels[i] ? 'ok ' : 'MISS';
    console.log(`  ${mark} "${sentences[i]}"  true ${labels[i]}  predicted ${predicted[k]}`);
  });

  const curve = { name: 'training loss', x: losses.map((_, i) => i + 1), y: losses };
  const file = await writeLineChart(join(outDir, 'sentiment-loss.svg'), [curve], {
    title: 'Bidirectional CharRNN: training loss per epoch',
    xLabel: 'epoch',
    yLabel: 'cross-entropy',
  });
  console.log('\n' + terminalChart([curve], { height: 8 }));
  console.log(`\npicture: ${file}`);
}
