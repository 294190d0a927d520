// Measuring the exploding gradient, and training with and without clipping.
import { nn, optim, todo } from '../../lib/index.ts';
import { clipGradients, totalGradNorm } from './clipping.ts';
import type { SequenceData } from './data.ts';
import type { DeepRNNRegressor } from './model.ts';

/** One forward and backward pass (MSE): the gradient norm before and after clipping to maxNorm. */
export function measureGradNorms(model: DeepRNNRegressor, data: SequenceData, maxNorm = 1.0): { before: number; after: number } {
  // TODO: model.zeroGrad() → MSE 손실(model.forward(data.inputs) vs data.targets) → backward()
  // → 클리핑 전 노름(before) → 클리핑 → 클리핑 후 노름(after). { before, after }를 돌려주세요.
  // 힌트: README의 "힌트 4".
  return todo('measureGradNorms');
}

export interface TrainOptions {
  epochs?: number;
  lr?: number;
  /** Clip the gradient norm to this value before every step; null trains without clipping. */
  maxNorm?: number | null;
  /** Called after every epoch with the epoch number (from 1) and that epoch's loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Full-batch SGD on MSE, in place: one step per epoch. Returns each epoch's loss, measured before its step. */
export function train(model: DeepRNNRegressor, data: SequenceData, { epochs = 30, lr = 0.2, maxNorm = null, onEpoch }: TrainOptions = {}): number[] {
  // TODO: optim.SGD(model.parameters(), { lr })로 에포크마다 한 번씩(전체 배치):
  //   zeroGrad → 순전파와 MSE 손실 → backward → (maxNorm !== null이면) 클리핑 → step,
  // 그 에포크의 손실(loss.item())을 배열에 모으고 onEpoch?.(epoch, loss)를 부르세요.
  // 힌트: README의 "힌트 5".
  return todo('train');
}
