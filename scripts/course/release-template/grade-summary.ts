// `npx tsx scripts/grade-summary.ts results.json` prints the grader's results.json (Gradescope format) as a
// Markdown score table: one row per exercise, the total, and the checks still failing. The student workflow
// appends it to $GITHUB_STEP_SUMMARY so the score shows on the run's page.
// (In the course repository this file is scripts/course/release-template/grade-summary.ts; the release ships it
// as scripts/grade-summary.ts.)
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ResultTest {
  name: string;
  score: number;
  max_score: number;
  status?: string;
  output?: string;
  tags?: string[];
}

export interface ExerciseRow {
  id: string;
  points: number;
  maxPoints: number;
  checks: number;
  passed: number;
  state: 'done' | 'partly done' | 'not started';
}

/** Checks the parsed results.json has what the table needs; says what is missing otherwise. */
export function readTests(results: unknown): ResultTest[] {
  if (typeof results !== 'object' || results === null || Array.isArray(results)) {
    throw new Error(`results.json: expected an object with a "tests" array, got ${Array.isArray(results) ? 'an array' : typeof results}`);
  }
  const tests = (results as { tests?: unknown }).tests;
  if (!Array.isArray(tests)) throw new Error(`results.json: expected a "tests" array, got ${tests === undefined ? 'no "tests"' : typeof tests}`);
  return tests.map((test, index) => {
    const t = test as Partial<ResultTest> | null;
    const ok =
      typeof t === 'object' && t !== null && typeof t.name === 'string' && Number.isFinite(t.score) && Number.isFinite(t.max_score);
    if (!ok) throw new Error(`results.json: tests[${index}] needs a "name" string and numeric "score" and "max_score", got ${JSON.stringify(test)?.slice(0, 200)}`);
    return t as ResultTest;
  });
}

/** The exercise a check belongs to: its first tag (the grader tags each check with its exercise id), else its name's first part. */
function exerciseOf(test: ResultTest): string {
  const tag = test.tags?.find((t) => /^\d+-/.test(t));
  return tag ?? test.name.split(' › ')[0];
}

function notStarted(test: ResultTest): boolean {
  return (test.output ?? '').startsWith('not started');
}

export function exerciseRows(tests: ResultTest[]): ExerciseRow[] {
  const byExercise = new Map<string, ResultTest[]>();
  for (const test of tests) {
    const id = exerciseOf(test);
    byExercise.set(id, [...(byExercise.get(id) ?? []), test]);
  }
  return [...byExercise.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, checks]) => {
      const points = checks.reduce((sum, c) => sum + c.score, 0);
      const maxPoints = checks.reduce((sum, c) => sum + c.max_score, 0);
      const passed = checks.filter((c) => c.score >= c.max_score).length;
      const state = points >= maxPoints ? 'done' : points === 0 && checks.every(notStarted) ? 'not started' : 'partly done';
      return { id, points, maxPoints, checks: checks.length, passed, state };
    });
}

/** Markdown table cells: no line breaks, no pipes, no HTML. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').trim();
}

const round = (n: number) => Number(n.toFixed(2));

export function scoreTable(results: unknown): string {
  const tests = readTests(results);
  const rows = exerciseRows(tests);
  const points = rows.reduce((sum, r) => sum + r.points, 0);
  const maxPoints = rows.reduce((sum, r) => sum + r.maxPoints, 0);
  const percent = maxPoints > 0 ? (100 * points) / maxPoints : 0;
  const icon = { done: '✅', 'partly done': '🟡', 'not started': '⬜' } as const;
  const lines = [
    '## Grade',
    '',
    '| exercise | points | checks passed | |',
    '|---|---:|---:|---|',
    ...rows.map((r) => `| ${cell(r.id)} | ${round(r.points)} / ${round(r.maxPoints)} | ${r.passed} / ${r.checks} | ${icon[r.state]} ${r.state} |`),
    `| **total** | **${round(points)} / ${round(maxPoints)}** | | **${percent.toFixed(1)} %** |`,
    '',
  ];
  const failing = tests.filter((t) => t.score < t.max_score && !notStarted(t));
  if (failing.length > 0) {
    lines.push(`<details><summary>${failing.length} check(s) to fix</summary>`, '', '| check | points | why |', '|---|---:|---|');
    for (const t of failing) lines.push(`| ${cell(t.name)} | ${round(t.score)} / ${round(t.max_score)} | ${cell((t.output ?? '').split('\n')[0])} |`);
    lines.push('', '</details>', '');
  }
  lines.push('Run `npm run grade` on your machine for every reason and hint.', '');
  return lines.join('\n');
}

/** Command line: returns the exit code. A missing results.json is reported in the summary, not as a failure. */
export function main(args: string[]): number {
  if (args.length !== 1) {
    console.error(`Usage: npx tsx scripts/grade-summary.ts <results.json>; expected one file, got ${args.length} argument(s).`);
    return 2;
  }
  const file = resolve(args[0]);
  if (!existsSync(file)) {
    console.log(`## Grade\n\nNo \`${args[0]}\`: the grader did not finish. The log of the "Grade" step says why.\n`);
    return 0;
  }
  try {
    console.log(scoreTable(JSON.parse(readFileSync(file, 'utf8'))));
    return 0;
  } catch (error) {
    console.error(`grade-summary: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
