// One fixture per class of attack on the grader (issue 8). Each proves: no score above the honest
// one, no expected value or seed in any output, no hang past the limits, and the other exercise
// (01-other) keeps its credit. The honest score of every hostile fixture is 7/9 (its scale() is
// wrong or hostile; addVectors and 01-other are right), or 9/9 where full marks mean the walls held.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, cpSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGrade, COURSE_ROOT } from '../run.ts';
import { ISOLATION_MODES, chooseIsolation } from '../judge/isolation.ts';
import { toGradescope } from '../report/gradescope.ts';
import { toJUnit } from '../report/junit.ts';
import {
  gradeFixture, checkNamed, expectScaleFailed, everythingReported, FIXTURE_SOLUTIONS, FIXTURE_SUITES, FAST_LIMITS,
  GRADING_TEST_TIMEOUT, BOUNDED_MS, SCALE_HIDDEN, STRONGEST, submission,
} from './helpers.ts';

/** Whether this machine can grade in `mode` (chooseIsolation throws when a mode asked for does not work). */
const modeWorks = (mode: string): boolean => {
  try {
    return chooseIsolation(mode) === mode;
  } catch {
    return false;
  }
};

const otherKeepsCredit = (result: Awaited<ReturnType<typeof gradeFixture>>) =>
  expect(result.exercises.find((exercise) => exercise.id === '01-other')).toMatchObject({ points: 2, maxPoints: 2 });

describe('attacks on the grader', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('forged messages on the grader\'s channel (results for later calls, verdicts, scores) raise nothing', async () => {
    const result = await gradeFixture('hostile-forge');
    expectScaleFailed(result);
    otherKeepsCredit(result);
  });

  test('prototype accessors and patched JSON / Object.is / Math change only the submission\'s own process', async () => {
    const result = await gradeFixture('hostile-accessor');
    expect(checkNamed(result, '00-demo › scales a vector').status).toBe('failed');
    expect(result.score).toBeLessThanOrEqual(7);
    otherKeepsCredit(result);
    // The same submission gets the same score on every run.
    const again = await gradeFixture('hostile-accessor');
    expect(again.exercises.map((e) => e.checks.map((c) => [c.status, c.reason]))).toEqual(result.exercises.map((e) => e.checks.map((c) => [c.status, c.reason])));
  });

  test('no seed, environment or submission text leaks through a hidden check\'s feedback or any report', async () => {
    const previous = process.env.GRADE_SEED;
    process.env.GRADE_SEED = '987654321';
    process.env.npm_config_secret_for_test = 'npm-secret-for-test';
    try {
      const result = await gradeFixture('hostile-leak');
      expectScaleFailed(result);
      expect(result.seed).toBe(987654321);
      const hidden = checkNamed(result, SCALE_HIDDEN);
      expect(hidden.reason).toBe('the code threw Error (at grader/test/fixtures/submissions/hostile-leak/00-demo/demo.ts:15)');
      const reports = [everythingReported(result), JSON.stringify(toGradescope(result).tests), toJUnit(result)];
      for (const text of reports) {
        expect(text).not.toContain('987654321');
        expect(text).not.toContain('npm-secret-for-test');
        expect(text).not.toContain('GRADE_SEED');
      }
      // What the submission printed is kept (fenced in the report) and shows its environment was empty of secrets.
      expect(result.exercises[0].output.join('\n')).toContain('LEAK');
    } finally {
      if (previous === undefined) delete process.env.GRADE_SEED; else process.env.GRADE_SEED = previous;
      delete process.env.npm_config_secret_for_test;
    }
  });

  test(`reading the suites, the solutions, the grader or another exercise, writing outside scratch, spawning: all blocked (${STRONGEST} mode and permission mode)`, async () => {
    for (const isolation of new Set([STRONGEST, 'permission'])) {
      const result = await gradeFixture('hostile-read', { isolation });
      expect(result.exercises[0].output.join('\n')).not.toContain('BREACH');
      expect(result.score).toBe(9); // scale() answers right only when every attempt failed
      expect(result.isolation).toBe(isolation);
    }
    expect(existsSync(join(submission('hostile-read'), '00-demo', 'pwned.txt'))).toBe(false);
    expect(existsSync('/tmp/rnn-grader-pwned.txt')).toBe(false);
  });

  test('the older file-system fixture: writing into grader/ and reading the suites fail that check only', async () => {
    const result = await gradeFixture('hostile-fs');
    expectScaleFailed(result);
    expect(existsSync(join(COURSE_ROOT, 'grader', 'pwned.txt'))).toBe(false);
    otherKeepsCredit(result);
  });

  test('SIGSTOP on itself and on its parent: the deadline still ends it, nothing else waits (every mode here)', async () => {
    for (const isolation of ISOLATION_MODES.filter(modeWorks)) {
      const result = await gradeFixture('hostile-stop', { isolation });
      if (isolation === 'unshare') {
        // unshare --fork makes the sandboxed node PID 1 of its namespace, and the kernel drops a signal
        // that a namespace's init sends itself: the stop never happens, scale() answers, and rightly
        // earns its points (the 9/9 an honest scale() gets) — the score is still the code's own.
        expect(result.score, isolation).toBe(9);
      } else {
        for (const check of expectScaleFailed(result)) expect(check.outcome, isolation).toBe('timeout');
      }
      otherKeepsCredit(result);
    }
  });

  test('killing every process it can name: under namespaces it can name only its own sandbox', async () => {
    if (STRONGEST === 'permission') {
      // Without namespaces a submission can signal every process of this user; grader/README.md says so.
      expect(STRONGEST).toBe('permission');
      return;
    }
    const result = await gradeFixture('hostile-killall');
    expect(result.score).toBeLessThanOrEqual(7);
    otherKeepsCredit(result);
    expect(result.executionTimeMs).toBeLessThan(BOUNDED_MS);
  });

  test('enormous results: refused by size, never held whole by the judge', async () => {
    const before = process.memoryUsage().rss;
    const result = await gradeFixture('hostile-huge', { limits: { callTimeoutMs: 5000 } });
    const [visible, hidden] = expectScaleFailed(result);
    expect(visible.reason).toBe('the code threw RangeError: the result has more than 4000000 values');
    expect(hidden.outcome).toBe('crashed');
    expect(hidden.reason).toMatch(/^returned a result too large to check/);
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
    otherKeepsCredit(result);
  });
});

describe('submission intake', { timeout: GRADING_TEST_TIMEOUT }, () => {
  function copyOfSolutions(): string {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-intake-'));
    cpSync(FIXTURE_SOLUTIONS, dir, { recursive: true });
    return dir;
  }

  test('a link to the solutions, a link loop and a fifo are refused by name; the other exercise is graded', async () => {
    const dir = copyOfSolutions();
    try {
      rmSync(join(dir, '00-demo', 'demo.ts'));
      symlinkSync(join(FIXTURE_SOLUTIONS, '00-demo', 'demo.ts'), join(dir, '00-demo', 'demo.ts'));
      const linked = await runGrade({ suiteDirs: [FIXTURE_SUITES], submissionDir: dir, submissionLabel: 'sub', limits: FAST_LIMITS });
      const demo = linked.exercises.find((e) => e.id === '00-demo')!;
      expect(demo).toMatchObject({ points: 0, status: 'could-not-grade' });
      expect(demo.checks[0].reason).toBe('could not grade: sub/00-demo/demo.ts is a symbolic link; submit regular files and folders only');
      expect(linked.exercises.find((e) => e.id === '01-other')).toMatchObject({ points: 2 });

      symlinkSync('loop', join(dir, '01-other', 'loop'));
      const fifo = spawnSync('mkfifo', [join(dir, '01-other', 'pipe')]);
      const looped = await runGrade({ suiteDirs: [FIXTURE_SUITES], submissionDir: dir, submissionLabel: 'sub', limits: FAST_LIMITS });
      const other = looped.exercises.find((e) => e.id === '01-other')!;
      expect(other.status).toBe('could-not-grade');
      expect(other.checks[0].reason).toMatch(/^could not grade: sub\/01-other\/(loop is a symbolic link|pipe is a fifo)/);
      expect(fifo.status === 0 || fifo.error !== undefined).toBe(true);
      expect(looped.executionTimeMs).toBeLessThan(BOUNDED_MS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a repository root is graded through its exercises/ and says so; one exercise folder or an empty folder is refused', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'rnn-repo-'));
    try {
      cpSync(FIXTURE_SOLUTIONS, join(repo, 'exercises'), { recursive: true });
      const result = await runGrade({ suiteDirs: [FIXTURE_SUITES], submissionDir: repo, limits: FAST_LIMITS });
      expect(result.score).toBe(9);
      expect(result.notes[0]).toBe(`graded ${join(repo, 'exercises')} (the folder given is a repository root)`);
      await expect(runGrade({ suiteDirs: [FIXTURE_SUITES], submissionDir: join(repo, 'exercises', '00-demo') }))
        .rejects.toThrow(/is one exercise folder; give the folder that contains it/);
      mkdirSync(join(repo, 'empty'));
      await expect(runGrade({ suiteDirs: [FIXTURE_SUITES], submissionDir: join(repo, 'empty') }))
        .rejects.toThrow(/no exercise folders \(NN-name, e\.g\. 01-rnn-cell\) in .* \(it is empty\)/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  test('nothing is left behind; run folders of a grader that was killed are removed at the next start', async () => {
    const runs = join(COURSE_ROOT, '.grade', 'runs');
    mkdirSync(join(runs, '999999-stale', 'scratch'), { recursive: true });
    writeFileSync(join(runs, '999999-stale', 'scratch', 'left.txt'), 'x');
    const shmBefore = existsSync('/dev/shm') ? readdirSync('/dev/shm').length : 0;
    await gradeFixture('correct');
    expect(existsSync(join(runs, '999999-stale'))).toBe(false);
    expect(readdirSync(runs).filter((name) => name.startsWith(`${process.pid}-`))).toEqual([]);
    if (existsSync('/dev/shm')) expect(readdirSync('/dev/shm').length).toBeLessThanOrEqual(shmBefore);
  });
});
