// The two numbers the course is judged by: every reference solution scores full marks and every
// untouched starter scores zero — at several grading seeds, so no threshold rests on one lucky seed.
// The starters are generated afresh from solutions/ (the one source), never read from the learner's
// working exercises/, so this proof holds for a learner halfway through the course.
// Also: exercises/ and solutions/ mirror each other file for file, and all eleven fixed ids are graded.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COURSE_ROOT, runGrade, type GradeResult } from '../run.ts';
import { writeStarters } from '../../scripts/course/starters.ts';

const EXERCISE_IDS = [
  '01-rnn-cell',
  '02-hidden-shapes',
  '03-many-to-one',
  '04-sine-prediction',
  '05-sequence-tagging',
  '06-bidirectional-sentiment',
  '07-gradient-clipping',
  '08-bptt-by-hand',
  '09-variable-length',
  '10-lstm-gru',
  '11-char-generation',
];
const SOLUTION_SEEDS = [1, 2, 3];
const STARTER_SEEDS = [1, 7];
const TIMEOUT_MS = 180_000;

function failures(result: GradeResult): string[] {
  return result.exercises.flatMap((e) => e.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason}`));
}

/**
 * The points a learner is promised: the first table under "## 채점" in exercises/<id>/README.md.
 * Returns the sum of its rows and, if it has one, its total row (합계).
 */
function readmePoints(id: string): { sum: number; total: number | null } {
  const readme = readFileSync(join(COURSE_ROOT, 'exercises', id, 'README.md'), 'utf8');
  const section = readme.split(/^## 채점/m)[1] ?? '';
  const rows = section.split('\n').map((l) => l.trim());
  const start = rows.findIndex((l) => l.startsWith('|'));
  let sum = 0;
  let total: number | null = null;
  for (const row of rows.slice(start)) {
    if (!row.startsWith('|')) break;
    // GitHub splits cells on every unescaped |, even inside code spans.
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\*/g, ''));
    const points = Number(cells[2]);
    if (cells[2] === '' || !Number.isFinite(points)) continue; // header and separator rows
    if (cells[1].includes('합계')) total = points;
    else sum += points;
  }
  return { sum, total };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('the course layout', () => {
  test('exercises/ and solutions/ hold the eleven fixed ids, file for file (README only in exercises/)', () => {
    const exercises = join(COURSE_ROOT, 'exercises');
    const solutions = join(COURSE_ROOT, 'solutions');
    const ids = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(ids(exercises)).toEqual(EXERCISE_IDS);
    expect(ids(solutions)).toEqual(EXERCISE_IDS);
    for (const id of EXERCISE_IDS) {
      const starterFiles = filesUnder(join(exercises, id)).filter((f) => f !== 'README.md');
      expect(filesUnder(join(exercises, id)), `${id} needs a README.md`).toContain('README.md');
      expect(filesUnder(join(solutions, id)).filter((f) => f !== 'README.md'), `solutions/${id} must mirror exercises/${id}`).toEqual(starterFiles);
      // run.ts is the program `npm run ex` starts, not the learner's work: one copy may not drift from the other.
      if (starterFiles.includes('run.ts')) {
        const read = (dir: string) => readFileSync(join(dir, id, 'run.ts'), 'utf8');
        expect(read(solutions), `solutions/${id}/run.ts differs from exercises/${id}/run.ts`).toBe(read(exercises));
      }
    }
  });
});

describe.each(SOLUTION_SEEDS)('the reference solutions at grading seed %i', (seed) => {
  test('score full marks on every exercise', async () => {
    const result = await runGrade({ submissionDir: join(COURSE_ROOT, 'solutions'), seed });
    expect(result.warnings).toEqual([]);
    expect(result.exercises.map((e) => e.id)).toEqual(EXERCISE_IDS);
    expect(failures(result)).toEqual([]);
    for (const exercise of result.exercises) expect(exercise.maxPoints, `${exercise.id} has no points`).toBeGreaterThan(0);
    expect(result.score).toBe(result.maxScore);
    // What each exercise's README promises is what the grader awards.
    for (const exercise of result.exercises) {
      const promised = readmePoints(exercise.id);
      expect(promised.sum, `points table in exercises/${exercise.id}/README.md`).toBe(exercise.maxPoints);
      if (promised.total !== null) expect(promised.total, `total row in exercises/${exercise.id}/README.md`).toBe(exercise.maxPoints);
    }
  }, TIMEOUT_MS);
});

describe('freshly generated starters', () => {
  let starters = '';
  beforeAll(() => {
    starters = mkdtempSync(join(tmpdir(), 'rnn-fresh-starters-'));
    writeStarters(starters);
  });
  afterAll(() => rmSync(starters, { recursive: true, force: true }));

  test.each(STARTER_SEEDS)('score zero at grading seed %i, every check reported as not started', async (seed) => {
    const result = await runGrade({ submissionDir: starters, seed });
    expect(result.exercises.map((e) => e.id)).toEqual(EXERCISE_IDS);
    expect(result.maxScore).toBeGreaterThan(0);
    expect(result.score).toBe(0);
    // Every check has hints in levels: a conceptual first one, then more specific ones (issue 11).
    const flat = result.exercises.flatMap((e) => e.checks.filter((c) => (c.hintLevels ?? 0) < 2).map((c) => `${c.name}: ${c.hintLevels ?? 0} level(s)`));
    expect(flat).toEqual([]);
    // The course's total in grader/README.md is this run's, not a number typed once and left behind.
    const readme = readFileSync(join(COURSE_ROOT, 'grader', 'README.md'), 'utf8');
    const max = result.maxScore;
    expect(readme).toContain(`The whole course is worth ${max} points: the starters score 0/${max} and the reference solutions ${max}/${max}`);
    const started = result.exercises.flatMap((e) => e.checks.filter((c) => c.outcome !== 'not-started').map((c) => `${c.name}: ${c.outcome} ${c.reason}`));
    expect(started).toEqual([]);
  }, TIMEOUT_MS);

  test('a learner halfway through (01-03 solved in a copy) gets exactly those points, and the proof above is unchanged', async () => {
    const halfway = mkdtempSync(join(tmpdir(), 'rnn-halfway-'));
    try {
      cpSync(starters, halfway, { recursive: true });
      for (const id of EXERCISE_IDS.slice(0, 3)) cpSync(join(COURSE_ROOT, 'solutions', id), join(halfway, id), { recursive: true });
      const result = await runGrade({ submissionDir: halfway, filters: ['01', '02', '03', '04'] });
      const byId = new Map(result.exercises.map((e) => [e.id, e]));
      for (const id of EXERCISE_IDS.slice(0, 3)) expect(byId.get(id)!.points).toBe(byId.get(id)!.maxPoints);
      expect(byId.get('04-sine-prediction')).toMatchObject({ points: 0, status: 'not-started' });
    } finally {
      rmSync(halfway, { recursive: true, force: true });
    }
  }, TIMEOUT_MS);
});
