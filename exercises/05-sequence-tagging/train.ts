// The training loop (given): mini-batches, Adam, and your sequenceCrossEntropy.
import { Generator, Tensor, defaultGenerator, optim } from '../../lib/index.ts';
import { sequenceCrossEntropy } from './loss.ts';
import type { RNNSeq2Seq } from './model.ts';

export interface TrainOptions {
  epochs?: number;
  lr?: number;
  batchSize?: number;
  /** Shuffles the mini-batches (the global generator when omitted). */
  generator?: Generator;
  /** Called after every epoch with the epoch number (from 1) and its mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
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

/** Trains the tagger in place; returns the mean training loss of every epoch. */
export function trainTagger(
  model: RNNSeq2Seq,
  X: Tensor,
  Y: Tensor,
  { epochs = 30, lr = 0.01, batchSize = 32, generator, onEpoch }: TrainOptions = {},
): number[] {
  const optimizer = new optim.Adam(model.parameters(), { lr });
  const n = X.shape[0];
  const history: number[] = [];
  model.train();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const batch of shuffledBatches(n, batchSize, generator)) {
      optimizer.zeroGrad();
      const loss = sequenceCrossEntropy(model.forward(X.index(batch)), Y.index(batch));
      loss.backward();
      optimizer.step();
      total += loss.item() * batch.length;
    }
    history.push(total / n);
    onEpoch?.(epoch, total / n);
  }
  return history;
}
