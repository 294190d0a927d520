// Proof that the 10-lstm-gru suite grades behaviour, not our way of writing it: a differently written
// correct solution (every gate from one fused product then sliced, functional ops, the GRU mix as
// n + z ⊙ (h − n), rand-based init, the whole keep-mode bias in bias_ih, the last hidden state read off
// the output, a hand-written cross-entropy, other seeds for the weights and the data) scores full marks
// at several seeds, and each classic mistake (grader/test/fixtures/10-lstm-gru-mistakes.ts: the
// reference solution with one change) loses exactly the checks that catch it.
import { join } from 'node:path';
import { proveSuite } from './suite-proof.ts';
import { MISTAKES } from './fixtures/10-lstm-gru-mistakes.ts';

proveSuite({
  id: '10-lstm-gru',
  maxPoints: 44,
  alternative: join(import.meta.dirname, 'fixtures', '10-lstm-gru-alt'),
  seeds: [1, 2, 3],
  mistakes: MISTAKES,
  mistakeSeed: 5,
  timeoutMs: 240_000,
});
