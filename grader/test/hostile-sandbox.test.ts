// Submissions that tamper with their surroundings: patched globals and library, forged score lines.
// In the judge/probe design such patches live and die in the submission's own process.
import { describe, expect, test } from 'vitest';
import { main } from '../cli-main.ts';
import { gradeFixture, checkNamed, GRADING_TEST_TIMEOUT, FIXTURE_SUITES, FAST_LIMITS, submission, SCALE, SCALE_HIDDEN } from './helpers.ts';

describe('submissions that tamper with the grader', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('patched built-ins, Object.prototype and the library touch only the submission\'s own process', async () => {
    const result = await gradeFixture('hostile-globals');
    // The judge compares in its own process: the patched map() result is judged as it is.
    // Array.isArray was patched there, so the harness could not even send an array.
    expect(checkNamed(result, SCALE).reason).toBe('`scaled` is an object of class Array, not a number, an array of numbers, a Float64Array or a tensor');
    expect(checkNamed(result, SCALE_HIDDEN).status).toBe('failed');
    // Its own later checks may suffer from its patches; never another exercise, never above honest.
    expect(result.score).toBeLessThanOrEqual(7);
    expect(result.exercises.find((exercise) => exercise.id === '01-other')).toMatchObject({ points: 2, maxPoints: 2 });
  });

  test('text that looks like a score never reaches the report unfenced; the score comes from results only', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main([
      '--suites-only', FIXTURE_SUITES, '--submission', submission('hostile-print'),
      '--limits', JSON.stringify(FAST_LIMITS), '--show-output', '--no-color',
    ], { stdout: { write: (text: string) => { stdout += text; } }, stderr: { write: (text: string) => { stderr += text; } } });
    expect(code).toBe(0);
    const totals = stdout.split('\n').filter((line) => line.includes('Total:'));
    expect(totals.filter((line) => line.startsWith('Total:'))).toEqual([expect.stringMatching(/^Total: 7\/9 points \(77\.8%\)/)]);
    for (const line of totals.filter((l) => !l.startsWith('Total:'))) expect(line.startsWith('  │ ')).toBe(true);
    expect(stdout).not.toContain('\u001b');
    // The thrown message's second line ("Total: 100/100") is not part of the one-line reason.
    expect(stdout).toContain('the code threw Error: boom (at grader/test/fixtures/submissions/hostile-print/00-demo/demo.ts:');
    expect(stderr).toBe('');
  });
});
