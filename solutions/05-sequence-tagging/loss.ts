// Cross-entropy over every time step at once.
import { Tensor, nn } from '../../lib/index.ts';

/**
 * logits (N, T, C) and targets (N, T) → the mean cross-entropy over all N·T tokens.
 * CrossEntropyLoss wants the classes on dim 1, so the steps are folded into the batch: (N·T, C) and (N·T).
 */
export function sequenceCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  const [batch, steps, classes] = logits.shape;
  return new nn.CrossEntropyLoss().forward(logits.reshape(batch * steps, classes), targets.reshape(batch * steps));
}
