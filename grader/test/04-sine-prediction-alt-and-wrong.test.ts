// Proof that the 04-sine-prediction suite grades behaviour, not our way of writing it: a differently
// written correct solution (phases from one rand() call, the last step of the output sequence, a
// hand-written MSE, randperm and a while loop over the batches) scores full marks at several seeds,
// and each classic mistake of the training loop (grader/test/fixtures/04-sine-prediction-mistakes.ts:
// the reference solution with one change) loses exactly the checks that catch it.
import { join } from 'node:path';
import { proveSuite } from './suite-proof.ts';
import { MISTAKES } from './fixtures/04-sine-prediction-mistakes.ts';

proveSuite({
  id: '04-sine-prediction',
  maxPoints: 18,
  alternative: join(import.meta.dirname, 'fixtures', 'alt'),
  seeds: [1, 2, 3],
  mistakes: MISTAKES,
  mistakeSeed: 5,
});
