// Proof that the 05-sequence-tagging suite grades behaviour, not our way of writing it: a differently
// written correct solution (randint for the tokens, prefix sums for the running-sum tags, one-hot tokens
// instead of an embedding, a hand-written cross-entropy, plain loops for both accuracies, a training loop
// with randperm, a while loop, a summed loss on (N, C, T) and the gradients cleared through the model
// after each step, a measured answer to the value question) scores full marks at several seeds, and each
// classic mistake (grader/test/fixtures/wrong/05-sequence-tagging-mistakes.ts: the reference solution
// with one change) loses exactly the checks that catch it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type ExerciseResult } from '../run.ts';
import { MISTAKES } from './fixtures/wrong/05-sequence-tagging-mistakes.ts';

const ID = '05-sequence-tagging';
const ALT = join(import.meta.dirname, 'fixtures', 'alt');
const TIMEOUT_MS = 240_000;
const MAX_POINTS = 34;

async function gradeDir(submissionDir: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir, filters: ['05'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual([ID]);
  return result.exercises[0];
}

const scratch = mkdtempSync(join(tmpdir(), 'rnn-05-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** solutions/05-sequence-tagging with the edits of MISTAKES[name] (each `from` must occur exactly once). */
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

/** Check names without the exercise prefix, e.g. "questions › whatIfBatchFirstIsForgotten". */
function names(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(`${ID} › `, '')).sort();
}

describe('05-sequence-tagging suite against the alternative correct solution', () => {
  // The two training checks of this fixture were also measured at grading seeds 1…40 (see the suite's comments).
  test.each([1, 2, 3])('full marks at grading seed %i', async (seed) => {
    const exercise = await gradeDir(ALT, seed);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(MAX_POINTS);
    expect(exercise.points).toBe(MAX_POINTS);
  }, TIMEOUT_MS);
});

describe('05-sequence-tagging suite against one mistake at a time', () => {
  test.each(Object.keys(MISTAKES))('%s loses exactly the checks that catch it', async (name) => {
    const exercise = await gradeDir(withMistake(name), 5);
    expect(names(exercise, 'failed')).toEqual([...MISTAKES[name].lost].sort());
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome, check.name).toBe('failed');
    const lostPoints = exercise.checks.filter((c) => c.status === 'failed').reduce((sum, c) => sum + c.maxPoints, 0);
    expect(exercise.points).toBe(MAX_POINTS - lostPoints);
    expect(lostPoints).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});
