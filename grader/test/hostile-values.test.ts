// Submissions that return or throw the wrong things, or do not compile: honest scores, one-line reasons.
import { describe, expect, test } from 'vitest';
import { gradeFixture, checkNamed, expectScaleFailed, expectUnaffectedKeepCredit, GRADING_TEST_TIMEOUT, BOUNDED_MS } from './helpers.ts';

describe('submissions with wrong values, throws and broken files', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('throwing a string or a number is reported as such, not as a crash', async () => {
    const result = await gradeFixture('hostile-throw');
    const [visible, hidden] = expectScaleFailed(result);
    expect(visible.reason).toBe('threw a value that is not an Error: "oops"');
    expect(hidden.reason).toBe('threw a value that is not an Error');
    expectUnaffectedKeepCredit(result);
  });

  test('NaN and Infinity in the result are named, with their positions', async () => {
    const result = await gradeFixture('hostile-nan');
    const [visible, hidden] = expectScaleFailed(result);
    expect(visible.reason).toBe('`scaled` contains NaN and Infinity (at 2 of 3 positions, first at index (0))');
    expect(hidden.reason).toBe('`scaled` contains NaN and Infinity (at 2 of 5 positions, first at index (0))');
    expectUnaffectedKeepCredit(result);
  });

  test('a wrong shape: expected against got when visible, only the rank when hidden', async () => {
    const result = await gradeFixture('hostile-shape');
    const [visible, hidden] = expectScaleFailed(result);
    expect(visible.reason).toBe('`scaled`: shape mismatch: expected [3], got [2]');
    expect(hidden.reason).toBe('`scaled`: shape mismatch: got [4], expected a different shape with 1 dimension');
    expect(hidden.details).toEqual([]);
    expectUnaffectedKeepCredit(result);
  });

  test('a syntax error: 0 of the file\'s points (not 0 of 0), with the place of the error; other exercises graded', async () => {
    const result = await gradeFixture('broken-syntax');
    const demo = result.exercises.find((exercise) => exercise.id === '00-demo')!;
    expect(demo).toMatchObject({ points: 0, maxPoints: 7 });
    expect(demo.checks).toHaveLength(4);
    for (const check of demo.checks) {
      expect(check.outcome).toBe('load-error');
      expect(check.reason).toBe('the exercise file failed to load: SyntaxError at grader/test/fixtures/submissions/broken-syntax/00-demo/demo.ts:6:36: Expected ")" but found ";"');
    }
    expect(result.exercises.find((exercise) => exercise.id === '01-other')).toMatchObject({ points: 2, maxPoints: 2 });
    expect(result.executionTimeMs).toBeLessThan(BOUNDED_MS);
  });

  test('type errors alone cost nothing: the grader grades behaviour (the type checker reports types)', async () => {
    const result = await gradeFixture('broken-types');
    expect(result.score).toBe(9);
    expect(checkNamed(result, '00-demo › scales a vector').status).toBe('passed');
  });
});
