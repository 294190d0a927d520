// The proof that a suite grades behaviour, not our way of writing it, shared by the exercises'
// *-alt-and-wrong tests: a differently written correct solution scores full marks at several
// grading seeds, and each one-change mistake of the reference solution (the exercise's MISTAKES
// fixture) loses exactly the checks named for it, and at least one point.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type ExerciseResult } from '../run.ts';

export interface Mistake {
  /** What the mistake is, in a sentence. */
  what: string;
  /** The file of solutions/<id> it changes. */
  file: string;
  /** Replacements; each `from` must occur exactly once in the file. */
  edits: { from: string; to: string }[];
  /** The checks it must lose, without the exercise prefix. */
  lost: string[];
}

export interface SuiteProof {
  id: string;
  maxPoints: number;
  /** A folder holding <id>/ written differently from solutions/<id>. */
  alternative: string;
  /** Grading seeds at which the alternative must score full marks. */
  seeds: number[];
  mistakes: Record<string, Mistake>;
  /** The grading seed the mistakes are graded at. */
  mistakeSeed?: number;
  timeoutMs?: number;
}

/** Grades exercise `id` of `submissionDir` at `seed` (the only exercise graded). */
export async function gradeExercise(id: string, submissionDir: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir, filters: [id.slice(0, 2)], seed });
  expect(result.exercises.map((e) => e.id)).toEqual([id]);
  return result.exercises[0];
}

/** Check names without the exercise prefix. */
export function checkNames(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(`${exercise.id} › `, '')).sort();
}

/** The exercise lost exactly `lost`, each as a plain failed check (not a crash or a timeout), and only their points, at least one. */
export function expectLostExactly(exercise: ExerciseResult, maxPoints: number, lost: string[]): void {
  expect(checkNames(exercise, 'failed')).toEqual([...lost].sort());
  for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome, check.name).toBe('failed');
  const lostPoints = exercise.checks.filter((c) => c.status === 'failed').reduce((sum, c) => sum + c.maxPoints, 0);
  expect(exercise.maxPoints).toBe(maxPoints);
  expect(exercise.points).toBe(maxPoints - lostPoints);
  expect(lostPoints).toBeGreaterThan(0);
}

export function proveSuite({ id, maxPoints, alternative, seeds, mistakes, mistakeSeed = 5, timeoutMs = 180_000 }: SuiteProof): void {
  const filter = id.slice(0, 2);

  const scratch = mkdtempSync(join(tmpdir(), `rnn-${filter}-mistakes-`));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** solutions/<id> with the edits of one mistake. */
  const withMistake = (name: string): string => {
    const { file, edits } = mistakes[name];
    const root = join(scratch, name);
    cpSync(join(COURSE_ROOT, 'solutions', id), join(root, id), { recursive: true });
    const path = join(root, id, file);
    let source = readFileSync(path, 'utf8');
    for (const { from, to } of edits) {
      expect(source.split(from).length - 1, `solutions/${id}/${file} should contain ${JSON.stringify(from)} once`).toBe(1);
      source = source.replace(from, to);
    }
    writeFileSync(path, source);
    return root;
  };

  describe(`${id} suite against the alternative correct solution`, () => {
    test.each(seeds)('full marks at grading seed %i', async (seed) => {
      const exercise = await gradeExercise(id, alternative, seed);
      expect(checkNames(exercise, 'failed')).toEqual([]);
      expect(exercise.maxPoints).toBe(maxPoints);
      expect(exercise.points).toBe(maxPoints);
    }, timeoutMs);
  });

  describe(`${id} suite against one mistake at a time`, () => {
    test.each(Object.keys(mistakes))('%s loses exactly the checks that catch it', async (name) => {
      expectLostExactly(await gradeExercise(id, withMistake(name), mistakeSeed), maxPoints, mistakes[name].lost);
    }, timeoutMs);
  });
}
