// Proof that the 04-sine-prediction suite grades behaviour, not our way of writing it: a differently
// written correct solution (phases from one rand() call, the last step of the output sequence, a
// hand-written MSE, randperm and a while loop over the batches) scores full marks at several seeds,
// and each classic mistake of the training loop (grader/test/fixtures/04-sine-prediction-mistakes.ts:
// the reference solution with one change) loses exactly the checks that catch it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type ExerciseResult } from '../run.ts';
import { MISTAKES } from './fixtures/04-sine-prediction-mistakes.ts';

const ID = '04-sine-prediction';
const FIXTURES = join(import.meta.dirname, 'fixtures');
const TIMEOUT_MS = 180_000;
const MAX_POINTS = 18;

async function gradeDir(submissionDir: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir, filters: ['04'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual([ID]);
  return result.exercises[0];
}

const scratch = mkdtempSync(join(tmpdir(), 'rnn-04-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** solutions/04-sine-prediction with the edits of MISTAKES[name] (each `from` must occur exactly once). */
function withMistake(name: string): string {
  const { file, edits } = MISTAKES[name];
  const root = join(scratch, name);
  cpSync(join(COURSE_ROOT, 'solutions', ID), join(root, ID), { recursive: true });
  const path = join(root, ID, file);
  let source = readFileSync(path, 'utf8');
  for (const { from, to } of edits) {
    expect(source.split(from).length - 1, `solutions/${ID}/${file} should contain ${JSON.stringify(from)} once`).toBe(1);
    source = source.replace(from, to);
  }
  writeFileSync(path, source);
  return root;
}

/** Check names without the exercise prefix, e.g. "training › testMse is the mean squared error of the predictions". */
function names(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(`${ID} › `, '')).sort();
}

describe('04-sine-prediction suite against the alternative correct solution', () => {
  // The training checks compare with a reference run to 1e-9: the alternative must match it at every seed.
  test.each([1, 2, 3])('full marks at grading seed %i', async (seed) => {
    const exercise = await gradeDir(join(FIXTURES, 'alt'), seed);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(MAX_POINTS);
    expect(exercise.points).toBe(MAX_POINTS);
  }, TIMEOUT_MS);
});

describe('04-sine-prediction suite against one mistake at a time', () => {
  test.each(Object.keys(MISTAKES))('%s loses exactly the checks that catch it', async (name) => {
    const exercise = await gradeDir(withMistake(name), 5);
    expect(names(exercise, 'failed')).toEqual([...MISTAKES[name].lost].sort());
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    const lostPoints = exercise.checks.filter((c) => c.status === 'failed').reduce((sum, c) => sum + c.maxPoints, 0);
    expect(exercise.points).toBe(MAX_POINTS - lostPoints);
  }, TIMEOUT_MS);
});
