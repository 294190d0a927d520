// Proof that the 03-many-to-one suite grades behaviour, not our way of writing it: a differently written
// correct solution (grader/test/fixtures/alt/03-many-to-one: the output sequence's last step instead of
// h_n[-1], no h_0, a hand-written BCE, accuracy counted in plain numbers, gradients cleared after each
// step) scores full marks at several seeds, and each mistake (the gap mutation testing found, issue 13,
// and a wrong answer to each question: the reference solution with one change) loses exactly its check.
import { join } from 'node:path';
import { proveSuite, type Mistake } from './suite-proof.ts';

const LOG = "trainClassifier › logs epochs 0, 50, 100 with that epoch's loss and accuracy, and calls onEpoch every epoch";
const CHOICE = 'questions › sameNumbersAsLastHidden: which part of the output sequence equals h_n[-1]';
const VALUE = 'questions › bceOfOneConfidentMistake: the BCE of p = 0.9 for targets 0 and 1';

const MISTAKES: Record<string, Mistake> = {
  'on-epoch-gets-a-tensor': {
    what: 'onEpoch is given the loss tensor instead of loss.item()',
    file: 'train.ts',
    edits: [{ from: 'onEpoch?.(epoch, loss.item());', to: 'onEpoch?.(epoch, loss as unknown as number);' }],
    lost: [LOG],
  },
  'first-step-instead-of-last': {
    what: 'the choice question answered with the first step of the output sequence',
    file: 'questions.ts',
    edits: [{ from: "return 'b';", to: "return 'a';" }],
    lost: [CHOICE],
  },
  'bce-of-the-right-answer-only': {
    what: 'the value question computes the BCE of the target-1 sample only',
    file: 'questions.ts',
    edits: [{ from: 'return -(Math.log(1 - 0.9) + Math.log(0.9)) / 2;', to: 'return -Math.log(0.9);' }],
    lost: [VALUE],
  },
};

proveSuite({
  id: '03-many-to-one',
  maxPoints: 17,
  alternative: join(import.meta.dirname, 'fixtures', 'alt'),
  seeds: [1, 2, 3],
  mistakes: MISTAKES,
  mistakeSeed: 5,
});
