// Cross-entropy over every time step at once.
// BEGIN SOLUTION
import { Tensor, nn } from '../../lib/index.ts';
// STARTER
//> import { Tensor, nn, todo } from '../../lib/index.ts';
// END SOLUTION

// BEGIN SOLUTION
/**
 * logits (N, T, C) and targets (N, T) → the mean cross-entropy over all N·T tokens.
 * CrossEntropyLoss wants the classes on dim 1, so the steps are folded into the batch: (N·T, C) and (N·T).
 */
// STARTER
//> /**
//>  * logits (N, T, C) and targets (N, T) → the mean cross-entropy over all N·T tokens, as a scalar
//>  * Tensor that backward() can run through.
//>  */
// END SOLUTION
export function sequenceCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  // BEGIN SOLUTION
  const [batch, steps, classes] = logits.shape;
  return new nn.CrossEntropyLoss().forward(logits.reshape(batch * steps, classes), targets.reshape(batch * steps));
  // STARTER
  // TODO(3단계): nn.CrossEntropyLoss는 클래스 축이 dim 1이어야 합니다. (N, T, C)를 그대로 넣지 말고
  //   시점을 배치에 합치세요: (N·T, C)와 (N·T). 힌트: README.md의 "힌트 3".
  //> return todo('sequenceCrossEntropy');
  // END SOLUTION
}
