// Proof that the 05-sequence-tagging suite grades behaviour, not our way of writing it: a differently
// written correct solution (randint for the tokens, prefix sums for the running-sum tags, one-hot tokens
// instead of an embedding, a hand-written cross-entropy, plain loops for both accuracies, a training loop
// with randperm, a while loop, a summed loss on (N, C, T) and the gradients cleared through the model
// after each step, a measured answer to the value question) scores full marks at several seeds, and each
// classic mistake (grader/test/fixtures/wrong/05-sequence-tagging-mistakes.ts: the reference solution
// with one change) loses exactly the checks that catch it.
import { join } from 'node:path';
import { proveSuite } from './suite-proof.ts';
import { MISTAKES } from './fixtures/wrong/05-sequence-tagging-mistakes.ts';

proveSuite({
  id: '05-sequence-tagging',
  maxPoints: 34,
  alternative: join(import.meta.dirname, 'fixtures', 'alt'),
  seeds: [1, 2, 3],
  mistakes: MISTAKES,
  mistakeSeed: 5,
  timeoutMs: 240_000,
});
