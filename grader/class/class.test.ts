// Class grading end to end with the real grader on a small class (one exercise), and the time limit
// with a stand-in grader that never ends. Kept small: the machine is shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, cpSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './cli.ts';
import { parseCsv } from './csv.ts';
import { exercisePoints, readResults } from './results.ts';
import { makeSyntheticClass, SYNTHETIC_DEADLINE } from './make-synthetic-class.ts';
import { COURSE_ROOT, GRADER_SCRIPT_ENV } from './grade-one.ts';

const EXERCISE = '01';
let root: string;

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, isTTY: false });
  return { code, stdout, stderr };
}

function exerciseId(): string {
  const found = execFileSync('ls', [join(COURSE_ROOT, 'solutions')]).toString().split('\n').find((name) => name.startsWith(`${EXERCISE}-`));
  if (!found) throw new Error(`expected an exercise ${EXERCISE} in solutions/`);
  return found;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'grade-class-test-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('grade-class on a small class', () => {
  it('grades solutions, a starter, a late repository and a hostile student; the CSV matches each results.json', async () => {
    const dir = join(root, 'class');
    // s1 solutions (loose), s2 solutions in a repository committed after the deadline, s3 starter,
    // s4 kills its own process group while loading; one id with a comma, a quote and a line break.
    const made = makeSyntheticClass(dir, { students: 4, exercises: [EXERCISE], kinds: ['solutions', 'solutions', 'starter', 'hostile-kill-group'] });
    const odd = 'kim, "min"\nji';
    cpSync(join(dir, made[2]!.id), join(dir, odd), { recursive: true });
    rmSync(join(dir, made[2]!.id), { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'not a student');
    const ids = [made[0]!.id, made[1]!.id, odd, made[3]!.id];
    expect(made[1]!.layout).toBe('repository');
    expect(made[1]!.late).toBe(true);

    const csv = join(root, 'grades.csv');
    const { code, stdout, stderr } = await run([dir, '--csv', csv, '--exercises', EXERCISE, '--jobs', '2', '--timeout', '240', '--deadline', SYNTHETIC_DEADLINE]);
    expect(stderr).toContain('notes.txt');
    expect(code).toBe(0);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    const header = rows[0]!;
    expect(header).toEqual(['student', exerciseId(), 'total', 'max', 'percent', 'status']);
    const byId = new Map(rows.slice(1).map((row) => [row[0]!, row]));
    expect([...byId.keys()].sort()).toEqual([...ids].sort());

    const max = Number(byId.get(made[0]!.id)![3]);
    expect(max).toBeGreaterThan(0);
    for (const id of ids) {
      const row = byId.get(id)!;
      const results = readResults(join(root, 'results', id, 'results.json'));
      expect(results.extra_data?.['student']).toBe(id);
      if (row[5]!.startsWith('could not grade')) {
        expect(results.score).toBe(0);
        expect(row[1]).toBe('');
        continue;
      }
      expect(Number(row[1])).toBe(exercisePoints(results).get(exerciseId())!.points);
      expect(Number(row[2])).toBe(results.score);
      expect(Number(row[3])).toBe(max);
      expect(Number(row[4])).toBeCloseTo((100 * results.score) / max, 2);
    }
    expect(byId.get(made[0]!.id)!.slice(2)).toEqual([String(max), String(max), '100', 'graded']);
    expect(byId.get(made[1]!.id)!.slice(2)).toEqual([String(max), String(max), '100', 'late']);
    expect(byId.get(odd)!.slice(1)).toEqual(['0', '0', String(max), '0', 'graded']);
    // The hostile student never stops the batch: either the grader survived it (that exercise loses
    // points) or that one student could not be graded.
    const hostile = byId.get(made[3]!.id)!;
    expect(hostile[5] === 'could not grade (the grader was killed by SIGKILL)' || Number(hostile[2]) < max).toBe(true);
    expect(stdout).toMatch(/4 students: [34] graded \(1 late\)/);
    expect(stdout).toContain('checks that fail most');

    // Resume: nothing changed, so nobody is graded again, and the gradebook is the same.
    const before = statSync(join(root, 'results', made[0]!.id, 'results.json')).mtimeMs;
    const again = await run([dir, '--csv', join(root, 'again.csv'), '--out', join(root, 'results'), '--exercises', EXERCISE, '--deadline', SYNTHETIC_DEADLINE]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/resume: [34] student\(s\) already graded are skipped/);
    expect(statSync(join(root, 'results', made[0]!.id, 'results.json')).mtimeMs).toBe(before);
    const againRows = parseCsv(readFileSync(join(root, 'again.csv'), 'utf8'));
    expect(againRows.filter((row) => !row[5]?.startsWith('could not grade'))).toEqual(rows.filter((row) => !row[5]?.startsWith('could not grade')));
  }, 600_000);
});

describe('grade-class limits and input', () => {
  it('kills a grader past the time limit (with what it started) and grades the others', async () => {
    const dir = join(root, 'timeout-class');
    for (const id of ['fast', 'slow']) {
      mkdirSync(join(dir, id, '01-x'), { recursive: true });
      writeFileSync(join(dir, id, '01-x', 'a.ts'), `export const who = '${id}';\n`);
    }
    // A stand-in grader: for 'slow' it starts a grandchild and never ends; otherwise it writes results.
    const fake = join(root, 'fake-grader.ts');
    const marker = join(root, 'grandchild-alive');
    writeFileSync(fake, `
import { readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
const args = process.argv.slice(2);
const submission = args[args.indexOf('--submission') + 1]!;
const json = args[args.indexOf('--json') + 1]!;
if (readFileSync(submission + '/01-x/a.ts', 'utf8').includes('slow')) {
  spawn(process.execPath, ['-e', 'setTimeout(() => require("fs").writeFileSync(${JSON.stringify(marker)}, "x"), 4000)'], { stdio: 'ignore' });
  process.on('SIGTERM', () => {});
  setInterval(() => {}, 1000);
} else {
  writeFileSync(json, JSON.stringify({ score: 2, max_score: 3, tests: [
    { name: '01-x › a', score: 2, max_score: 2, status: 'passed', tags: ['01-x'] },
    { name: '01-x › b', score: 0, max_score: 1, status: 'failed', tags: ['01-x'] } ] }));
}
`);
    process.env[GRADER_SCRIPT_ENV] = fake;
    try {
      const csv = join(root, 'timeout.csv');
      const started = Date.now();
      const { code } = await run([dir, '--csv', csv, '--timeout', '3', '--jobs', '2']);
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(parseCsv(readFileSync(csv, 'utf8'))).toEqual([
        ['student', '01-x', 'total', 'max', 'percent', 'status'],
        ['fast', '2', '2', '3', '66.67', 'graded'],
        ['slow', '', '0', '3', '0', 'could not grade (time limit of 3 s)'],
      ]);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      expect(existsSync(marker)).toBe(false); // the grandchild went with the grader's process group
    } finally {
      delete process.env[GRADER_SCRIPT_ENV];
    }
  }, 60_000);

  it('exits 2 with what was expected and what was given', async () => {
    const missing = await run([join(root, 'nope'), '--csv', join(root, 'x.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/expected a folder with one sub-folder per student, got '.*nope', which does not exist/);
    const shard = await run([root, '--csv', join(root, 'x.csv'), '--shard', '3/2']);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain("--shard: expected k/n with 1 ≤ k ≤ n (for example 2/4), got '3/2'");
    const deadline = await run([root, '--csv', join(root, 'x.csv'), '--deadline', 'tomorrow']);
    expect(deadline.code).toBe(2);
    expect(deadline.stderr).toContain("got 'tomorrow'");
    const noCsv = await run([root]);
    expect(noCsv.code).toBe(2);
    expect(noCsv.stderr).toContain('--csv');
  });
});
