// Proof that the 01-rnn-cell suite grades behaviour, not our way of writing it: a differently written
// correct solution scores full marks, and a classic wrong one (Wh not transposed in rnnStep, the bias
// forgotten in MyRNNCell.forward) loses exactly the checks those mistakes touch and keeps the others.
// Each gap that mutation testing found (issue 13) has its own wrong fixture too: the reference solution
// with one line changed (grader/test/fixtures/01-rnn-cell-mistakes.ts).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type ExerciseResult } from '../run.ts';
import { MISTAKES } from './fixtures/01-rnn-cell-mistakes.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const TIMEOUT_MS = 120_000;

async function gradeDir(submissionDir: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir, filters: ['01'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual(['01-rnn-cell']);
  return result.exercises[0];
}

async function grade(kind: 'alt' | 'wrong', seed: number): Promise<ExerciseResult> {
  return gradeDir(join(FIXTURES, kind), seed);
}

const scratch = mkdtempSync(join(tmpdir(), 'rnn-01-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** solutions/01-rnn-cell with the one change of MISTAKES[name] (its `from` must occur exactly once). */
function withMistake(name: string): string {
  const { file, from, to } = MISTAKES[name];
  const root = join(scratch, name);
  cpSync(join(COURSE_ROOT, 'solutions', '01-rnn-cell'), join(root, '01-rnn-cell'), { recursive: true });
  const path = join(root, '01-rnn-cell', file);
  const source = readFileSync(path, 'utf8');
  expect(source.split(from).length - 1, `solutions/01-rnn-cell/${file} should contain ${JSON.stringify(from)} once`).toBe(1);
  writeFileSync(path, source.replace(from, to));
  return root;
}

/** Check names without the exercise prefix, e.g. "rnnStep (ml-matrix) › leaves its arguments unchanged". */
function names(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(/^01-rnn-cell › /, '')).sort();
}

// A square Wh hides a missing transpose until h_{t-1} is non-zero; a missing bias shows in every value
// MyRNNCell computes and leaves b without a gradient.
const LOST_BY_THE_WRONG_FIXTURE = [
  'rnnStep (ml-matrix) › random sizes and a non-zero h_prev, equals nn.RNNCell',
  'unrollSequence (ml-matrix) › every h_t equals the output of nn.RNN with the same weights (10 steps, input 4, hidden 8)',
  'unrollSequence (ml-matrix) › random lengths and sizes, equals nn.RNN',
  'MyRNNCell and MyRNN (Module) › MyRNNCell.forward equals nn.RNNCell with the same weights (input 4, hidden 6)',
  'MyRNNCell and MyRNN (Module) › MyRNNCell.forward on a batch of several rows',
  "MyRNNCell and MyRNN (Module) › MyRNN.forward on note 003's sequence (1, 5, 4): h_T equals nn.RNN's h_n and output = sigmoid(h_T Wyᵀ)",
  'MyRNNCell and MyRNN (Module) › backward through MyRNN gives the gradients of nn.RNN for Wx, Wh, b and Wy',
  'saturation (note 004) › the states it returns are the RNN run over the inputs and weights it returns',
].sort();

describe('01-rnn-cell suite against the proof fixtures', () => {
  // One seed each keeps `npm test` short; the suite itself was tried at GRADE_SEED 1..10 on both fixtures.
  test('the alternative correct solution scores full marks', async () => {
    const exercise = await grade('alt', 3);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(29);
    expect(exercise.points).toBe(exercise.maxPoints);
  }, TIMEOUT_MS);

  test('the wrong solution loses exactly the checks its mistakes touch', async () => {
    const exercise = await grade('wrong', 7);
    expect(names(exercise, 'failed')).toEqual(LOST_BY_THE_WRONG_FIXTURE);
    // Everything else still passes: the step from a zero state, the shapes, the Parameters, the saturation.
    expect(names(exercise, 'passed')).toHaveLength(exercise.checks.length - LOST_BY_THE_WRONG_FIXTURE.length);
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    expect(exercise.points).toBe(15);
  }, TIMEOUT_MS);
});

describe('01-rnn-cell suite against one mistake at a time', () => {
  test.each(Object.keys(MISTAKES))('%s loses exactly the checks that catch it', async (name) => {
    const exercise = await gradeDir(withMistake(name), 5);
    expect(names(exercise, 'failed')).toEqual([...MISTAKES[name].lost].sort());
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    const lostPoints = exercise.checks.filter((c) => c.status === 'failed').reduce((sum, c) => sum + c.maxPoints, 0);
    expect(exercise.points).toBe(exercise.maxPoints - lostPoints);
  }, TIMEOUT_MS);
});
