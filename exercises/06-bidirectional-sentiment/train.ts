// The training loop and the accuracy (given): mini-batches, cross-entropy, Adam.
import { Generator, Tensor, defaultGenerator, nn, noGrad, optim } from '../../lib/index.ts';

export interface TrainOptions {
  epochs?: number;
  lr?: number;
  batchSize?: number;
  /** Shuffles the mini-batches (the global generator when omitted). */
  generator?: Generator;
  /** Called after every epoch with the epoch number (from 1) and its mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Anything that maps a (batch, seqLen) tensor of character indices to (batch, numClasses) scores. */
export interface Classifier extends nn.Module {
  forward(x: Tensor): Tensor;
}

/** The sample indices 0 … n-1 in a random order, cut into mini-batches. */
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

/** Trains the classifier in place on X (batch, seqLen) and labels y (batch); returns every epoch's mean loss. */
export function trainClassifier(
  model: Classifier,
  X: Tensor,
  y: Tensor,
  { epochs = 20, lr = 0.01, batchSize = 16, generator, onEpoch }: TrainOptions = {},
): number[] {
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
    onEpoch?.(epoch, total / n);
  }
  return history;
}

/** The share of samples whose highest-scoring class is the label. */
export function accuracy(model: Classifier, X: Tensor, y: Tensor): number {
  model.eval();
  return noGrad(() => model.forward(X).argmax(1).eq(y).mean().item());
}
