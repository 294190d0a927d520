// runGrade(): the grader as a function. The CLI (cli.ts) is a thin shell around it; tests, class
// grading and course scripts call it directly.
//
// The design (grader/README.md, "Trust model"): this process is the judge. It loads the suites,
// draws inputs from the grading seed, computes expected values with the library and decides
// every check. Submission code never runs here: each exercise gets its own sandboxed process
// (bubblewrap, unshare or Node's permission model), which receives probes and plain inputs and
// sends plain data back.
import { realpathSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findSuites, applyFilters, loadSuite, type SuiteFile } from './engine/suites.ts';
import { DEFAULT_GRADING_SEED } from './kit/constants.ts';
import type { RegisteredCheck } from './kit/check.ts';
import { GraderError, type ExerciseResult, type GradeLimits, type GradeOptions, type GradeResult } from './engine/types.ts';
import { chooseIsolation, launchFor, ISOLATION_SUMMARY } from './judge/isolation.ts';
import { createRunWorkspace } from './judge/workspace.ts';
import { resolveSubmissionDir, takeInExercise } from './judge/intake.ts';
import { judgeExercise } from './judge/judge-exercise.ts';
import { getBackend } from '../lib/index.ts';

export * from './engine/types.ts';

export const DEFAULT_LIMITS: GradeLimits = {
  callTimeoutMs: 10_000,
  startTimeoutMs: 30_000,
  exerciseTimeoutMs: 180_000,
  memoryMb: 1_536,
  heapMb: 1_024,
  outputBytes: 64 * 1024,
  overallTimeoutMs: 10 * 60_000,
};

export const COURSE_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The seed from the options, else GRADE_SEED, else the kit's default; anything else is an error. */
export function resolveSeed(seed: number | undefined, env: string | undefined = process.env.GRADE_SEED): number {
  if (seed !== undefined) {
    if (!Number.isSafeInteger(seed)) throw new GraderError(`the seed must be an integer, got ${seed}`);
    return seed;
  }
  if (env !== undefined && env.trim() !== '') {
    const parsed = Number(env);
    if (!Number.isSafeInteger(parsed)) throw new GraderError(`GRADE_SEED must be an integer, got '${env}'`);
    return parsed;
  }
  return DEFAULT_GRADING_SEED;
}

function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** The exercises the suites grade, with their checks (public and private suites of one id together). */
export async function loadExercises(suites: SuiteFile[]): Promise<Map<string, RegisteredCheck[]>> {
  const exercises = new Map<string, RegisteredCheck[]>();
  for (const suite of suites) {
    let checks: RegisteredCheck[];
    try {
      checks = await loadSuite(suite.file);
    } catch (error) {
      throw new GraderError(`the suite ${displayPath(suite.file)} failed to load: ${error instanceof Error ? error.message : String(error)}`);
    }
    exercises.set(suite.exerciseId, [...(exercises.get(suite.exerciseId) ?? []), ...checks]);
  }
  return exercises;
}

export async function runGrade(options: GradeOptions = {}): Promise<GradeResult> {
  const started = Date.now();
  const root = realpathSync(resolve(options.root ?? COURSE_ROOT));
  const limits: GradeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const seed = resolveSeed(options.seed);
  const resolved = resolveSubmissionDir(resolve(options.submissionDir ?? join(root, 'exercises')));
  const submissionDir = realpathSync(resolved.dir);
  const submissionLabel = options.submissionLabel ?? displayPath(submissionDir);
  const suiteDirs = options.suiteDirs ?? [join(root, 'grader', 'suites')];
  const suites = applyFilters(
    [...findSuites(suiteDirs), ...findSuites(options.extraSuiteDirs ?? [], 'private suite directory')],
    options.filters ?? [],
  );
  if (suites.length === 0) throw new GraderError(`no suites (*.suite.ts) found in ${suiteDirs.map(displayPath).join(', ')}`);
  const isolation = chooseIsolation(options.isolation);
  const { backend, libraryEnv } = libraryBackend();
  const exercises = await loadExercises(suites);
  const workers = Math.max(1, options.workers ?? Math.min(4, availableParallelism()));
  const overallDeadline = started + limits.overallTimeoutMs;

  const workspace = createRunWorkspace(root);
  // A grader stopped by Ctrl-C or a kill still removes its run folder where it can.
  const cleanup = () => workspace.dispose();
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    process.kill(process.pid, signal);
  };
  process.once('exit', cleanup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const jobs = [...exercises].map(([id, checks]) => {
      const target = workspace.exerciseDir(id);
      const intake = takeInExercise(submissionDir, id, target, submissionLabel);
      return { id, checks, intake };
    });
    const prepareMs = Date.now() - started;
    const timings: { id: string; ms: number }[] = [];
    const results: ExerciseResult[] = await pool(workers, jobs.map((job) => async () => {
      const jobStarted = Date.now();
      const scratch = workspace.scratch(job.id);
      const result = await judgeExercise({
        ...job,
        launch: () => launchFor(isolation, { base: workspace.base, exerciseId: job.id, nodeModules: workspace.nodeModules, scratch, libraryEnv }, limits.heapMb),
        seed,
        limits,
        label: submissionLabel,
        overallDeadline,
        ...(options.bail ? { bail: true } : {}),
        ...(options.onlyChecks ? { onlyChecks: (checkName: string) => options.onlyChecks!(job.id, checkName) } : {}),
        ...(options.onProbe ? { onProbe: (checkName: string, source: string) => options.onProbe!(job.id, checkName, source) } : {}),
        ...(options.checkTimeoutMs ? { checkTimeoutMs: (checkName: string) => options.checkTimeoutMs!(job.id, checkName) } : {}),
        ...(options.hintLevel ? { hintLevel: (checkName: string) => options.hintLevel!(job.id, checkName) } : {}),
      });
      result.suiteFiles = suites.filter((suite) => suite.exerciseId === job.id).map((suite) => displayPath(suite.file));
      timings.push({ id: job.id, ms: Date.now() - jobStarted });
      return result;
    }));
    const score = results.reduce((sum, exercise) => sum + exercise.points, 0);
    const maxScore = results.reduce((sum, exercise) => sum + exercise.maxPoints, 0);
    return {
      score,
      maxScore,
      percent: maxScore > 0 ? (100 * score) / maxScore : 0,
      exercises: results,
      seed,
      submissionDir,
      submissionLabel,
      executionTimeMs: Date.now() - started,
      warnings: [],
      isolation,
      backend,
      ...(options.student ? { student: options.student } : {}),
      notes: [
        ...(resolved.note ? [resolved.note] : []),
        `isolation: ${isolation} — ${ISOLATION_SUMMARY[isolation]}`,
        `library backend: ${backend} (RNN_BACKEND; the same in the judge and the sandboxes)`,
      ],
      timings: { prepareMs, exercises: timings.sort((a, b) => a.id.localeCompare(b.id)) },
    };
  } finally {
    cleanup();
    process.removeListener('exit', cleanup);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/**
 * The product backend of the library (lib/backend): the judge's, resolved from RNN_BACKEND and
 * RNN_WASM_FMA or set with setBackend, and the environment that gives the sandboxes the same one.
 * Every exact backend gives the same bits, so this changes speed, not scores; it is named in the
 * report all the same, and a misspelt RNN_BACKEND stops the run before anything is graded.
 */
function libraryBackend(): { backend: string; libraryEnv: Record<string, string> } {
  let active;
  try {
    active = getBackend();
  } catch (error) {
    throw new GraderError((error as Error).message);
  }
  const fma = process.env.RNN_WASM_FMA === '1' && active.name === 'wasm';
  return {
    backend: `${active.name}${active.detail ? `, ${active.detail}` : ''}`,
    libraryEnv: { RNN_BACKEND: active.name, ...(fma ? { RNN_WASM_FMA: '1' } : {}) },
  };
}

/** The maximum points per exercise, from the suites alone (no submission, no solutions needed). */
export async function manifest(options: Pick<GradeOptions, 'root' | 'suiteDirs' | 'extraSuiteDirs' | 'filters'> = {}): Promise<{ id: string; checks: number; maxPoints: number }[]> {
  const root = resolve(options.root ?? COURSE_ROOT);
  const suites = applyFilters(
    [...findSuites(options.suiteDirs ?? [join(root, 'grader', 'suites')]), ...findSuites(options.extraSuiteDirs ?? [], 'private suite directory')],
    options.filters ?? [],
  );
  const exercises = await loadExercises(suites);
  return [...exercises].map(([id, checks]) => ({ id, checks: checks.length, maxPoints: checks.reduce((sum, c) => sum + c.points, 0) }));
}
