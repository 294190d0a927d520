// Grading the fixture submissions of grader/test/fixtures with short limits, and reading results.
import { expect } from 'vitest';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGrade, type GradeLimits, type GradeOptions, type GradeResult, type CheckResult } from '../run.ts';
import { chooseIsolation, type IsolationMode } from '../judge/isolation.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const FIXTURE_SUITES = join(FIXTURES, 'suites');
export const FIXTURE_SOLUTIONS = join(FIXTURES, 'solutions');
export const submission = (name: string): string => join(FIXTURES, 'submissions', name);

/** Short limits keep the hostile fixtures quick; the fixture checks themselves take milliseconds. */
export const FAST_LIMITS: Partial<GradeLimits> = {
  callTimeoutMs: 1500,
  memoryMb: 400,
  heapMb: 256,
};

/** Generous ceiling for a whole grading run of the fixtures on a busy 2-core machine. */
export const BOUNDED_MS = 30_000;

/** Vitest timeout of a test that grades one fixture. */
export const GRADING_TEST_TIMEOUT = 90_000;

/** The strongest isolation this machine offers (the default of a grading run). */
export const STRONGEST: IsolationMode = chooseIsolation('auto');

export function gradeFixture(name: string, options: GradeOptions = {}): Promise<GradeResult> {
  return runGrade({
    suiteDirs: [FIXTURE_SUITES],
    submissionDir: name === 'correct' ? FIXTURE_SOLUTIONS : submission(name),
    ...options,
    limits: { ...FAST_LIMITS, ...options.limits },
  });
}

export function checkNamed(result: GradeResult, name: string): CheckResult {
  const found = result.exercises.flatMap((exercise) => exercise.checks).find((check) => check.name === name);
  if (!found) throw new Error(`no check named '${name}' in ${result.exercises.flatMap((e) => e.checks.map((c) => c.name)).join(', ')}`);
  return found;
}

export const ADD = '00-demo › adds two vectors';
export const ADD_HIDDEN = '00-demo › adds random vectors';
export const SCALE = '00-demo › scales a vector';
export const SCALE_HIDDEN = '00-demo › scales random vectors';

/** The checks a hostile scale() must not touch keep full credit: the two addVectors checks and exercise 01. */
export function expectUnaffectedKeepCredit(result: GradeResult): void {
  expect(checkNamed(result, ADD)).toMatchObject({ status: 'passed', points: 2, maxPoints: 2 });
  expect(checkNamed(result, ADD_HIDDEN)).toMatchObject({ status: 'passed', points: 3, maxPoints: 3 });
  const other = result.exercises.find((exercise) => exercise.id === '01-other');
  expect(other).toMatchObject({ points: 2, maxPoints: 2 });
}

/** Both scale checks fail with 0 points, and the maximum stays 9 (7 + 2). */
export function expectScaleFailed(result: GradeResult): [CheckResult, CheckResult] {
  const visible = checkNamed(result, SCALE);
  const hidden = checkNamed(result, SCALE_HIDDEN);
  for (const check of [visible, hidden]) expect(check).toMatchObject({ status: 'failed', points: 0 });
  expect(result.maxScore).toBe(9);
  expect(result.score).toBe(7);
  expect(result.executionTimeMs).toBeLessThan(BOUNDED_MS);
  return [visible, hidden];
}

/** Everything a run reports, as one string: to look for leaks. */
export function everythingReported(result: GradeResult): string {
  return JSON.stringify(result.exercises);
}
