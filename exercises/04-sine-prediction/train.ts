// Training with MSE and Adam, and the test MSE.
import { Generator, Tensor, defaultGenerator, nn, noGrad, optim, todo } from '../../lib/index.ts';
import type { SinPredictor } from './model.ts';

export interface TrainOptions {
  epochs?: number;
  lr?: number;
  batchSize?: number;
  /** Shuffles the mini-batches (the global generator when omitted). */
  generator?: Generator;
  /** Called after every epoch with the epoch number (from 1) and its mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * The sample indices 0 … n-1 in a random order, cut into mini-batches in that order (given). The order takes
 * n - 1 draws of generator.random() (Fisher–Yates): the same permutation as randperm(n, { generator }).
 */
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

/** Trains the model in place and returns the mean training loss of every epoch. */
export function trainSinPredictor(
  model: SinPredictor,
  X: Tensor,
  y: Tensor,
  { epochs = 50, lr = 0.005, batchSize = 32, generator, onEpoch }: TrainOptions = {},
): number[] {
  // TODO(3단계): nn.MSELoss와 optim.Adam(model.parameters(), { lr })으로 epochs 번 학습하세요.
  //   에포크마다 shuffledBatches(X.shape[0], batchSize, generator)를 한 번 불러, 나온 미니배치마다 그 순서대로
  //   zeroGrad → forward → loss → backward → step. 에포크의 평균 손실(손실 × 미니배치 크기의 합 / 샘플 수)을
  //   배열에 모으고 onEpoch?.(epoch, 평균)을 부르세요. 채점기는 이 순서로 돌린 기준 학습과 1e-9까지 비교합니다.
  //   힌트: README.md의 "힌트 3".
  return todo('trainSinPredictor');
}

/** Mean squared error of the model's predictions on (X, y), without recording gradients. */
export function testMse(model: SinPredictor, X: Tensor, y: Tensor): number {
  // TODO(4단계): noGrad 안에서 예측하고 MSE를 숫자로 돌려주세요. 힌트: README.md의 "힌트 4".
  return todo('testMse');
}
