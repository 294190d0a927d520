// `npm run mutate` end to end on the grader's fixture suite 00-demo and a small fixture solution with
// markers (grader/test/fixtures/mutate-solutions): killed mutants, one unclassified survivor (exit 1),
// a stale entry, --json and --write-survivors; bad input (exit 2); and the grader's `bail` option.
import { describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../mutate/cli.ts';
import { loadSurvivors } from '../mutate/survivors.ts';
import { FAST_LIMITS, FIXTURES, FIXTURE_SUITES, GRADING_TEST_TIMEOUT, gradeFixture, ADD, ADD_HIDDEN, SCALE } from './helpers.ts';
import { checkNamed } from './helpers.ts';

const SOLUTIONS = join(FIXTURES, 'mutate-solutions');

async function mutate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    [...args, '--suites-only', FIXTURE_SUITES, '--solutions-dir', SOLUTIONS, '--limits', JSON.stringify(FAST_LIMITS), '--no-progress'],
    { stdout: { write: (text: string) => (out += text) }, stderr: { write: (text: string) => (err += text) } },
  );
  return { code, out, err };
}

describe('npm run mutate on the fixture suite', { timeout: 4 * GRADING_TEST_TIMEOUT }, () => {
  test('killed mutants, one new survivor with file:line and its patch (exit 1), a stale entry, --json and --write-survivors', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'rnn-mutate-test-'));
    try {
      const survivorsDir = join(scratch, 'survivors');
      cpSync(join(FIXTURES, 'mutate-survivors'), survivorsDir, { recursive: true });
      const json = join(scratch, 'result.json');
      const { code, out } = await mutate(['00', '--survivors-dir', survivorsDir, '--json', json, '--write-survivors', '--seeds', '1,2']);

      expect(code).toBe(1);
      // 8 mutants of addVectors() (scale() is given: none of its lines), 7 killed, `+ 0` → `- 0` survives.
      expect(out).toMatch(/^00-demo\s+8\s+7\s+1\s+0\s+1\s+87\.5%\s+87\.5%\s+\d+ s$/m);
      expect(out).toContain('mutate-solutions/00-demo/demo.ts:6:30  [ArithmeticOperator]\n'
        + '    - return a.map((value, i) => value + b[i] + 0);\n'
        + '    + return a.map((value, i) => value + b[i] - 0);');
      expect(out).toMatch(/Stale entries in .*00-demo\.survivors\.json[^\n]*\n\s+demo\.ts \[ArithmeticOperator\] equivalent: matches no mutant/);
      expect(out).toContain('1 unclassified survivor(s)');

      const result = JSON.parse(readFileSync(json, 'utf8'));
      const [exercise] = result.exercises;
      expect(result.exitCode).toBe(1);
      expect(exercise.results).toHaveLength(8);
      const subtraction = exercise.results.find((r: { replacement: string }) => r.replacement === 'return a.map((value, i) => value - b[i] + 0);');
      // Killed at the first seed by the first check, which the bail option made the only one graded.
      expect(subtraction).toMatchObject({ status: 'killed', killedBy: { seed: 1, check: ADD, outcome: 'failed' } });
      expect(exercise.newSurvivors).toEqual([expect.objectContaining({ file: 'demo.ts', line: 6, mutator: 'ArithmeticOperator' })]);

      // --write-survivors added the survivor for someone to classify; it still counts as unclassified.
      const entries = loadSurvivors(join(survivorsDir, '00-demo.survivors.json'));
      expect(entries.map((e) => e.class)).toEqual(['equivalent', 'unclassified']);
      expect(entries[1]).toMatchObject({ original: 'return a.map((value, i) => value + b[i] + 0);', replacement: 'return a.map((value, i) => value + b[i] - 0);' });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('--scores writes the row of the run into the README table, --check-scores fails when the table and the run part ways', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'rnn-mutate-scores-'));
    try {
      const survivorsDir = join(scratch, 'survivors');
      cpSync(join(FIXTURES, 'mutate-survivors'), survivorsDir, { recursive: true });
      const readme = join(scratch, 'README.md');
      writeFileSync(readme, '# Grader\n\n<!-- mutation-scores -->\n| `01-other` | kept |\n<!-- /mutation-scores -->\n\nafter\n');
      // No table marks: bad input.
      const bare = join(scratch, 'bare.md');
      writeFileSync(bare, '# nothing here\n');
      expect((await mutate(['00', '--survivors-dir', survivorsDir, '--check-scores', bare])).code).toBe(2);

      const written = await mutate(['00', '--survivors-dir', survivorsDir, '--scores', readme]);
      expect(written.code).toBe(1); // the fixture's one unclassified survivor
      const text = readFileSync(readme, 'utf8');
      // 8 mutants, 7 killed, 0 classified by class, 1 real gap open, 87.5 % both ways; other rows kept.
      expect(text).toContain('| `00-demo` | 8 | 7 | 0 | 0 | 0 | 1 | 87.5 % | 87.5 % |');
      expect(text).toContain('| `01-other` | kept |');
      expect(text).toMatch(/wall time/);
      expect(text.endsWith('<!-- /mutation-scores -->\n\nafter\n')).toBe(true);

      // The same survivor classified: the run now differs from the table, and --check-scores says so.
      const file = join(survivorsDir, '00-demo.survivors.json');
      const entries = JSON.parse(readFileSync(file, 'utf8'));
      entries.push({ file: 'demo.ts', mutator: 'ArithmeticOperator', original: 'return a.map((value, i) => value + b[i] + 0);', replacement: 'return a.map((value, i) => value + b[i] - 0);', class: 'equivalent', why: 'adding or subtracting 0 gives the same number' });
      writeFileSync(file, JSON.stringify(entries));
      const checked = await mutate(['00', '--survivors-dir', survivorsDir, '--check-scores', readme]);
      expect(checked.code).toBe(1);
      expect(checked.out).toContain('but this run gives | `00-demo` | 8 | 7 | 1 | 0 | 0 | 0 | 87.5 % | 100.0 % |');
      await mutate(['00', '--survivors-dir', survivorsDir, '--scores', readme]);
      const again = await mutate(['00', '--survivors-dir', survivorsDir, '--check-scores', readme]);
      expect(again.code).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('bad input exits 2: an unknown exercise, a bad seed list, a malformed survivors file', async () => {
    expect((await mutate(['42'])).code).toBe(2);
    expect((await mutate(['00', '--seeds', 'one'])).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'rnn-mutate-bad-'));
    try {
      writeFileSync(join(dir, '00-demo.survivors.json'), '{ "not": "a list" }');
      const { code, err } = await mutate(['00', '--survivors-dir', dir]);
      expect(code).toBe(2);
      expect(err).toMatch(/00-demo\.survivors\.json: expected a JSON list of entries/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the grader\'s bail option', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('stops an exercise at its first failed check and records the rest as not run', async () => {
    const result = await gradeFixture('seed-probe', { bail: true, filters: ['0'] });
    expect(checkNamed(result, ADD)).toMatchObject({ outcome: 'failed', points: 0 });
    for (const name of [SCALE, ADD_HIDDEN]) {
      expect(checkNamed(result, name)).toMatchObject({ outcome: 'not-run', points: 0, reason: `not graded: stopped at the first failed check (${ADD})` });
    }
    // Without it the same submission's scale() checks pass.
    const full = await gradeFixture('seed-probe', { filters: ['0'] });
    expect(checkNamed(full, SCALE)).toMatchObject({ outcome: 'passed' });
  });
});
