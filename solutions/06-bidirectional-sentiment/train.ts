// Training: the loop (mini-batches, cross-entropy, Adam) and the run with a seeded 20 % hold-out.
// BEGIN SOLUTION
import { Generator, Tensor, defaultGenerator, nn, noGrad, optim, tensor } from '../../lib/index.ts';
// STARTER
//> import { Generator, Tensor, defaultGenerator, nn, noGrad, todo } from '../../lib/index.ts';
// END SOLUTION
import { holdoutSplit, type SentimentData } from './data.ts';
import { encodeBatch } from './vocab.ts';

/** The share of sentences held out for testing (note 002, exercise 3: a 20 % hold-out). */
export const HOLDOUT_FRACTION = 0.2;

export interface TrainOptions {
  epochs?: number;
  lr?: number;
  batchSize?: number;
  /** Shuffles the mini-batches (the global generator when omitted). */
  generator?: Generator;
}

/** Anything that maps a (batch, seqLen) tensor of character indices to (batch, numClasses) scores. */
export interface Classifier extends nn.Module {
  forward(x: Tensor): Tensor;
}

/** The sample indices 0 … n-1 in a random order, cut into mini-batches (given). */
export function shuffledBatches(n: number, batchSize: number, generator: Generator = defaultGenerator()): number[][] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const batches: number[][] = [];
  for (let start = 0; start < n; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}

/**
 * Trains the classifier in place on X (batch, seqLen) and labels y (batch) with cross-entropy and Adam:
 * every epoch visits all samples once, in mini-batches of `batchSize` shuffled by `generator`, one
 * update per mini-batch. Returns every epoch's mean loss over the samples.
 */
export function trainClassifier(
  model: Classifier,
  X: Tensor,
  y: Tensor,
  { epochs = 20, lr = 0.01, batchSize = 16, generator }: TrainOptions = {},
): number[] {
  // BEGIN SOLUTION
  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr });
  const n = X.shape[0];
  const history: number[] = [];
  model.train();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const batch of shuffledBatches(n, batchSize, generator)) {
      optimizer.zeroGrad();
      const loss = lossFn.forward(model.forward(X.index(batch)), y.index(batch));
      loss.backward();
      optimizer.step();
      total += loss.item() * batch.length;
    }
    history.push(total / n);
  }
  return history;
  // STARTER
  // TODO(7단계): nn.CrossEntropyLoss와 optim.Adam(lr)으로 epochs 에포크 학습하세요. 에포크마다
  //   shuffledBatches(n, batchSize, generator)의 미니배치 하나에 갱신 한 번. 돌려줄 값은 에포크마다
  //   "표본 하나당 평균 손실" (미니배치 손실 × 미니배치 크기의 합 ÷ n). 힌트: README.md의 "힌트 7".
  //> return todo('trainClassifier');
  // END SOLUTION
}

/** The share of samples whose highest-scoring class is the label (given). */
export function accuracy(model: Classifier, X: Tensor, y: Tensor): number {
  model.eval();
  return noGrad(() => model.forward(X).argmax(1).eq(y).mean().item());
}

export interface HoldoutRun {
  trainIndices: number[];
  holdoutIndices: number[];
  /** Every epoch's mean training loss, as trainClassifier returns it. */
  losses: number[];
  /** accuracy() of the trained model on the held-out sentences. */
  holdoutAccuracy: number;
}

/**
 * Encodes all sentences at once (encodeBatch), holds out HOLDOUT_FRACTION of them with holdoutSplit
 * (drawing from options.generator), trains the model in place on the other sentences only with
 * trainClassifier(…, options), and measures its accuracy on the held-out ones.
 */
export function trainWithHoldout(model: Classifier, data: SentimentData, options: TrainOptions = {}): HoldoutRun {
  // BEGIN SOLUTION
  const X = encodeBatch(data.sentences);
  const y = tensor(data.labels);
  const { trainIndices, holdoutIndices } = holdoutSplit(data.sentences.length, HOLDOUT_FRACTION, { generator: options.generator });
  const losses = trainClassifier(model, X.index(trainIndices), y.index(trainIndices), options);
  const holdoutAccuracy = accuracy(model, X.index(holdoutIndices), y.index(holdoutIndices));
  return { trainIndices, holdoutIndices, losses, holdoutAccuracy };
  // STARTER
  // TODO(8단계): 모든 문장을 encodeBatch로 한 번에 인코딩하고, holdoutSplit(…, HOLDOUT_FRACTION, { generator: options.generator })로
  //   나눈 뒤, 학습용 행만으로 trainClassifier(model, …, options)를 돌리고, 홀드아웃 행의 accuracy를 재세요.
  //   힌트: README.md의 "힌트 8".
  //> return todo('trainWithHoldout');
  // END SOLUTION
}
