// Judging one exercise: its checks run one after another in this (the grading) process; each
// probe call goes to the exercise's sandboxed process, which is started on first use and started
// afresh after it was killed, so a death costs exactly the check that was running. Only what a
// check body decides here counts: the submission's process sends data, never verdicts.
import { encode } from '../sandbox/codec.ts';
import { CheckFailure, type FailureKind } from '../kit/failure.ts';
import { seededRandom } from '../kit/random.ts';
import { withCheck } from '../kit/state.ts';
import type { CheckContext, ProbeFunction, RegisteredCheck, RunOptions } from '../kit/check.ts';
import type { CheckOutcome, CheckResult, ExerciseResult } from '../engine/types.ts';
import { oneLine, safeLines } from '../engine/text.ts';
import { SandboxProcess, type CallResult, type SandboxLimits } from './sandbox-process.ts';
import type { IntakeOutcome } from './intake.ts';
import type { Launch } from './isolation.ts';

export interface JudgeLimits extends SandboxLimits {
  /** A probe call's time limit when the check sets none (ms). */
  callTimeoutMs: number;
  /** All checks of one exercise (ms); checks not reached by then are not run. */
  exerciseTimeoutMs: number;
}

export interface ExerciseJob {
  id: string;
  checks: RegisteredCheck[];
  intake: IntakeOutcome;
  /** How to start the exercise's sandboxed process (a fresh one after each kill). */
  launch: () => Launch;
  seed: number;
  limits: JudgeLimits;
  /** How the submission folder is named in messages, e.g. "exercises". */
  label: string;
  /** The whole run's deadline (epoch ms). */
  overallDeadline: number;
  /** The hint level reached for a check (its path joined with ' › '); 0 when absent. */
  hintLevel?: (checkName: string) => number;
  /** Stop at the first failed check: the checks after it are recorded as not run (see GradeOptions.bail). */
  bail?: boolean;
  /** Grade only these checks (by path joined with ' › '); the rest are not run (see GradeOptions.onlyChecks). */
  onlyChecks?: (checkName: string) => boolean;
  /** Sees each probe's source before it is sent (see GradeOptions.onProbe). */
  onProbe?: (checkName: string, probeSource: string) => void;
  /** A tighter per-call limit for a check (see GradeOptions.checkTimeoutMs). */
  checkTimeoutMs?: (checkName: string) => number | undefined;
}

/** Standard error classes may be named in hidden checks; any other name is the submission's own text. */
const STANDARD_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The hint level to show: the one reached, clamped to the levels the check has. */
function hintFields(hints: string[], reached: number): { hint?: string; hintLevel?: number; hintLevels?: number } {
  if (hints.length === 0) return {};
  const level = Math.max(0, Math.min(hints.length - 1, Number.isInteger(reached) ? reached : 0));
  return { hint: hints[level], hintLevel: level, hintLevels: hints.length };
}

/** Probe functions travel as source text, so they must be function expressions. */
function probeSource(probe: unknown): string {
  if (typeof probe !== 'function') throw new TypeError(`run(): the probe must be a function, got ${typeof probe}`);
  const source = Function.prototype.toString.call(probe);
  if (!/^(async\s*)?(\(|function\b|[A-Za-z_$][\w$]*\s*=>)/.test(source)) {
    throw new TypeError('run(): the probe must be an arrow function or a function expression (a method shorthand cannot be sent)');
  }
  return source;
}

function probeFailure(result: Exclude<CallResult, { kind: 'value' }>, hidden: boolean, job: ExerciseJob, timeoutMs: number): CheckFailure {
  const fail = (kind: FailureKind, message: string) => new CheckFailure(kind, message);
  if (result.kind === 'error') {
    const { name, phase, where } = result.error;
    // The first line only: further lines of a thrown message could pass for grader lines.
    const message = result.error.message.split('\n')[0];
    const at = where ? ` (at ${job.label}/${job.id}/${where})` : '';
    if (name === 'NotImplementedError') {
      const what = /Not implemented yet: (.*?) \(/.exec(message)?.[1] ?? 'this part';
      const file = where ? `${job.label}/${job.id}/${where.split(':')[0]}` : `${job.label}/${job.id}`;
      return fail('not-started', `not started — implement \`${oneLine(what, 80)}\` in ${file}`);
    }
    const shownName = STANDARD_ERRORS.has(name) ? name : 'an error';
    if (name === 'non-error') {
      return fail('threw', hidden ? 'threw a value that is not an Error' : `threw a value that is not an Error: ${oneLine(message, 100)}`);
    }
    if (phase === 'load') {
      const module = message.split(':')[0];
      // What the judge itself found when it took the file in outranks what the process says.
      const syntax = job.intake.kind === 'copied' ? job.intake.syntaxErrors.find((error) => error.startsWith(`${module}:`)) : undefined;
      if (syntax) return fail('load-error', `the exercise file failed to load: SyntaxError at ${job.label}/${job.id}/${syntax}`);
      if (name === 'MissingFile') return fail('load-error', `the exercise file is missing: ${job.label}/${job.id}/${module}`);
      if (message.endsWith('did not finish loading earlier in this run (poisoned)')) {
        return fail('load-error', `${job.label}/${job.id}/${module} did not finish loading earlier in this run (an endless loop at the top level?)`);
      }
      return fail('load-error', hidden
        ? `the exercise file failed to load: ${shownName}${at}`
        : `the exercise file failed to load: ${name}: ${oneLine(message, 300)}`);
    }
    return fail('threw', hidden ? `the code threw ${shownName}${at}` : `the code threw ${name}: ${oneLine(message, 300)}${at}`);
  }
  switch (result.why) {
    case 'timeout':
      return fail('timeout', result.loading
        ? `${job.label}/${job.id}/${result.loading} did not finish loading within ${seconds(timeoutMs)} and was stopped (an endless loop at the top level?)`
        : `did not finish within ${seconds(timeoutMs)} and was stopped (an endless loop, or a promise that never settles?)`);
    case 'memory':
      return fail('crashed', `used more than ${job.limits.memoryMb} MB of memory and was stopped`);
    case 'too-large':
      return fail('crashed', `returned a result too large to check: ${result.detail}`);
    case 'protocol':
      return fail('crashed', 'the submission\'s process broke the grader\'s protocol (it wrote to the grader\'s channel?) and was stopped');
    case 'start':
      return fail('could-not-grade', `could not grade: ${result.detail}`);
    default:
      return fail('crashed', `the process running the submission ended while this check ran (process.exit, a kill, or a crash)${result.loading ? ` while loading ${result.loading}` : ''}`);
  }
}

const OUTCOME_OF: Record<FailureKind, CheckOutcome> = {
  mismatch: 'failed', shape: 'failed', nonfinite: 'failed', type: 'failed', assertion: 'failed',
  'not-started': 'not-started', 'load-error': 'load-error', threw: 'failed', timeout: 'timeout', crashed: 'crashed', 'could-not-grade': 'could-not-grade',
};

export async function judgeExercise(job: ExerciseJob): Promise<ExerciseResult> {
  const exerciseDeadline = Date.now() + job.limits.exerciseTimeoutMs;
  const poisoned = new Set<string>();
  const printed: string[] = [];
  let sandbox: SandboxProcess | null = null;
  let requestId = 0;
  let busy = false;
  const retire = () => {
    if (!sandbox) return;
    const { text, dropped } = sandbox.printed();
    printed.push(text + (dropped > 0 ? `\n… ${dropped} more bytes not kept` : ''));
    sandbox.kill();
    sandbox = null;
  };

  const checks: CheckResult[] = [];
  let bailedAt: string | null = null;
  // Start the sandbox now rather than at the first probe call: it boots (~0.5 s) while the first
  // check computes its references here. Only when some check will run and the files were taken in.
  if (job.intake.kind !== 'refused' && job.intake.kind !== 'missing'
    && job.checks.some((check) => !job.onlyChecks || job.onlyChecks(check.path.join(' › ')))) {
    sandbox = new SandboxProcess(job.launch(), job.limits);
  }
  for (const [position, check] of job.checks.entries()) {
    const fullName = check.path.join(' › ');
    const hidden = check.visibility === 'hidden';
    const base = {
      exerciseId: job.id, name: [job.id, ...check.path].join(' › '), index: position + 1, maxPoints: check.points,
      visibility: check.visibility, ...hintFields(check.hints, job.hintLevel?.(fullName) ?? 0),
    };
    const started = Date.now();
    const record = (outcome: CheckOutcome, reason: string, details: string[] = []) => {
      if (job.bail && outcome !== 'passed' && outcome !== 'not-run') bailedAt ??= base.name;
      checks.push({ ...base, status: outcome === 'passed' ? 'passed' : 'failed', outcome, points: outcome === 'passed' ? check.points : 0, reason, details, durationMs: Date.now() - started });
    };
    if (job.intake.kind === 'refused') { record('could-not-grade', `could not grade: ${job.intake.reason}`); continue; }
    if (job.intake.kind === 'missing') { record('load-error', `${job.label}/${job.id} was not found in the submission`); continue; }
    if (job.onlyChecks && !job.onlyChecks(fullName)) { record('not-run', 'not graded: not selected'); continue; }
    if (bailedAt !== null) { record('not-run', `not graded: stopped at the first failed check (${bailedAt})`); continue; }
    if (Date.now() > job.overallDeadline) { record('not-run', 'not graded: grading reached its overall time limit'); continue; }
    if (Date.now() > exerciseDeadline) { record('not-run', `not graded: ${job.id} used up its time limit of ${seconds(job.limits.exerciseTimeoutMs)}`); continue; }

    const context: CheckContext = {
      rng: seededRandom(hidden ? `${job.seed}|${fullName}` : `visible|${fullName}`),
      name: fullName,
      run: async <I>(probe: ProbeFunction<I>, input: I, options: RunOptions = {}) => {
        // One call at a time: the process answers one request before it reads the next.
        if (busy) throw new Error('run(): a check must await each probe call before starting the next (no Promise.all over run)');
        busy = true;
        try {
          return await callProbe(probe, input, options);
        } finally {
          busy = false;
        }
      },
    };
    const callProbe = async <I>(probe: ProbeFunction<I>, input: I, options: RunOptions) => {
        const source = probeSource(probe);
        job.onProbe?.(fullName, source);
        const declared = options.timeout ?? check.timeout ?? job.limits.callTimeoutMs;
        const tighter = job.checkTimeoutMs?.(fullName);
        const timeoutMs = tighter !== undefined && tighter > 0 ? Math.min(declared, tighter) : declared;
        sandbox ??= new SandboxProcess(job.launch(), job.limits);
        const result = await sandbox.call({ id: ++requestId, source, input: encode(input), poisoned: [...poisoned] }, timeoutMs);
        if (result.kind === 'value') return result.value;
        if (result.kind === 'killed') {
          if (result.loading) poisoned.add(result.loading);
          retire();
        }
        throw probeFailure(result, hidden, job, timeoutMs);
    };
    try {
      await withCheck(check.visibility, async () => { await check.body(Object.freeze(context)); });
      record('passed', '');
    } catch (error) {
      if (error instanceof CheckFailure) {
        const [first, ...rest] = error.message.split('\n');
        record(OUTCOME_OF[error.kind], first, rest);
      } else {
        // The judge tripped over the shape of what came back (or a suite bug, which the course proof catches).
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        record('failed', hidden ? 'returned a value of an unexpected form' : `returned a value of an unexpected form (${oneLine(message, 200)})`);
      }
    }
  }
  retire();

  const points = checks.reduce((sum, c) => sum + c.points, 0);
  const maxPoints = checks.reduce((sum, c) => sum + c.maxPoints, 0);
  let status: ExerciseResult['status'];
  if (checks.length > 0 && checks.every((c) => c.status === 'passed')) status = 'passed';
  else if (checks.length > 0 && checks.every((c) => c.outcome === 'could-not-grade')) status = 'could-not-grade';
  else if (checks.length > 0 && checks.every((c) => c.outcome === 'not-started')) status = 'not-started';
  else status = points > 0 ? 'partial' : 'failed';
  const output = safeLines(printed.join('\n').trim(), 200, 300);
  return { id: job.id, points, maxPoints, status, checks, suiteFiles: [], output };
}
