// Submissions that tamper with their surroundings: patched globals and library, forged score
// lines, writes into the grader, reads of the suites.
import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../cli-main.ts';
import { gradeFixture, expectScaleFailed, expectUnaffectedKeepCredit, GRADING_TEST_TIMEOUT, FIXTURE_SUITES, FIXTURE_SOLUTIONS, FAST_LIMITS, submission } from './helpers.ts';
import { COURSE_ROOT } from '../run.ts';

describe('submissions that tamper with the grader', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('patched built-ins, Object.prototype, the library and a timer left behind are undone after the check', async () => {
    const result = await gradeFixture('hostile-globals');
    const [visible, hidden] = expectScaleFailed(result);
    // The kit kept its own Array.isArray: the patched map() result is judged as it is.
    expect(visible.reason).toBe('`scaled`: shape mismatch: expected [3], got [5]');
    // Expected values computed before the call: the patched map() did not make them match.
    expect(hidden.reason).toBe('`scaled` is not close to the expected value (values are not shown in hidden checks)');
    // The next check asserts Math.random, Array.prototype.map, Object.prototype and Tensor.prototype
    // are pristine, and the leftover timer (process.kill after 50 ms) never fired.
    expectUnaffectedKeepCredit(result);
    expect(result.timings.reruns).toBe(0);
  });

  test('text that looks like a score never reaches the report unfenced; the score comes from results only', async () => {
    let stdout = '';
    let stderr = '';
    const code = await main([
      '--suites-only', FIXTURE_SUITES, '--solutions-dir', FIXTURE_SOLUTIONS, '--submission', submission('hostile-print'),
      '--limits', JSON.stringify(FAST_LIMITS), '--show-output', '--no-color',
    ], { stdout: { write: (text: string) => { stdout += text; } }, stderr: { write: (text: string) => { stderr += text; } } });
    expect(code).toBe(0);
    const totals = stdout.split('\n').filter((line) => line.includes('Total:'));
    // The grader's own line, and the submission's lines only inside the fenced block.
    expect(totals.filter((line) => line.startsWith('Total:'))).toEqual([expect.stringMatching(/^Total: 7\/9 points \(77\.8%\)/)]);
    for (const line of totals.filter((l) => !l.startsWith('Total:'))) expect(line.startsWith('  │ ')).toBe(true);
    expect(stdout).not.toContain('\u001b');
    // The thrown message's second line ("Total: 100/100") is not part of the one-line reason.
    expect(stdout).toContain('Error: boom (at grader/test/fixtures/submissions/hostile-print/00-demo/demo.ts:');
    expect(stderr).toBe('');
  });

  test('writing into grader/ and reading the suites (by fs or by import) are blocked, and fail only the check that tried', async () => {
    const pwned = join(COURSE_ROOT, 'grader', 'pwned.txt');
    const result = await gradeFixture('hostile-fs');
    const [visible, hidden] = expectScaleFailed(result);
    expect(visible.reason).toBe('tried to read a file outside its own folder, which grading blocks (grader/test/fixtures/suites/00-demo.test.ts)');
    expect(hidden.reason).toMatch(/^Error: graded code may not import with a query/);
    expect(existsSync(pwned)).toBe(false);
    expectUnaffectedKeepCredit(result);
  });
});
