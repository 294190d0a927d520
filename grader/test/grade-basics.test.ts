// The grader on well-behaved fixtures: full marks for the solution, "not started" for the
// starter, private suites, the exercise filter, and the manifest's points for a broken file.
import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { GraderError, manifest } from '../run.ts';
import { gradeFixture, checkNamed, FIXTURES, FIXTURE_SUITES, ADD, ADD_HIDDEN, GRADING_TEST_TIMEOUT } from './helpers.ts';
import { matchesFilter } from '../engine/suites.ts';
import { availableBackends, getBackend, setBackend } from '../../lib/index.ts';

describe('grading well-behaved submissions', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('the reference solution scores every point, with names prefixed by the exercise id', async () => {
    const result = await gradeFixture('correct');
    expect(result.score).toBe(9);
    expect(result.maxScore).toBe(9);
    expect(result.exercises.map((exercise) => [exercise.id, exercise.points, exercise.status])).toEqual([
      ['00-demo', 7, 'passed'],
      ['01-other', 2, 'passed'],
    ]);
    for (const exercise of result.exercises) {
      for (const check of exercise.checks) expect(check.name.startsWith(`${exercise.id} › `)).toBe(true);
    }
    expect(checkNamed(result, '01-other › doubling › doubles random integers')).toMatchObject({ visibility: 'hidden', maxPoints: 1 });
  });

  test('the untouched starter scores zero and every check says what to implement, and where', async () => {
    const result = await gradeFixture('starter');
    expect(result.score).toBe(0);
    expect(result.maxScore).toBe(9);
    expect(result.exercises.every((exercise) => exercise.status === 'not-started')).toBe(true);
    expect(checkNamed(result, ADD)).toMatchObject({
      outcome: 'not-started',
      reason: 'not started — implement `addVectors` in grader/test/fixtures/submissions/starter/00-demo/demo.ts',
    });
    expect(checkNamed(result, '01-other › doubling › doubles 21').reason)
      .toBe('not started — implement `double` in grader/test/fixtures/submissions/starter/01-other/other.ts');
  });

  test('a missing exercise file or folder: every check of it fails and says which', async () => {
    const partial = mkdtempSync(join(tmpdir(), 'rnn-grade-partial-'));
    try {
      mkdirSync(join(partial, '00-demo'));
      const result = await gradeFixture('correct', { submissionDir: partial, submissionLabel: 'exercises' });
      expect(result.score).toBe(0);
      expect(result.maxScore).toBe(9);
      expect(checkNamed(result, ADD).reason).toBe('the exercise file is missing: exercises/00-demo/demo.ts');
      expect(checkNamed(result, '01-other › doubling › doubles 21').reason).toBe('exercises/01-other was not found in the submission');
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  });

  test('the report names the library backend, and the sandboxes run the judge\'s (RNN_BACKEND, setBackend)', async () => {
    const backendSuites = join(FIXTURES, 'backend-suites');
    const previous = getBackend().name;
    try {
      for (const name of availableBackends()) {
        setBackend(name);
        const result = await gradeFixture('correct', { extraSuiteDirs: [backendSuites], filters: ['other'] });
        expect(result.backend).toBe(`${name}, ${getBackend().detail}`);
        expect(result.notes).toContain(`library backend: ${result.backend} (RNN_BACKEND; the same in the judge and the sandboxes)`);
        expect(checkNamed(result, "01-other › runs the judge's product backend"), `backend ${name}`).toMatchObject({ status: 'passed' });
      }
    } finally {
      setBackend(previous);
    }
  });

  test('a private suite directory adds its checks, and a filter grades one exercise', async () => {
    const result = await gradeFixture('correct', { extraSuiteDirs: [join(FIXTURES, 'private-suites')], filters: ['other'] });
    expect(result.exercises.map((exercise) => exercise.id)).toEqual(['01-other']);
    expect(result.maxScore).toBe(3);
    expect(result.score).toBe(3);
    expect(checkNamed(result, '01-other › doubles zero')).toMatchObject({ status: 'passed', visibility: 'hidden' });
  });

  test('the grading seed decides the hidden inputs; visible inputs stay fixed', async () => {
    const [one, two] = [await gradeFixture('seed-probe', { seed: 1, filters: ['0'] }), await gradeFixture('seed-probe', { seed: 2, filters: ['0'] })];
    expect([one.seed, two.seed]).toEqual([1, 2]);
    // The hidden check draws the vector length from the seed; the shortened result shows it.
    const hiddenOne = checkNamed(one, ADD_HIDDEN).reason;
    const hiddenTwo = checkNamed(two, ADD_HIDDEN).reason;
    expect(hiddenOne).toMatch(/^`sum`: shape mismatch: got \[\d\], expected a different shape with 1 dimension$/);
    expect(hiddenOne).not.toBe(hiddenTwo);
    expect(checkNamed(one, ADD).reason).toBe(checkNamed(two, ADD).reason);
    expect(checkNamed(one, ADD).reason).toBe('`sum`: shape mismatch: expected [3], got [2]');
  });

  test('maximum points come from the suites alone: no submission and no solutions are needed', async () => {
    const points = await manifest({ suiteDirs: [FIXTURE_SUITES], extraSuiteDirs: [join(FIXTURES, 'private-suites')] });
    expect(points).toEqual([{ id: '00-demo', checks: 4, maxPoints: 7 }, { id: '01-other', checks: 3, maxPoints: 3 }]);
  });
});

describe('options the grader refuses', () => {
  test('a missing submission directory, an unknown exercise, a bad seed', async () => {
    await expect(gradeFixture('no-such-submission')).rejects.toThrow(GraderError);
    await expect(gradeFixture('correct', { filters: ['42'] })).rejects.toThrow('No exercise matches "42". Available: 00-demo, 01-other');
    await expect(gradeFixture('correct', { seed: 1.5 })).rejects.toThrow(/seed must be an integer/);
  });

  test('filters match by id number or by part of the name', () => {
    expect(matchesFilter('04-sine-prediction', '04')).toBe(true);
    expect(matchesFilter('04-sine-prediction', '4')).toBe(true);
    expect(matchesFilter('04-sine-prediction', 'sine')).toBe(true);
    expect(matchesFilter('04-sine-prediction', '40')).toBe(false);
    expect(matchesFilter('14-other', '4')).toBe(false);
  });
});
