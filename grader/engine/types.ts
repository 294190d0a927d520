// The shapes of a grading run's options and results (the programmatic API of grader/run.ts).
import type { Visibility } from '../kit/types.ts';

export type { Visibility };

export interface GradeLimits {
  /** A probe call's time limit when the check sets none (ms). */
  callTimeoutMs: number;
  /** Time for a sandbox to start; it loads only the library, so this is the grader's own time (ms). */
  startTimeoutMs: number;
  /** All checks of one exercise (ms). */
  exerciseTimeoutMs: number;
  /** Resident memory of one exercise's process tree (MB). */
  memoryMb: number;
  /** V8 heap limit of the sandboxed node, --max-old-space-size (MB). */
  heapMb: number;
  /** What a sandbox may print that is kept for the report (bytes). */
  outputBytes: number;
  /** Wall-clock limit for the whole run; what has not finished by then fails (ms). */
  overallTimeoutMs: number;
}

export interface GradeOptions {
  /** Repository root (default: the repository this grader lives in). */
  root?: string;
  /** Directory laid out like exercises/ (or a repository root containing exercises/) to grade (default <root>/exercises). */
  submissionDir?: string;
  /** Directories whose *.suite.ts files are the suites (default [<root>/grader/suites]). */
  suiteDirs?: string[];
  /** More suite directories, e.g. an instructor's private suites. */
  extraSuiteDirs?: string[];
  /** Grade only exercises matching one of these (id number like "4" or "04", or a substring like "sine"). */
  filters?: string[];
  /** Seed of the hidden checks' inputs (default: env GRADE_SEED, else the kit's fixed default). */
  seed?: number;
  /** 'bwrap', 'unshare', 'permission' or 'auto' (default: env GRADER_ISOLATION, else the strongest that works). */
  isolation?: string;
  /** Exercises judged at the same time (default: the number of CPUs, at most 4). */
  workers?: number;
  /** How the submission directory is named in messages (default: its path relative to the working directory). */
  submissionLabel?: string;
  /** Who the submission belongs to (goes into the reports). */
  student?: string;
  limits?: Partial<GradeLimits>;
  /**
   * The hint level a learner has reached for a check (0 = first, conceptual), given the exercise id and
   * the check's name without the exercise id; clamped to the check's levels. Default: the first level.
   */
  hintLevel?: (exerciseId: string, checkName: string) => number;
  /**
   * Stop each exercise at its first failed check; the checks after it are recorded as 'not-run' with
   * 0 points. For tools that only ask "full marks or not?" (npm run mutate); `npm run grade` never sets it.
   */
  bail?: boolean;
  /**
   * Grade only the checks this returns true for (given the exercise id and the check's name without
   * the exercise id); the others are recorded as 'not-run' with 0 points. For tools that know a check
   * cannot be affected (npm run mutate skips checks that never load the mutated file); default: all.
   */
  onlyChecks?: (exerciseId: string, checkName: string) => boolean;
  /**
   * Called with the source text of every probe a check sends to the sandbox (before it is sent):
   * lets a tool learn which files each check loads. Observation only; it cannot change a result.
   */
  onProbe?: (exerciseId: string, checkName: string, probeSource: string) => void;
  /**
   * A tighter time limit for each probe call of a check (ms), or undefined to keep the suite's. It can
   * only lower the limit: npm run mutate gives each check a few times what the unchanged solution
   * needed, so an endless-loop mutant is stopped in seconds rather than at the suite's generous limit.
   */
  checkTimeoutMs?: (exerciseId: string, checkName: string) => number | undefined;
}

export type CheckOutcome =
  | 'passed'
  | 'failed'        // an assertion failed or the code threw
  | 'not-started'   // the starter's todo() marker is still there
  | 'load-error'    // the exercise file (or the suite) failed to load
  | 'timeout'       // too slow, a promise that never settles, or an endless loop
  | 'crashed'       // the submission's process died, ran out of memory or broke the protocol
  | 'could-not-grade' // the grader could not judge it (a refused file, a sandbox that did not start)
  | 'not-run';      // did not run (a time limit of the exercise or of the run)

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
  /** The hint level shown (see hintLevel); absent when the check has no hint. */
  hint?: string;
  /** Which hint level `hint` is (0 = first, conceptual) and how many levels the check has. */
  hintLevel?: number;
  hintLevels?: number;
  durationMs: number;
}

export interface ExerciseResult {
  id: string;
  points: number;
  maxPoints: number;
  /** 'not started' when every check still hits the starter's todo(). */
  status: 'passed' | 'partial' | 'failed' | 'not-started' | 'could-not-grade';
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
  /** How graded code was isolated (see grader/README.md, "Trust model"). */
  isolation: string;
  /** The library's product backend in the judge and the sandboxes, e.g. "wasm, f64x2 SIMD, mul then add (…)". */
  backend: string;
  student?: string;
  /** Notes about the input, e.g. a repository root whose exercises/ was graded. */
  notes: string[];
  timings: {
    /** Loading the suites and taking the submission in (ms). */
    prepareMs: number;
    /** Per exercise: time to judge it (ms). */
    exercises: { id: string; ms: number }[];
  };
}

/** A problem that stops the grader itself (bad option, missing directory): exit code 2. */
export class GraderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraderError';
  }
}
