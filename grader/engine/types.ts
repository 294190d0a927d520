// The shapes of a grading run's options and results (the programmatic API of grader/run.ts).
import type { Visibility } from '../kit/types.ts';

export type { Visibility };

export interface GradeLimits {
  /** Loading one test file, submission included (ms). */
  loadTimeoutMs: number;
  /** One beforeAll/afterAll hook (ms). */
  hookTimeoutMs: number;
  /** A check's time limit when the suite does not set one (ms). */
  checkTimeoutMs: number;
  /** Extra time past a check's limit before the watchdog kills a stuck worker (ms). */
  graceMs: number;
  /** Resident memory per worker before the watchdog kills it (MB). */
  memoryLimitMb: number;
  /** V8 heap limit per worker, --max-old-space-size (MB). */
  heapLimitMb: number;
  /** How many times a file whose worker died is re-run without the culprit. */
  maxReruns: number;
  /** Wall-clock limit for the whole run; what has not finished by then fails (ms). */
  overallTimeoutMs: number;
}

export interface GradeOptions {
  /** Repository root (default: the repository this grader lives in). */
  root?: string;
  /** Directory laid out like exercises/ to grade (default <root>/exercises). */
  submissionDir?: string;
  /** Reference solutions, from which the manifest of checks and points is collected (default <root>/solutions). */
  solutionsDir?: string;
  /** Directories whose *.test.ts files are the suites (default [<root>/grader/suites]). */
  suiteDirs?: string[];
  /** More suite directories, e.g. an instructor's private suites. */
  extraSuiteDirs?: string[];
  /** Grade only exercises matching one of these (id number like "4" or "04", or a substring like "sine"). */
  filters?: string[];
  /** Seed of the hidden checks' inputs (default: env GRADE_SEED, else the kit's fixed default). */
  seed?: number;
  /** Where the manifest cache lives (default <root>/.grade); false disables the cache. */
  cacheDir?: string | false;
  /** Run test workers under Node's permission model (default true). */
  permissions?: boolean;
  /** Parallel test workers (default: the number of CPUs, at most 4). */
  workers?: number;
  /** How the submission directory is named in messages (default: its path relative to the working directory). */
  submissionLabel?: string;
  limits?: Partial<GradeLimits>;
}

export type CheckOutcome =
  | 'passed'
  | 'failed'        // an assertion failed or the code threw
  | 'not-started'   // the starter's todo() marker is still there
  | 'load-error'    // the exercise file (or the suite) failed to load
  | 'timeout'       // too slow, a promise that never settles, or an endless loop
  | 'crashed'       // the worker died (process.kill, out of memory, ...)
  | 'not-run';      // did not run for another reason (the run was stopped)

export interface CheckResult {
  exerciseId: string;
  /** "<exercise id> › <group> › <check name>". */
  name: string;
  /** Position in its exercise, from 1. */
  index: number;
  status: 'passed' | 'failed';
  outcome: CheckOutcome;
  points: number;
  maxPoints: number;
  visibility: Visibility;
  /** One line; empty when passed. */
  reason: string;
  /** Further lines (e.g. the mismatch report of expectClose); never expected values in hidden checks. */
  details: string[];
  hint?: string;
  durationMs: number;
}

export interface ExerciseResult {
  id: string;
  points: number;
  maxPoints: number;
  /** 'not started' when every check still hits the starter's todo(). */
  status: 'passed' | 'partial' | 'failed' | 'not-started';
  checks: CheckResult[];
  /** Suite files of this exercise (relative paths). */
  suiteFiles: string[];
  /** Lines the submission printed while its checks ran (console.*), sanitized. */
  output: string[];
}

export interface GradeResult {
  score: number;
  maxScore: number;
  /** 0..100 */
  percent: number;
  exercises: ExerciseResult[];
  seed: number;
  /** Absolute path of the graded directory. */
  submissionDir: string;
  submissionLabel: string;
  executionTimeMs: number;
  /** Problems of the course itself (e.g. a solution that fails to load), not of the submission. */
  warnings: string[];
  timings: {
    manifestMs: number;
    manifestCached: boolean;
    runMs: number;
    reruns: number;
    /** Per suite file, from vitest's diagnostics of its last attempt. */
    files: { suite: string; setupMs: number; collectMs: number; testsMs: number; attempts: number }[];
  };
}

/** A problem that stops the grader itself (bad option, missing directory): exit code 2. */
export class GraderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraderError';
  }
}
