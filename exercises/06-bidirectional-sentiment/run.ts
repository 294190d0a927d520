// `npm run ex -- 06`: builds the 200-sentence toy corpus, trains the bidirectional CharRNN for 20 epochs
// on 80 % of it, reports the accuracy on the 20 % hold-out with a few held-out sentences and the loss
// curve, and classifies your own sentence (predict.ts).
import { join } from 'node:path';
import { Generator, manualSeed, noGrad } from '../../lib/index.ts';
import { terminalChart, writeLineChart } from '../../scripts/ex/plot.ts';
import { makeSentimentData } from './data.ts';
import { CharRNN } from './model.ts';
import { classifySentence, mySentence } from './predict.ts';
import { trainWithHoldout } from './train.ts';
import { VOCAB_SIZE, encodeBatch } from './vocab.ts';

const SEED = 0;
const EPOCHS = 20;

export async function main({ outDir }: { outDir: string }): Promise<void> {
  // One generator for the data, the split and the mini-batches; the global one (manualSeed) for the weights.
  const generator = new Generator(SEED);
  manualSeed(SEED);
  const data = makeSentimentData(200, { generator });
  const { sentences, labels } = data;
  const positives = labels.filter((label) => label === 1).length;
  console.log(`${sentences.length} sentences (${positives} positive, ${sentences.length - positives} negative), e.g. "${sentences[0]}" → ${labels[0]}, "${sentences[1]}" → ${labels[1]}`);

  const model = new CharRNN({ vocabSize: VOCAB_SIZE });
  const names = model.namedParameters().map(([name, p]) => `${name} ${JSON.stringify(p.shape)}`);
  console.log(`parameters:\n  ${names.join('\n  ')}`);

  console.log(`\ntraining ${EPOCHS} epochs …`);
  const { trainIndices, holdoutIndices, losses, holdoutAccuracy } = trainWithHoldout(model, data, { epochs: EPOCHS, generator });
  console.log(`train ${trainIndices.length} sentences, hold-out ${holdoutIndices.length}; loss ${losses[0].toFixed(3)} → ${losses[losses.length - 1].toFixed(3)}`);
  console.log(`hold-out accuracy ${(100 * holdoutAccuracy).toFixed(1)} %`);

  const X = encodeBatch(sentences);
  const shown = holdoutIndices.slice(0, 6);
  const predicted = noGrad(() => model.forward(X.index(shown)).argmax(1)).toArray() as number[];
  console.log('\nheld-out sentences:');
  shown.forEach((i, k) => {
    const mark = predicted[k] === labels[i] ? 'ok ' : 'MISS';
    console.log(`  ${mark} "${sentences[i]}"  true ${labels[i]}  predicted ${predicted[k]}`);
  });

  const sentence = mySentence();
  const { label, probability } = classifySentence(model, sentence);
  console.log(`\nyour sentence: "${sentence}" → ${label} (${label === 1 ? 'positive' : 'negative'}), probability ${probability.toFixed(3)}`);

  const curve = { name: 'training loss', x: losses.map((_, i) => i + 1), y: losses };
  const file = await writeLineChart(join(outDir, 'sentiment-loss.svg'), [curve], {
    title: 'Bidirectional CharRNN: training loss per epoch',
    xLabel: 'epoch',
    yLabel: 'cross-entropy',
  });
  console.log('\n' + terminalChart([curve], { height: 8 }));
  console.log(`\npicture: ${file}`);
}
