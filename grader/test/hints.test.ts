// Hints in tiers: the local state file (.grade/hints.json beside the exercises), `npm run hint`
// raising the first failing check's level one at a time, and `npm run grade` showing the level
// reached for the learner's own exercises only — clamped, and the first level when the state file is
// missing or corrupt.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main as grade } from '../cli-main.ts';
import { main as hint } from '../hints/cli-main.ts';
import {
  checkKey, emptyHintState, hintStateFile, raiseLevel, readHintState, resetExercise, shownLevel, storedLevel, writeHintState,
} from '../hints/state.ts';
import { hintTarget } from '../hints/target.ts';
import type { CheckResult } from '../run.ts';
import { FIXTURES, FAST_LIMITS, GRADING_TEST_TIMEOUT } from './helpers.ts';

const HINT_SUITES = join(FIXTURES, 'hint-suites');

/** addVectors subtracts (3 hint levels), scale is right. */
const ADD_WRONG = `export function addVectors(a: number[], b: number[]): number[] { return a.map((v, i) => v - b[i]); }
export function scale(x: number[], k: number): number[] { return x.map((v) => v * k); }
`;
const OTHER_RIGHT = 'export function double(x: number): number { return 2 * x; }\n';
const TOC = `| 단계 | 읽을 것 / 할 것 | 명령 |
|---|---|---|
| 1 | 레슨 [01. 데모 레슨](./01-demo-lesson/README.md) — 벡터 | \`npm run lesson -- 01\` |
| 2 | 연습 [\`00-demo\`](../exercises/00-demo/README.md) — 더하기와 곱하기 | \`npm run grade -- 00\` |
| 3 | 연습 [\`01-other\`](../exercises/01-other/README.md) — 두 배 | \`npm run grade -- 01\` |
`;

let root: string;
let exercises: string;
let stateFile: string;

async function capture(run: (argv: string[], io: { stdout: { write(t: string): unknown }; stderr: { write(t: string): unknown } }) => Promise<number>, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } } });
  return { code, stdout, stderr, lines: stdout.split('\n') };
}

const common = () => ['--suites-only', HINT_SUITES, '--limits', JSON.stringify(FAST_LIMITS), '--no-color'];
const gradeOwn = (...args: string[]) => capture(grade, ['--exercises', exercises, ...common(), ...args]);
const hintOwn = (...args: string[]) => capture(hint, ['--exercises', exercises, '--toc', join(root, 'toc.md'), ...common(), ...args]);
const state = () => JSON.parse(readFileSync(stateFile, 'utf8'));

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rnn-hints-'));
  exercises = join(root, 'exercises');
  mkdirSync(join(exercises, '00-demo'), { recursive: true });
  mkdirSync(join(exercises, '01-other'), { recursive: true });
  writeFileSync(join(exercises, '00-demo', 'demo.ts'), ADD_WRONG);
  writeFileSync(join(exercises, '01-other', 'other.ts'), OTHER_RIGHT);
  writeFileSync(join(root, 'toc.md'), TOC);
  stateFile = hintStateFile(exercises);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the state file', () => {
  test('lives in .grade/ beside the exercises folder; a missing file means every first level', () => {
    expect(stateFile).toBe(join(root, '.grade', 'hints.json'));
    expect(readHintState(join(root, 'nowhere', 'hints.json'))).toEqual({ state: { levels: {} } });
  });

  test('a corrupt file reads as empty with a problem named, never a throw; entries that are not levels are dropped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-hint-state-'));
    try {
      const file = join(dir, 'hints.json');
      writeFileSync(file, '{"levels": {"00-demo": {"a": 2');
      expect(readHintState(file).state).toEqual({ levels: {} });
      expect(readHintState(file).problem).toMatch(/not valid JSON/);
      writeFileSync(file, '[1, 2]');
      expect(readHintState(file).problem).toMatch(/not a hint state file/);
      writeFileSync(file, JSON.stringify({ levels: { '00-demo': { a: 2, b: -1, c: 1.5, d: 'x', e: 0 }, '01-x': 'nope', '02-y': { f: 1 } } }));
      expect(readHintState(file)).toEqual({ state: { levels: { '00-demo': { a: 2 }, '02-y': { f: 1 } } } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writes are atomic (no temporary file left) and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-hint-state-'));
    try {
      const file = join(dir, 'deeper', 'hints.json');
      writeHintState(file, { levels: { '00-demo': { 'scales a vector': 1, 'adds two vectors': 0 } } });
      expect(readdirSync(join(dir, 'deeper'))).toEqual(['hints.json']);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, levels: { '00-demo': { 'scales a vector': 1 } } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('raising goes one level at a time up to the last; a stored level past the last is clamped; reset is per exercise', () => {
    const s = emptyHintState();
    const name = '00-demo › group › adds';
    expect(checkKey('00-demo', name)).toBe('group › adds');
    expect(raiseLevel(s, '00-demo', name, 3)).toEqual({ raised: true, level: 1, levels: 3 });
    expect(raiseLevel(s, '00-demo', name, 3)).toEqual({ raised: true, level: 2, levels: 3 });
    expect(raiseLevel(s, '00-demo', name, 3)).toEqual({ raised: false, level: 2, levels: 3 });
    expect(s.levels).toEqual({ '00-demo': { 'group › adds': 2 } });
    expect(raiseLevel(s, '00-demo', 'one level', 1)).toEqual({ raised: false, level: 0, levels: 1 });
    s.levels['00-demo']['group › adds'] = 99;
    expect(shownLevel(s, '00-demo', name, 3)).toBe(2);
    expect(raiseLevel(s, '00-demo', name, 3)).toEqual({ raised: false, level: 2, levels: 3 });
    s.levels['01-other'] = { x: 1 };
    expect(resetExercise(s, '00-demo')).toBe(1);
    expect(storedLevel(s, '00-demo', name)).toBe(0);
    expect(s.levels).toEqual({ '01-other': { x: 1 } });
  });

  test('the check to hint: the first failing one with hints, a started one before one still at todo()', () => {
    const check = (name: string, status: 'passed' | 'failed', outcome: CheckResult['outcome'], hintLevels?: number) =>
      ({ name, status, outcome, ...(hintLevels ? { hintLevels } : {}) }) as CheckResult;
    expect(hintTarget({ checks: [check('a', 'passed', 'passed', 2), check('b', 'failed', 'failed'), check('c', 'failed', 'not-started', 2), check('d', 'failed', 'failed', 2)] })?.name).toBe('d');
    expect(hintTarget({ checks: [check('a', 'failed', 'not-started', 2), check('b', 'failed', 'not-started', 3)] })?.name).toBe('a');
    expect(hintTarget({ checks: [check('a', 'passed', 'passed', 2), check('b', 'failed', 'failed')] })).toBeUndefined();
  });
});

describe('npm run hint and npm run grade', { timeout: 4 * GRADING_TEST_TIMEOUT }, () => {
  test('hint raises the first failing check one level at a time; grade shows the level reached; --show; --reset', async () => {
    let report = await gradeOwn('00');
    expect(report.code).toBe(0);
    expect(report.lines).toContain('  ✗ 00-demo › adds two vectors 0/2');
    expect(report.lines).toContain('      hint (1/3): add level 1: the sum of two vectors, element by element');
    expect(report.lines).toContain('      npm run hint -- 00 for the next hint');

    let asked = await hintOwn('00');
    expect(asked.code).toBe(0);
    expect(asked.lines).toContain('    hint 1/3: add level 1: the sum of two vectors, element by element');
    expect(asked.lines).toContain('  → hint 2/3: add level 2: one output per index i, a[i] + b[i]');
    expect(asked.stdout).not.toContain('add level 3');
    expect(asked.stdout).toContain('npm run hint -- 00 again for the next one');
    expect(state()).toEqual({ version: 1, levels: { '00-demo': { 'adds two vectors': 1 } } });
    report = await gradeOwn('00');
    expect(report.lines).toContain('      hint (2/3): add level 2: one output per index i, a[i] + b[i]');

    asked = await hintOwn('demo');
    expect(asked.lines).toContain('  → hint 3/3: add level 3: a.map((v, i) => v + b[i])');
    expect(asked.stdout).toContain('hint 3/3 revealed: the last one.');
    report = await gradeOwn('00');
    expect(report.lines).toContain('      hint (3/3): add level 3: a.map((v, i) => v + b[i])');
    expect(report.stdout).not.toContain('for the next hint');

    asked = await hintOwn('00');
    expect(asked.stdout).toContain('That was the last hint for this check. Read the step\'s hints in exercises/00-demo/README.md and lesson lessons/01-demo-lesson/README.md (01. 데모 레슨).');
    expect(state().levels['00-demo']).toEqual({ 'adds two vectors': 2 });

    const shown = await hintOwn('00', '--show');
    expect(shown.lines).toContain('00-demo › adds two vectors  hint 3/3');
    expect(shown.stdout).toContain('2 other checks at the first level.');
    expect(state().levels['00-demo']).toEqual({ 'adds two vectors': 2 });

    const reset = await hintOwn('00', '--reset');
    expect(reset.stdout).toBe('Hints of 00-demo are back at their first level (1 check had a higher one).\n');
    expect(state()).toEqual({ version: 1, levels: {} });
    report = await gradeOwn('00');
    expect(report.lines).toContain('      hint (1/3): add level 1: the sum of two vectors, element by element');
  });

  test('levels reached apply to your own exercises only; the reports carry the level shown', async () => {
    writeHintState(stateFile, { levels: { '00-demo': { 'adds two vectors': 2 } } });
    const dir = mkdtempSync(join(tmpdir(), 'rnn-hint-reports-'));
    try {
      const own = await gradeOwn('00', '--json', join(dir, 'own.json'), '--junit', join(dir, 'own.xml'));
      expect(own.lines).toContain('      hint (3/3): add level 3: a.map((v, i) => v + b[i])');
      const ownJson = JSON.parse(readFileSync(join(dir, 'own.json'), 'utf8'));
      // The failure message first (whatever its wording), then the hint line with the level reached.
      expect(ownJson.tests[0].output).toMatch(/^`sum`[\s\S]*expected 22, got -18[\s\S]*\nhint \(3\/3\): add level 3: a\.map\(\(v, i\) => v \+ b\[i\]\)$/);
      expect(readFileSync(join(dir, 'own.xml'), 'utf8')).toContain('hint (3/3): add level 3');

      // Someone else's submission (here: the same folder given with --submission) shows the first level and no pointer.
      const other = await capture(grade, ['--submission', exercises, ...common(), '00', '--json', join(dir, 'other.json')]);
      expect(other.lines).toContain('      hint (1/3): add level 1: the sum of two vectors, element by element');
      expect(other.stdout).not.toContain('npm run hint');
      expect(JSON.parse(readFileSync(join(dir, 'other.json'), 'utf8')).tests[0].output).toMatch(/\nhint \(1\/3\): add level 1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a stored level past the last is clamped; a corrupt state file shows the first levels, says so, and is rewritten by the next hint', async () => {
    writeFileSync(stateFile, JSON.stringify({ version: 1, levels: { '00-demo': { 'adds two vectors': 99 } } }));
    let report = await gradeOwn('00');
    expect(report.lines).toContain('      hint (3/3): add level 3: a.map((v, i) => v + b[i])');

    writeFileSync(stateFile, '{"levels": ');
    report = await gradeOwn('00');
    expect(report.code).toBe(0);
    expect(report.lines).toContain('      hint (1/3): add level 1: the sum of two vectors, element by element');
    expect(report.stderr).toContain('is not valid JSON; every hint starts at its first level');
    const asked = await hintOwn('00');
    expect(asked.code).toBe(0);
    expect(asked.lines).toContain('  → hint 2/3: add level 2: one output per index i, a[i] + b[i]');
    expect(state()).toEqual({ version: 1, levels: { '00-demo': { 'adds two vectors': 1 } } });
  });

  test('a file that does not compile spends no hint level: hint says so and names the error', async () => {
    writeHintState(stateFile, { levels: {} });
    writeFileSync(join(exercises, '00-demo', 'demo.ts'), ADD_WRONG.replace('return a.map', 'return = a.map'));
    try {
      const asked = await hintOwn('00');
      expect(asked.code).toBe(0);
      expect(asked.stdout).toContain('00-demo does not compile yet, so no hint level was raised:');
      expect(asked.stdout).toMatch(/SyntaxError at \S*00-demo\/demo\.ts:1:\d+/);
      expect(asked.stdout).toContain('Fix it, then npm run hint -- 00 again.');
      expect(asked.stdout).not.toContain('hint 2/3');
      expect(state()).toEqual({ version: 1, levels: {} });
    } finally {
      writeFileSync(join(exercises, '00-demo', 'demo.ts'), ADD_WRONG);
    }
  });

  test('an exercise whose checks all pass needs no hint; an unknown exercise is an error (exit 2)', async () => {
    const passing = await hintOwn('01');
    expect(passing.code).toBe(0);
    expect(passing.stdout).toBe('✓ every check of 01-other passes (1/1 points): no hint needed.\n');
    const unknown = await hintOwn('99');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No exercise matches "99"');
    const nothing = await hintOwn();
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('which exercise? Name it after --, for example: npm run hint -- 01');
  });
});
