// Proof that the 06-bidirectional-sentiment suite grades behaviour, not our way of writing it: a
// differently written correct solution (character codes, a Set, h_n reshaped to (layers, directions, …),
// a time-major RNN) scores full marks, and the classic wrong one — torch.cat((h_n[0], h_n[1])) copied from a
// one-layer example, which is the FIRST layer once layers are stacked — loses exactly the stacked-layer checks.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runGrade, type ExerciseResult } from '../run.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const TIMEOUT_MS = 120_000;
const ID = '06-bidirectional-sentiment';

async function grade(kind: 'alt' | 'wrong', seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir: join(FIXTURES, kind), filters: ['06'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual([ID]);
  return result.exercises[0];
}

/** Check names without the exercise prefix, e.g. "CharRNN › forward maps (batch, seqLen) …". */
function names(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(`${ID} › `, '')).sort();
}

// With one layer rows 0, 1 are rows -2, -1, so the one-layer checks and the training (one layer) still pass.
const LOST_BY_THE_WRONG_FIXTURE = [
  'concatFinalStates › stacked layers (2 and 3): the forward and backward rows of the LAST layer',
  'CharRNN › equals the library model with the same weights (two stacked layers)',
].sort();

describe(`${ID} suite against the proof fixtures`, () => {
  // One seed each keeps `npm test` short; the suite itself was tried at GRADE_SEED 1..10 on both fixtures.
  test('the alternative correct solution scores full marks', async () => {
    const exercise = await grade('alt', 5);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(17);
    expect(exercise.points).toBe(exercise.maxPoints);
  }, TIMEOUT_MS);

  test('the wrong solution (h_n rows of the first layer) loses exactly the stacked-layer checks', async () => {
    const exercise = await grade('wrong', 8);
    expect(names(exercise, 'failed')).toEqual(LOST_BY_THE_WRONG_FIXTURE);
    expect(names(exercise, 'passed')).toHaveLength(exercise.checks.length - LOST_BY_THE_WRONG_FIXTURE.length);
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    expect(exercise.points).toBe(13);
  }, TIMEOUT_MS);
});
