// Proof that the 10-lstm-gru suite grades behaviour, not our way of writing it: a differently written
// correct solution (every gate from one fused product then sliced, functional ops, the GRU mix as
// n + z ⊙ (h − n), rand-based init, the whole keep-mode bias in bias_ih, the last hidden state read off
// the output, a hand-written cross-entropy, other seeds for the weights and the data) scores full marks
// at several seeds, and each classic mistake (grader/test/fixtures/10-lstm-gru-mistakes.ts: the
// reference solution with one change) loses exactly the checks that catch it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type ExerciseResult } from '../run.ts';
import { MISTAKES } from './fixtures/10-lstm-gru-mistakes.ts';

const ID = '10-lstm-gru';
const ALT = join(import.meta.dirname, 'fixtures', '10-lstm-gru-alt');
const TIMEOUT_MS = 240_000;
const MAX_POINTS = 44;

async function gradeDir(submissionDir: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir, filters: ['10'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual([ID]);
  return result.exercises[0];
}

const scratch = mkdtempSync(join(tmpdir(), 'rnn-10-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** solutions/10-lstm-gru with the edits of MISTAKES[name] (each `from` must occur exactly once). */
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

/** Check names without the exercise prefix, e.g. "questions › whyDefaultInitForgets". */
function names(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(`${ID} › `, '')).sort();
}

describe('10-lstm-gru suite against the alternative correct solution', () => {
  // The suite itself was tried at GRADE_SEED 1…8 on the reference solution and on this fixture.
  test.each([1, 2, 3])('full marks at grading seed %i', async (seed) => {
    const exercise = await gradeDir(ALT, seed);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(MAX_POINTS);
    expect(exercise.points).toBe(MAX_POINTS);
  }, TIMEOUT_MS);
});

describe('10-lstm-gru suite against one mistake at a time', () => {
  test.each(Object.keys(MISTAKES))('%s loses exactly the checks that catch it', async (name) => {
    const exercise = await gradeDir(withMistake(name), 5);
    expect(names(exercise, 'failed')).toEqual([...MISTAKES[name].lost].sort());
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome, check.name).toBe('failed');
    const lostPoints = exercise.checks.filter((c) => c.status === 'failed').reduce((sum, c) => sum + c.maxPoints, 0);
    expect(exercise.points).toBe(MAX_POINTS - lostPoints);
    expect(lostPoints).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});
