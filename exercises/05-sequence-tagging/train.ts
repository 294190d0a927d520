// The training loop: mini-batches in a new random order every epoch, Adam, and the cross-entropy
// over every time step (your sequenceCrossEntropy).
import { Generator, Tensor, defaultGenerator, optim, todo } from '../../lib/index.ts';
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

/** The sample indices 0 … n-1 in a random order, cut into mini-batches (given: you may use it or shuffle your own way). */
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
 * Trains the tagger in place on tokens X (n, T) and tags Y (n, T); returns the mean training loss of
 * every epoch: Σ over the epoch's mini-batches of (the batch's loss × its size), divided by n.
 */
export function trainTagger(
  model: RNNSeq2Seq,
  X: Tensor,
  Y: Tensor,
  { epochs = 30, lr = 0.01, batchSize = 32, generator, onEpoch }: TrainOptions = {},
): number[] {
  // TODO(6단계): 학습 루프를 완성하세요 (README.md의 6단계에 규칙이 모두 있습니다).
  //   - Adam 하나(model.parameters(), lr)로 끝까지, 시작할 때 model.train().
  //   - 에포크마다 generator(없으면 defaultGenerator())로 새 순서를 뽑아 batchSize씩 미니배치로 (shuffledBatches를 써도 됩니다).
  //   - 미니배치마다: 기울기 비우기 → forward → sequenceCrossEntropy(모든 시점) → backward → step.
  //   - 에포크 손실 = Σ(미니배치 손실 × 미니배치 크기) / n. history에 넣고 onEpoch(에포크 번호(1부터), 손실)을 부르세요.
  //   힌트: README.md의 "힌트 6".
  return todo('trainTagger');
}
