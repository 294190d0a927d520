// Measuring the exploding gradient, and training with and without clipping.
import { nn, optim } from '../../lib/index.ts';
import { clipGradients, totalGradNorm } from './clipping.ts';
import type { SequenceData } from './data.ts';
import type { DeepRNNRegressor } from './model.ts';

/** One forward and backward pass (MSE): the gradient norm before and after clipping to maxNorm. */
export function measureGradNorms(model: DeepRNNRegressor, data: SequenceData, maxNorm = 1.0): { before: number; after: number } {
  model.zeroGrad();
  const loss = new nn.MSELoss().forward(model.forward(data.inputs), data.targets);
  loss.backward();
  const before = clipGradients(model.parameters(), maxNorm);
  return { before, after: totalGradNorm(model.parameters()) };
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
  const lossFn = new nn.MSELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr });
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(data.inputs), data.targets);
    loss.backward();
    if (maxNorm !== null) clipGradients(model.parameters(), maxNorm); // after backward, before step
    optimizer.step();
    losses.push(loss.item());
    onEpoch?.(epoch, loss.item());
  }
  return losses;
}
