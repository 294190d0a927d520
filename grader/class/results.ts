// Reading and writing Gradescope results.json for class grading and the Gradescope runner.
// What the grader writes is read defensively: a results.json is data from a run that graded untrusted
// code, so its shape is checked before anything is taken from it.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';

export const VISIBILITIES = ['hidden', 'after_due_date', 'after_published', 'visible'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface ResultsTest {
  name: string;
  number?: string;
  score: number;
  max_score: number;
  status?: 'passed' | 'failed';
  output?: string;
  tags?: string[];
  visibility?: Visibility;
}

export interface Results {
  score: number;
  max_score?: number;
  execution_time?: number;
  output?: string;
  output_format?: string;
  visibility?: Visibility;
  stdout_visibility?: Visibility;
  extra_data?: Record<string, unknown>;
  tests: ResultsTest[];
}

export interface ExercisePoints {
  points: number;
  maxPoints: number;
  checks: number;
  passed: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Problems with a results.json against Gradescope's documented fields (types and allowed values),
 * one line each; empty when it is valid. https://gradescope-autograders.readthedocs.io/en/latest/specs/
 */
export function validateResults(value: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) return ['expected a JSON object at the top level'];
  const visibility = (key: string, v: unknown, where: string): void => {
    if (v !== undefined && !(VISIBILITIES as readonly unknown[]).includes(v)) {
      problems.push(`${where}${key}: expected one of ${VISIBILITIES.join(', ')}, got ${JSON.stringify(v)}`);
    }
  };
  const outputFormat = (v: unknown, where: string): void => {
    if (v !== undefined && !['text', 'html', 'simple_format', 'md', 'ansi'].includes(v as string)) {
      problems.push(`${where}output_format: expected text, html, simple_format, md or ansi, got ${JSON.stringify(v)}`);
    }
  };
  const tests = value['tests'];
  if (value['score'] === undefined && !Array.isArray(tests)) problems.push('expected a score or tests[], got neither');
  if (value['score'] !== undefined && !finite(value['score'])) problems.push(`score: expected a number, got ${JSON.stringify(value['score'])}`);
  for (const key of ['max_score', 'execution_time'] as const) {
    if (value[key] !== undefined && !finite(value[key])) problems.push(`${key}: expected a number, got ${JSON.stringify(value[key])}`);
  }
  if (value['output'] !== undefined && typeof value['output'] !== 'string') problems.push('output: expected a string');
  outputFormat(value['output_format'], '');
  visibility('visibility', value['visibility'], '');
  visibility('stdout_visibility', value['stdout_visibility'], '');
  if (value['extra_data'] !== undefined && !isRecord(value['extra_data'])) problems.push('extra_data: expected an object');
  if (tests !== undefined) {
    if (!Array.isArray(tests)) {
      problems.push('tests: expected an array');
    } else {
      tests.forEach((test: unknown, index) => {
        const where = `tests[${index}].`;
        if (!isRecord(test)) {
          problems.push(`tests[${index}]: expected an object`);
          return;
        }
        for (const key of ['score', 'max_score'] as const) {
          if (test[key] !== undefined && !finite(test[key])) problems.push(`${where}${key}: expected a number, got ${JSON.stringify(test[key])}`);
        }
        for (const key of ['name', 'number', 'output'] as const) {
          if (test[key] !== undefined && typeof test[key] !== 'string') problems.push(`${where}${key}: expected a string`);
        }
        if (test['status'] !== undefined && test['status'] !== 'passed' && test['status'] !== 'failed') {
          problems.push(`${where}status: expected passed or failed, got ${JSON.stringify(test['status'])}`);
        }
        if (test['tags'] !== undefined && !(Array.isArray(test['tags']) && test['tags'].every((tag) => typeof tag === 'string'))) {
          problems.push(`${where}tags: expected an array of strings`);
        }
        outputFormat(test['output_format'], where);
        visibility('visibility', test['visibility'], where);
      });
    }
  }
  return problems;
}

/** Reads a results.json written by the grader; throws with a one-line reason when it is not usable. */
export function readResults(file: string): Results {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`results.json is not readable JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const problems = validateResults(parsed);
  if (!isRecord(parsed) || !finite(parsed['score']) || !Array.isArray(parsed['tests'])) {
    problems.unshift('expected a score and tests[]');
  }
  if (problems.length > 0) throw new Error(`results.json is not in Gradescope's format: ${problems.slice(0, 3).join('; ')}`);
  const results = parsed as unknown as Results;
  for (const test of results.tests) {
    if (typeof test.name !== 'string' || !finite(test.score) || !finite(test.max_score)) {
      throw new Error('results.json is not in Gradescope\'s format: a test without a name, score or max_score');
    }
  }
  return results;
}

/** The exercise id of a test: its first tag, else the part of its name before " › ". */
export function exerciseOf(test: ResultsTest): string {
  const tag = test.tags?.[0];
  if (typeof tag === 'string' && tag !== '') return tag;
  const [head] = test.name.split(' › ');
  return head ?? test.name;
}

/** Points per exercise id, in the order the tests list them. */
export function exercisePoints(results: Results): Map<string, ExercisePoints> {
  const byExercise = new Map<string, ExercisePoints>();
  for (const test of results.tests) {
    const id = exerciseOf(test);
    const entry = byExercise.get(id) ?? { points: 0, maxPoints: 0, checks: 0, passed: 0 };
    entry.points += test.score;
    entry.maxPoints += test.max_score;
    entry.checks += 1;
    const passed = test.status ? test.status === 'passed' : test.score >= test.max_score;
    if (passed) entry.passed += 1;
    byExercise.set(id, entry);
  }
  return byExercise;
}

export function maxScoreOf(results: Results): number {
  return finite(results.max_score) ? results.max_score : results.tests.reduce((sum, test) => sum + test.max_score, 0);
}

/** A results.json for a submission that could not be graded: score 0 and the reason, valid for Gradescope. */
export function failureResults(reason: string, extra: Record<string, unknown> = {}): Results {
  return {
    score: 0,
    execution_time: 0,
    output: `This submission could not be graded: ${reason}\nIt scores 0 until it is graded; tell your instructor if you think this is wrong.`,
    output_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    extra_data: { ...extra, status: 'could not grade', reason },
    tests: [],
  };
}

/** Writes JSON through a temporary file and a rename, so a reader never sees half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value, null, 1) + '\n');
  renameSync(temporary, file);
}
