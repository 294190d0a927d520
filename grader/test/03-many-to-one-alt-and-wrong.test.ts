// Proof that the 03-many-to-one suite grades behaviour, not our way of writing it: a differently written
// correct solution (grader/test/fixtures/alt/03-many-to-one: the output sequence's last step instead of
// h_n[-1], no h_0, a hand-written BCE, accuracy counted in plain numbers, gradients cleared after each
// step) scores full marks at several seeds, and each mistake (the gap mutation testing found, issue 13,
// and a wrong answer to each question: the reference solution with one change) loses exactly its check.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type ExerciseResult } from '../run.ts';

const ID = '03-many-to-one';
const TIMEOUT_MS = 180_000;
const MAX_POINTS = 17;

const LOG = "trainClassifier › logs epochs 0, 50, 100 with that epoch's loss and accuracy, and calls onEpoch every epoch";
const CHOICE = 'questions › sameNumbersAsLastHidden: which part of the output sequence equals h_n[-1]';
const VALUE = 'questions › bceOfOneConfidentMistake: the BCE of p = 0.9 for targets 0 and 1';

/** One mistake: the file of solutions/03-many-to-one to change, the edits (each `from` occurs once), the checks it must lose. */
const MISTAKES: Record<string, { file: string; edits: { from: string; to: string }[]; lost: string[] }> = {
  'on-epoch-gets-a-tensor': {
    file: 'train.ts',
    edits: [{ from: 'onEpoch?.(epoch, loss.item());', to: 'onEpoch?.(epoch, loss as unknown as number);' }],
    lost: [LOG],
  },
  'first-step-instead-of-last': {
    file: 'questions.ts',
    edits: [{ from: "return 'b';", to: "return 'a';" }],
    lost: [CHOICE],
  },
  'bce-of-the-right-answer-only': {
    file: 'questions.ts',
    edits: [{ from: 'return -(Math.log(1 - 0.9) + Math.log(0.9)) / 2;', to: 'return -Math.log(0.9);' }],
    lost: [VALUE],
  },
};

const scratch = mkdtempSync(join(tmpdir(), 'rnn-03-mistakes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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

async function gradeDir(submissionDir: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir, filters: ['03'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual([ID]);
  return result.exercises[0];
}

const failed = (exercise: ExerciseResult): string[] =>
  exercise.checks.filter((c) => c.status === 'failed').map((c) => c.name.replace(`${ID} › `, '')).sort();

describe('03-many-to-one suite against the alternative correct solution', () => {
  test.each([1, 2, 3])('full marks at grading seed %i', async (seed) => {
    const exercise = await gradeDir(join(import.meta.dirname, 'fixtures', 'alt'), seed);
    expect(failed(exercise)).toEqual([]);
    expect(exercise.maxPoints).toBe(MAX_POINTS);
    expect(exercise.points).toBe(MAX_POINTS);
  }, TIMEOUT_MS);
});

describe('03-many-to-one suite against one mistake at a time', () => {
  test.each(Object.keys(MISTAKES))('%s loses exactly the checks that catch it', async (name) => {
    const exercise = await gradeDir(withMistake(name), 5);
    expect(failed(exercise)).toEqual([...MISTAKES[name].lost].sort());
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    const lostPoints = exercise.checks.filter((c) => c.status === 'failed').reduce((sum, c) => sum + c.maxPoints, 0);
    expect(exercise.maxPoints).toBe(MAX_POINTS);
    expect(exercise.points).toBe(MAX_POINTS - lostPoints);
  }, TIMEOUT_MS);
});
