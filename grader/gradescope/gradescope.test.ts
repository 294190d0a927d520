// The Gradescope package end to end in a simulated layout: build the zip, unzip it into
// <tmp>/source, run setup.sh (Node is present: it must not install it; node_modules is linked
// instead of npm ci), then run_autograder on a copy of the solutions uploaded loose, inside
// exercises/ and as a repository, and on an upload with no exercises. One exercise keeps it fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import AdmZip from 'adm-zip';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage, main as buildMain } from './build.ts';
import { validateResults } from '../class/results.ts';
import { COURSE_ROOT } from '../class/grade-one.ts';

const EXERCISE = '01';
let tmp: string;
let source: string;
let exerciseDir: string;

function runScript(name: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync(join(source, name), [], {
    cwd: tmp,
    env: { ...process.env, AUTOGRADER_ROOT: tmp, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function results(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(tmp, 'results', 'results.json'), 'utf8')) as Record<string, unknown>;
}

function upload(make: (submission: string) => void): void {
  const submission = join(tmp, 'submission');
  rmSync(submission, { recursive: true, force: true });
  mkdirSync(submission, { recursive: true });
  make(submission);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gradescope-test-'));
  source = join(tmp, 'source');
  exerciseDir = readdirSync(join(COURSE_ROOT, 'solutions')).find((name) => name.startsWith(`${EXERCISE}-`))!;
  const built = buildPackage({ zip: join(tmp, 'autograder.zip'), exercises: [EXERCISE] });
  expect(built.files.some((path) => path.startsWith('solutions/'))).toBe(false);
  const zip = new AdmZip(built.zip);
  // Gradescope runs both scripts directly: they must be executable in the zip.
  for (const name of ['setup.sh', 'run_autograder']) expect((zip.getEntry(name)!.attr >>> 16) & 0o111).toBe(0o111);
  zip.extractAllTo(source, true, true);
  symlinkSync(join(COURSE_ROOT, 'node_modules'), join(source, 'node_modules'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('the Gradescope package', () => {
  it('holds the grader and its suites, no solutions, no tests', () => {
    const files = new AdmZip(join(tmp, 'autograder.zip')).getEntries().map((entry) => entry.entryName);
    expect(files).toContain('setup.sh');
    expect(files).toContain('run_autograder');
    expect(files).toContain('package-lock.json');
    expect(files).toContain('grader/cli.ts');
    expect(files.some((path) => path.startsWith(`grader/suites/${EXERCISE}-`))).toBe(true);
    expect(files.filter((path) => path.startsWith('solutions/') || path.startsWith('grader/test/') || path.startsWith('exercises/'))).toEqual([]);
    expect(files.filter((path) => path.endsWith('.test.ts') && !path.startsWith('grader/suites/'))).toEqual([]);
  });

  it('setup.sh finds Node on PATH and does not install it', { timeout: 60_000 }, () => {
    const { status, output } = runScript('setup.sh', { SKIP_NPM_CI: '1' });
    expect(output).toMatch(/Node v\d+\.\d+\.\d+ is on PATH \(>= 20\.19 needed\): not installing Node/);
    expect(output).not.toContain('installing Node v');
    expect(output).toContain('setup.sh: ready');
    expect(status).toBe(0);
  });

  const layouts: [string, (submission: string) => void][] = [
    ['loose', (s) => cpSync(join(COURSE_ROOT, 'solutions', exerciseDir), join(s, exerciseDir), { recursive: true })],
    ['inside exercises/', (s) => cpSync(join(COURSE_ROOT, 'solutions', exerciseDir), join(s, 'exercises', exerciseDir), { recursive: true })],
    ['a repository', (s) => {
      cpSync(join(COURSE_ROOT, 'solutions', exerciseDir), join(s, 'exercises', exerciseDir), { recursive: true });
      writeFileSync(join(s, 'package.json'), '{"name": "student-copy"}');
      // A tampered suite in the student's repository must not count.
      mkdirSync(join(s, 'grader', 'suites'), { recursive: true });
      writeFileSync(join(s, 'grader', 'suites', `${exerciseDir}.test.ts`), 'export {};\n');
    }],
  ];
  for (const [layout, make] of layouts) {
    it(`run_autograder grades solutions uploaded ${layout}: full marks, valid results.json`, () => {
      upload(make);
      writeFileSync(join(tmp, 'submission_metadata.json'), JSON.stringify({ users: [{ name: 'Kim', email: 'kim@example.com', sid: '2024-0001' }] }));
      const { status, output } = runScript('run_autograder');
      expect(status, output).toBe(0);
      const json = results();
      expect(validateResults(json)).toEqual([]);
      expect(typeof json['score']).toBe('number');
      expect(json['score']).toBeGreaterThan(0);
      expect(json['score']).toBe(json['max_score']);
      const tests = json['tests'] as { score: number; max_score: number; status: string; tags: string[] }[];
      expect(tests.length).toBeGreaterThan(0);
      expect(tests.every((test) => test.status === 'passed' && test.score === test.max_score && test.tags[0] === exerciseDir)).toBe(true);
      expect((json['extra_data'] as Record<string, unknown>)['student']).toBe('2024-0001');
    }, 300_000);
  }

  it('run_autograder writes a valid results.json with score 0 and the reason when there is nothing to grade', () => {
    upload((s) => writeFileSync(join(s, 'homework.txt'), 'I did it'));
    const { status } = runScript('run_autograder');
    expect(status).toBe(0);
    const json = results();
    expect(validateResults(json)).toEqual([]);
    expect(json['score']).toBe(0);
    expect(json['output']).toMatch(/could not be graded: expected exercise folders such as 01-rnn-cell\/.*"homework.txt"/);
  }, 120_000);

  it('npm run gradescope refuses a name that is not a .zip and an existing file', () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (text: string) => { err += text; } };
    expect(buildMain([join(tmp, 'package.tar')], io)).toBe(2);
    expect(err).toContain("expected a file name ending in .zip, got '");
    err = '';
    expect(buildMain([join(tmp, 'autograder.zip')], io)).toBe(2);
    expect(err).toContain('already exists');
  });
});
