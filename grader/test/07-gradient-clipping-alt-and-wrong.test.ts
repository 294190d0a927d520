// Proof that the 07-gradient-clipping suite grades behaviour, not our way of writing it: a differently
// written correct solution (utils.clipGradNorm_ instead of a hand-written clip, the norm from tensor
// operations, the large init as randn · std copied in place, a hand-written MSE, gradients cleared
// after every step, the prediction read off the output sequence) scores full marks at several seeds,
// and each mistake issue 13 found (grader/test/fixtures/07-gradient-clipping-mistakes.ts: the
// reference solution with one change) loses exactly the checks that catch it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type ExerciseResult } from '../run.ts';
import { MISTAKES } from './fixtures/07-gradient-clipping-mistakes.ts';

const ID = '07-gradient-clipping';
const FIXTURES = join(import.meta.dirname, 'fixtures');
const TIMEOUT_MS = 180_000;
const MAX_POINTS = 19;

async function gradeDir(submissionDir: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir, filters: ['07'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual([ID]);
  return result.exercises[0];
}

const scratch = mkdtempSync(join(tmpdir(), 'rnn-07-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** solutions/07-gradient-clipping with the edits of MISTAKES[name] (each `from` must occur exactly once). */
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

describe('07-gradient-clipping suite against the alternative correct solution', () => {
  // The training checks compare with a reference run to 1e-9: the alternative must match it at every seed.
  test.each([1, 2, 3])('full marks at grading seed %i', async (seed) => {
    const exercise = await gradeDir(join(FIXTURES, 'alt'), seed);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(MAX_POINTS);
    expect(exercise.points).toBe(MAX_POINTS);
  }, TIMEOUT_MS);
});

describe('07-gradient-clipping suite against one mistake at a time', () => {
  test.each(Object.keys(MISTAKES))('%s loses exactly the checks that catch it', async (name) => {
    const exercise = await gradeDir(withMistake(name), 5);
    expect(names(exercise, 'failed')).toEqual([...MISTAKES[name].lost].sort());
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    const lostPoints = exercise.checks.filter((c) => c.status === 'failed').reduce((sum, c) => sum + c.maxPoints, 0);
    expect(exercise.points).toBe(MAX_POINTS - lostPoints);
  }, TIMEOUT_MS);
});
