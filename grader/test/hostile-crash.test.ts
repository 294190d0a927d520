// Submissions that stop their own process or never return. The limits are enforced by the judge
// from outside the sandboxed process: the check that did it fails with a readable reason, the
// next check runs in a fresh process, every other check keeps its credit, grading ends in time.
import { describe, expect, test } from 'vitest';
import { gradeFixture, checkNamed, expectScaleFailed, expectUnaffectedKeepCredit, ADD, GRADING_TEST_TIMEOUT, BOUNDED_MS } from './helpers.ts';

const LOOP_REASON = 'did not finish within 1.5 s and was stopped (an endless loop, or a promise that never settles?)';
const DIED_REASON = 'the process running the submission ended while this check ran (process.exit, a kill, or a crash)';

describe('submissions that hang or end their process', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('an endless synchronous loop: killed at the call\'s deadline, the next check gets a fresh process', async () => {
    const result = await gradeFixture('hostile-loop');
    for (const check of expectScaleFailed(result)) expect(check).toMatchObject({ outcome: 'timeout', reason: LOOP_REASON });
    expectUnaffectedKeepCredit(result);
  });

  test('an endless loop while the exercise file loads: 0 for that exercise, in one deadline, the others graded', async () => {
    const result = await gradeFixture('hostile-load-loop');
    const demo = result.exercises.find((exercise) => exercise.id === '00-demo')!;
    expect(demo).toMatchObject({ points: 0, maxPoints: 7 });
    const file = 'grader/test/fixtures/submissions/hostile-load-loop/00-demo/demo.ts';
    expect(demo.checks[0].reason).toBe(`${file} did not finish loading within 1.5 s and was stopped (an endless loop at the top level?)`);
    // The file that hung is not loaded again: one deadline in all, not one per check.
    for (const check of demo.checks.slice(1)) expect(check.reason).toBe(`${file} did not finish loading earlier in this run (an endless loop at the top level?)`);
    expect(result.exercises.find((exercise) => exercise.id === '01-other')).toMatchObject({ points: 2, maxPoints: 2 });
    expect(result.executionTimeMs).toBeLessThan(BOUNDED_MS);
  });

  test('a promise that never settles: the same deadline', async () => {
    const result = await gradeFixture('hostile-promise');
    for (const check of expectScaleFailed(result)) expect(check).toMatchObject({ outcome: 'timeout', reason: LOOP_REASON });
    expectUnaffectedKeepCredit(result);
  });

  test('process.exit() and process.kill(process.pid): that check fails, the rest is graded in a fresh process', async () => {
    for (const fixture of ['hostile-exit', 'hostile-kill']) {
      const result = await gradeFixture(fixture);
      for (const check of expectScaleFailed(result)) expect(check).toMatchObject({ outcome: 'crashed', reason: DIED_REASON });
      expectUnaffectedKeepCredit(result);
    }
  });

  test('unbounded memory: stopped by the judge\'s memory watch (typed arrays) or the heap limit (plain arrays)', async () => {
    const result = await gradeFixture('hostile-memory', { limits: { callTimeoutMs: 20_000 } });
    const [visible, hidden] = expectScaleFailed(result);
    expect(visible).toMatchObject({ outcome: 'crashed', reason: 'used more than 400 MB of memory and was stopped' });
    expect(hidden.outcome).toBe('crashed');
    expectUnaffectedKeepCredit(result);
  });

  test('an overall time limit stops grading and says so; nothing passes that did not run', async () => {
    const result = await gradeFixture('hostile-loop', { limits: { overallTimeoutMs: 1500 }, workers: 1 });
    expect(result.maxScore).toBe(9);
    const stopped = result.exercises.flatMap((exercise) => exercise.checks).filter((check) => check.outcome === 'not-run');
    expect(stopped.length).toBeGreaterThan(0);
    for (const check of stopped) expect(check).toMatchObject({ points: 0, reason: 'not graded: grading reached its overall time limit' });
    expect(checkNamed(result, ADD).maxPoints).toBe(2);
    expect(result.executionTimeMs).toBeLessThan(10_000);
  });
});
