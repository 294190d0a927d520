// The command line: Gradescope results.json and JUnit XML files, and the exit codes
// (0 graded, 1 under --fail-under, 2 the grader could not run).
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { main } from '../cli-main.ts';
import { COURSE_ROOT } from '../run.ts';
import { FIXTURE_SUITES, FIXTURE_SOLUTIONS, FAST_LIMITS, submission, GRADING_TEST_TIMEOUT } from './helpers.ts';

function fixtureArgs(name: string): string[] {
  return ['--suites-only', FIXTURE_SUITES, '--submission', name === 'correct' ? FIXTURE_SOLUTIONS : submission(name),
    '--limits', JSON.stringify(FAST_LIMITS), '--no-color'];
}

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => { stdout += text; } }, stderr: { write: (text: string) => { stderr += text; } } });
  return { code, stdout, stderr };
}

describe('result files', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('results.json has Gradescope\'s field names; junit.xml parses and matches it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-grade-cli-'));
    try {
      const json = join(dir, 'out', 'results.json');
      const junit = join(dir, 'junit.xml');
      const { code } = await runCli([...fixtureArgs('hostile-shape'), '--json', json, '--junit', junit]);
      expect(code).toBe(0);
      const results = JSON.parse(readFileSync(json, 'utf8'));
      expect(Object.keys(results).sort()).toEqual(['execution_time', 'extra_data', 'max_score', 'output', 'output_format', 'score', 'stdout_visibility', 'tests', 'visibility'].sort());
      expect(results.score).toBe(7);
      expect(results.max_score).toBe(9);
      expect(results.extra_data.max_score).toBe(9);
      expect(results.stdout_visibility).toBe('hidden');
      expect(results.tests).toHaveLength(6);
      for (const t of results.tests) {
        expect(Object.keys(t).sort()).toEqual(['max_score', 'name', 'number', 'output', 'output_format', 'score', 'status', 'tags', 'visibility'].sort());
        expect(t.tags[0]).toBe(t.name.split(' › ')[0]);
        expect(['passed', 'failed']).toContain(t.status);
      }
      const scaled = results.tests.find((t: { name: string }) => t.name === '00-demo › scales a vector');
      expect(scaled).toMatchObject({ number: '0.2', score: 0, max_score: 1, status: 'failed', visibility: 'visible' });
      expect(scaled.output).toBe('`scaled`: shape mismatch: expected [3], got [2]\nhint: multiply every element by k');
      expect(results.tests.find((t: { name: string }) => t.name === '00-demo › scales random vectors').tags).toEqual(['00-demo', 'hidden-inputs']);

      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(readFileSync(junit, 'utf8'));
      const suites = xml.testsuites.testsuite;
      expect(xml.testsuites).toMatchObject({ tests: '6', failures: '2' });
      expect(suites.map((s: { name: string }) => s.name)).toEqual(['00-demo', '01-other']);
      const failed = suites[0].testcase.filter((c: { failure?: unknown }) => c.failure);
      expect(failed.map((c: { name: string }) => c.name)).toEqual(['00-demo › scales a vector', '00-demo › scales random vectors']);
      expect(failed[0].failure.message).toBe('`scaled`: shape mismatch: expected [3], got [2]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the terminal report: per exercise its points, each check with a reason and a hint, the total last', async () => {
    const { stdout } = await runCli(fixtureArgs('hostile-shape'));
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toContain('00-demo  5/7 points  partly done');
    expect(lines).toContain('  ✗ 00-demo › scales a vector 0/1');
    expect(lines).toContain('      `scaled`: shape mismatch: expected [3], got [2]');
    expect(lines).toContain('      hint: multiply every element by k');
    expect(lines[lines.length - 1]).toMatch(/^Total: 7\/9 points \(77\.8%\)/);
  });
});

describe('exit codes', { timeout: GRADING_TEST_TIMEOUT }, () => {
  test('0 when grading ran, 1 under --fail-under, 2 when the grader cannot run', async () => {
    expect((await runCli([...fixtureArgs('hostile-shape'), '--fail-under', '70'])).code).toBe(0);
    const under = await runCli([...fixtureArgs('hostile-shape'), '--fail-under', '80']);
    expect(under.code).toBe(1);
    expect(under.stderr).toBe('score 77.8% is under --fail-under 80%\n');
    const missing = await runCli(fixtureArgs('no-such-dir'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^grade: the grader could not run: submission directory not found: .*no-such-dir/);
    expect((await runCli(['--no-such-flag'])).code).toBe(2);
    expect((await runCli(['--fail-under', 'lots'])).code).toBe(2);
    expect((await runCli(['--solutions', '--submission', 'x'])).stderr).toContain('either --solutions or --submission');
    expect((await runCli([...fixtureArgs('correct'), '99'])).stderr).toContain('No exercise matches "99"');
    expect((await runCli(['--help'])).code).toBe(0);
  });

  test('the real process exits with the code main() returns (npm run grade = tsx grader/cli.ts)', () => {
    const tsx = join(COURSE_ROOT, 'node_modules', '.bin', 'tsx');
    const bad = spawnSync(tsx, ['grader/cli.ts', '--no-such-flag'], { cwd: COURSE_ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option '--no-such-flag'");
    const misspelt = spawnSync(tsx, ['grader/cli.ts', ...fixtureArgs('correct')], { cwd: COURSE_ROOT, encoding: 'utf8', env: { ...process.env, RNN_BACKEND: 'wsam' } });
    expect(misspelt.status).toBe(2);
    expect(misspelt.stderr).toContain("the grader could not run: RNN_BACKEND: unknown backend 'wsam'. Expected one of ml-matrix, js, wasm");
  });
});
