// Proof that the 07-gradient-clipping suite grades behaviour, not our way of writing it: a differently
// written correct solution (utils.clipGradNorm_ instead of a hand-written clip, the norm from tensor
// operations, the large init as randn · std copied in place, a hand-written MSE, gradients cleared
// after every step, the prediction read off the output sequence) scores full marks at several seeds,
// and each mistake issue 13 found (grader/test/fixtures/07-gradient-clipping-mistakes.ts: the
// reference solution with one change) loses exactly the checks that catch it.
import { join } from 'node:path';
import { proveSuite } from './suite-proof.ts';
import { MISTAKES } from './fixtures/07-gradient-clipping-mistakes.ts';

proveSuite({
  id: '07-gradient-clipping',
  maxPoints: 19,
  alternative: join(import.meta.dirname, 'fixtures', 'alt'),
  seeds: [1, 2, 3],
  mistakes: MISTAKES,
  mistakeSeed: 5,
});
