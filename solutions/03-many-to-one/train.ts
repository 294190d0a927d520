// Note 000's training loop: BCELoss, SGD with lr 0.1, full batch, loss and accuracy every 50 epochs.
// BEGIN SOLUTION
import { Tensor, nn, optim } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, optim, todo } from '../../lib/index.ts';
// END SOLUTION
import { accuracy } from './accuracy.ts';
import type { SimpleRNNModel } from './model.ts';

export interface TrainOptions {
  /** The loop runs for epoch = 0, 1, …, epochs (epochs + 1 updates), as in the note. */
  epochs?: number;
  lr?: number;
  /** Log every this many epochs (epoch 0 included). */
  logEvery?: number;
  /** Called after every update with the epoch and its loss (e.g. for a progress bar). */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface LogEntry {
  epoch: number;
  /** The loss of that epoch's forward pass (before its update). */
  loss: number;
  /** The accuracy of that epoch's predictions (before its update). */
  accuracy: number;
}

/** Trains the model in place on (x, y) and returns the log lines. */
export function trainClassifier(
  model: SimpleRNNModel,
  x: Tensor,
  y: Tensor,
  { epochs = 500, lr = 0.1, logEvery = 50, onEpoch }: TrainOptions = {},
): LogEntry[] {
  // BEGIN SOLUTION
  const criterion = new nn.BCELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr });
  const log: LogEntry[] = [];
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const prediction = model.forward(x);
    const loss = criterion.forward(prediction, y);
    optimizer.zeroGrad(); // gradients add up across backward() calls otherwise
    loss.backward();
    optimizer.step();
    if (epoch % logEvery === 0) log.push({ epoch, loss: loss.item(), accuracy: accuracy(prediction, y) });
    onEpoch?.(epoch, loss.item());
  }
  return log;
  // STARTER
  // TODO: nn.BCELoss와 optim.SGD(model.parameters(), { lr })로, epoch = 0 … epochs 동안
  //       순전파 → 손실 → zeroGrad → backward → step을 하고, logEvery마다 { epoch, loss, accuracy }를
  //       기록해 돌려주세요. 매 epoch 끝에 onEpoch?.(epoch, loss)를 부르세요. → README 힌트 4
  //> return todo('trainClassifier');
  // END SOLUTION
}
