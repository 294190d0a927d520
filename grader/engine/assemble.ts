// Putting the manifest (what should run, worth what) and the run (what happened) together into
// one result per check. Every manifest check gets a result: one that never reported counts as
// failed, with the reason it could not run.
import type { CheckResult, ExerciseResult, CheckOutcome } from './types.ts';
import type { Manifest, ManifestCheck } from './manifest.ts';
import type { ExecuteOutcome, RunFile, RunTest } from './execute.ts';
import type { CrashCause } from '../runtime/journal-format.ts';
import { reasonFromError, loadFailureReason, type Reason, type ReasonContext } from './reasons.ts';
import type { PathMapper } from './text.ts';

export interface AssembleContext {
  paths: PathMapper;
  submissionCopy: string;
  submissionLabel: string;
  limits: { loadTimeoutMs: number; memoryLimitMb: number; heapLimitMb: number; overallTimeoutMs: number; graceMs: number };
  /** Console output per suite file, already sanitized. */
  output: Map<string, string[]>;
  relativeSuite: (file: string) => string;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

function crashReason(cause: CrashCause, limits: AssembleContext['limits']): Reason {
  if (cause.kind === 'timeout') {
    // The watchdog's limit is the check's own plus a grace period; the check's is the one to report.
    const limit = Math.max(0, cause.limitMs - limits.graceMs);
    return { outcome: 'timeout', reason: `did not finish within ${seconds(limit)} and was stopped (an endless loop?)`, details: [] };
  }
  if (cause.kind === 'memory') {
    return { outcome: 'crashed', reason: `used more memory than allowed (${limits.memoryLimitMb} MB) and was stopped`, details: [] };
  }
  return {
    outcome: 'crashed',
    reason: `the test process died while this check ran: out of memory (heap limit ${limits.heapLimitMb} MB), process.kill/process.abort, or a crash`,
    details: [],
  };
}

function fileCrashReason(crash: NonNullable<RunFile['fileCrash']>, limits: AssembleContext['limits']): Reason {
  if (crash.while === 'loading') {
    if (crash.cause.kind === 'timeout') {
      return { outcome: 'timeout', reason: `the exercise file did not finish loading within ${seconds(limits.loadTimeoutMs)} (an endless loop at the top level?)`, details: [] };
    }
    const inner = crashReason(crash.cause, limits);
    return { outcome: inner.outcome, reason: `the exercise file stopped the test process while loading: ${inner.reason}`, details: [] };
  }
  if (crash.while === 'gave-up') {
    return { outcome: 'crashed', reason: 'not graded: the test process kept dying, even after re-running without the checks that stopped it', details: [] };
  }
  const inner = crashReason(crash.cause, limits);
  return { outcome: inner.outcome, reason: `not graded: the test process stopped between checks (${inner.reason.replace(/ while this check ran/, '')})`, details: [] };
}

function key(path: readonly string[]): string {
  return path.join('\u0000');
}

/** Results keyed by path; a repeated name gets its occurrence number appended, in both lists alike. */
function keyed<T extends { path: string[] }>(items: readonly T[]): Map<string, T> {
  const seen = new Map<string, number>();
  const out = new Map<string, T>();
  for (const item of items) {
    const base = key(item.path);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    out.set(count === 1 ? base : `${base}\u0000#${count}`, item);
  }
  return out;
}

function judge(check: ManifestCheck, test: RunTest | undefined, file: RunFile | undefined, context: AssembleContext): Reason & { passed: boolean } {
  const reasonContext: ReasonContext = {
    visibility: check.visibility,
    paths: context.paths,
    submissionCopy: context.submissionCopy,
    submissionLabel: context.submissionLabel,
    exerciseId: check.exerciseId,
  };
  const failed = (reason: Reason) => ({ ...reason, passed: false });
  if (!file) return failed({ outcome: 'not-run', reason: 'did not run', details: [] });
  if (test) {
    const culprit = file.culprits.get(test.taskId);
    if (culprit) return failed(crashReason(culprit, context.limits));
    if (test.state === 'passed') return { outcome: 'passed', reason: '', details: [], passed: true };
    if (test.state === 'failed') return failed(reasonFromError(test.errors[0], reasonContext));
    if (test.state === 'skipped') return failed({ outcome: 'failed', reason: 'was skipped, so it did not pass', details: [] });
  }
  if (file.loadErrors.length > 0) return failed(loadFailureReason(file.loadErrors[0], reasonContext));
  if (file.fileCrash) return failed(fileCrashReason(file.fileCrash, context.limits));
  if (file.stopped) {
    return failed({ outcome: 'not-run', reason: `not graded: grading stopped at its overall time limit of ${seconds(context.limits.overallTimeoutMs)}`, details: [] });
  }
  if (!test) return failed({ outcome: 'not-run', reason: 'did not run (the suite did not report this check)', details: [] });
  return failed({ outcome: 'not-run', reason: 'did not finish (its results were lost with the test process)', details: [] });
}

export function assemble(manifest: Manifest, execution: ExecuteOutcome, context: AssembleContext): ExerciseResult[] {
  const byExercise = new Map<string, ExerciseResult>();
  for (const manifestFile of manifest.files) {
    const file = execution.files.get(manifestFile.suiteFile);
    const runTests = keyed(file?.tests ?? []);
    const checks = keyed(manifestFile.checks.filter((check) => check.mode === 'run' || check.mode === 'only'));
    for (const [checkKey, check] of checks) {
      let exercise = byExercise.get(check.exerciseId);
      if (!exercise) {
        exercise = { id: check.exerciseId, points: 0, maxPoints: 0, status: 'failed', checks: [], suiteFiles: [], output: [] };
        byExercise.set(check.exerciseId, exercise);
      }
      const verdict = judge(check, runTests.get(checkKey), file, context);
      const test = runTests.get(checkKey);
      const result: CheckResult = {
        exerciseId: check.exerciseId,
        name: [check.exerciseId, ...check.path].join(' › '),
        index: exercise.checks.length + 1,
        status: verdict.passed ? 'passed' : 'failed',
        outcome: verdict.outcome as CheckOutcome,
        points: verdict.passed ? check.points : 0,
        maxPoints: check.points,
        visibility: check.visibility,
        reason: verdict.reason,
        details: verdict.details,
        ...(check.hint ? { hint: check.hint } : {}),
        durationMs: Math.round(test?.durationMs ?? 0),
      };
      exercise.checks.push(result);
      exercise.points += result.points;
      exercise.maxPoints += result.maxPoints;
    }
  }
  for (const manifestFile of manifest.files) {
    const id = manifestFile.checks[0]?.exerciseId;
    const exercise = id ? byExercise.get(id) : undefined;
    if (!exercise) continue;
    exercise.suiteFiles.push(context.relativeSuite(manifestFile.suiteFile));
    exercise.output.push(...(context.output.get(manifestFile.suiteFile) ?? []));
  }
  const exercises = [...byExercise.values()].sort((a, b) => a.id.localeCompare(b.id));
  for (const exercise of exercises) {
    const all = exercise.checks;
    if (all.length > 0 && all.every((check) => check.status === 'passed')) exercise.status = 'passed';
    else if (all.length > 0 && all.every((check) => check.outcome === 'not-started')) exercise.status = 'not-started';
    else exercise.status = exercise.points > 0 ? 'partial' : 'failed';
  }
  return exercises;
}
