// Submissions that stop their test process or never return: the check that did it fails with a
// readable reason, every other check keeps its credit, and grading ends in bounded time.
import { describe, expect, test } from 'vitest';
import { gradeFixture, checkNamed, expectScaleFailed, expectUnaffectedKeepCredit, ADD, GRADING_TEST_TIMEOUT, BOUNDED_MS } from './helpers.ts';

describe('submissions that hang or kill their worker', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('an endless synchronous loop: the watchdog stops it, the file is re-run without that check', async () => {
    const result = await gradeFixture('hostile-loop');
    const [visible, hidden] = expectScaleFailed(result);
    for (const check of [visible, hidden]) {
      expect(check.outcome).toBe('timeout');
      expect(check.reason).toBe('did not finish within 1 s and was stopped (an endless loop?)');
    }
    expectUnaffectedKeepCredit(result);
    expect(result.timings.reruns).toBe(2);
  });

  test('an endless loop while the exercise file loads: that exercise scores 0 of its points, the others are graded', async () => {
    const result = await gradeFixture('hostile-load-loop', { limits: { loadTimeoutMs: 2000 } });
    const demo = result.exercises.find((exercise) => exercise.id === '00-demo')!;
    expect(demo).toMatchObject({ points: 0, maxPoints: 7 });
    for (const check of demo.checks) {
      expect(check.reason).toBe('the exercise file did not finish loading within 2 s (an endless loop at the top level?)');
    }
    expect(result.exercises.find((exercise) => exercise.id === '01-other')).toMatchObject({ points: 2, maxPoints: 2 });
    expect(result.executionTimeMs).toBeLessThan(BOUNDED_MS);
  });

  test('a promise that never settles: vitest\'s own time limit fails that check only', async () => {
    const result = await gradeFixture('hostile-promise');
    const [visible, hidden] = expectScaleFailed(result);
    for (const check of [visible, hidden]) {
      expect(check.outcome).toBe('timeout');
      expect(check.reason).toBe('did not finish within 1 s (too slow, or waiting on a promise that never settles)');
    }
    expectUnaffectedKeepCredit(result);
  });

  test('process.exit(): turned into a failure of that check', async () => {
    const result = await gradeFixture('hostile-exit');
    for (const check of expectScaleFailed(result)) expect(check.reason).toBe('called process.exit(), which graded code may not do');
    expectUnaffectedKeepCredit(result);
  });

  test('process.kill(process.pid): the worker dies, the file is re-run without the check that killed it', async () => {
    const result = await gradeFixture('hostile-kill');
    for (const check of expectScaleFailed(result)) {
      expect(check.outcome).toBe('crashed');
      expect(check.reason).toMatch(/^the test process died while this check ran/);
    }
    expectUnaffectedKeepCredit(result);
  });

  test('unbounded memory: typed arrays hit the watchdog\'s memory limit, plain arrays the V8 heap limit', async () => {
    const result = await gradeFixture('hostile-memory');
    const [visible, hidden] = expectScaleFailed(result);
    expect(visible.reason).toBe('used more memory than allowed (400 MB) and was stopped');
    expect(hidden.reason).toMatch(/^the test process died while this check ran: out of memory \(heap limit 256 MB\)/);
    expectUnaffectedKeepCredit(result);
  });

  test('an overall time limit stops grading and says so; nothing passes that did not run', async () => {
    const result = await gradeFixture('hostile-loop', { limits: { overallTimeoutMs: 1500 } });
    expect(result.maxScore).toBe(9);
    const stopped = result.exercises.flatMap((exercise) => exercise.checks).filter((check) => check.outcome === 'not-run');
    expect(stopped.length).toBeGreaterThan(0);
    for (const check of stopped) {
      expect(check.points).toBe(0);
      expect(check.reason).toBe('not graded: grading stopped at its overall time limit of 1.5 s');
    }
    expect(checkNamed(result, ADD).maxPoints).toBe(2);
    expect(result.executionTimeMs).toBeLessThan(10_000);
  });
});
