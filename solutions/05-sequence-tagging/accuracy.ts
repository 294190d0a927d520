// Per-token accuracy: the share of all tokens whose highest-scoring class is the true label.
import { Tensor } from '../../lib/index.ts';

/** logits (N, T, C), targets (N, T) → correct tokens / (N·T), a number in [0, 1]. */
export function perTokenAccuracy(logits: Tensor, targets: Tensor): number {
  const predicted = logits.argmax(-1); // (N, T)
  return predicted.eq(targets).mean().item();
}
