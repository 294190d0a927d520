// Proof that the 09-variable-length suite grades behaviour, not our way of writing it: a differently
// written correct solution (padSequence, a hand-made sort with enforceSorted on, loops) scores full
// marks, and the classic wrong one (enforceSorted: false forgotten, h_n read from output[:, -1])
// loses exactly the checks those mistakes touch and keeps the others.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runGrade, type ExerciseResult } from '../run.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const TIMEOUT_MS = 120_000;

async function grade(kind: 'alt' | 'wrong', seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir: join(FIXTURES, kind), filters: ['09'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual(['09-variable-length']);
  return result.exercises[0];
}

/** Check names without the exercise prefix, e.g. "runPacked › output: …". */
function names(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(/^09-variable-length › /, '')).sort();
}

// Without enforceSorted: false only the unsorted cases throw (the visible sorted case still passes);
// output[:, -1] is right only for the full-length sequences, and every hidden case has a shorter one.
// A batch of one sequence is sorted and full-length, so the B = 1 check passes for it.
const LOST_BY_THE_WRONG_FIXTURE = [
  'runPacked › unsorted lengths, 1–2 layers, one or two directions: hN equals running every sequence alone',
  "runPacked › output: each sequence's own outputs at its valid steps, zeros on the padding, as many steps as the padded batch",
  'lastValidOutputs › picks output[b, length_b − 1] for every sequence',
].sort();

describe('09-variable-length suite against the proof fixtures', () => {
  // One seed each keeps `npm test` short; the suite itself was tried at GRADE_SEED 1..10 on both fixtures.
  test('the alternative correct solution scores full marks', async () => {
    const exercise = await grade('alt', 4);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(17);
    expect(exercise.points).toBe(exercise.maxPoints);
  }, TIMEOUT_MS);

  test('the wrong solution loses exactly the checks its mistakes touch', async () => {
    const exercise = await grade('wrong', 9);
    expect(names(exercise, 'failed')).toEqual(LOST_BY_THE_WRONG_FIXTURE);
    expect(names(exercise, 'passed')).toHaveLength(exercise.checks.length - LOST_BY_THE_WRONG_FIXTURE.length);
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    expect(exercise.points).toBe(10);
  }, TIMEOUT_MS);
});
