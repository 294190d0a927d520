// Grades one submission in its own child process: the grade CLI (`tsx grader/cli.ts`), in a process
// group of its own so that a time limit kills the grader and everything it started (SIGKILL to the
// group). The child is the isolation boundary of class grading: whatever a submission does, it can only
// end its own grading run, never the batch.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageSubmission, SubmissionError, type SubmissionLayout } from './stage.ts';
import { maxScoreOf, readResults, type Results } from './results.ts';

export const COURSE_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Tests may point class grading at another grader script (run with tsx like grader/cli.ts). */
export const GRADER_SCRIPT_ENV = 'GRADE_CLASS_GRADER';

export interface GradeOneOptions {
  studentId: string;
  /** The student's folder (exercises/ layout or a repository containing exercises/). */
  submission: string;
  /** Exercise ids or filters passed to the grader (all when empty). */
  exercises: string[];
  seed?: number;
  timeoutMs: number;
  /** Pass --student to the grader (when its CLI lists the flag). */
  passStudent: boolean;
  /** Where the grader's console output is kept (capped), for diagnosis. */
  logFile?: string;
  courseRoot?: string;
  signal?: AbortSignal;
  /** More grader flags, e.g. ['--suites', dir]. */
  extraArgs?: string[];
}

export type GradeOneOutcome =
  | { ok: true; results: Results; layout: SubmissionLayout; durationMs: number; note?: string }
  | { ok: false; reason: string; layout?: SubmissionLayout; durationMs: number };

const LOG_CAP = 256 * 1024;

function graderCommand(courseRoot: string): { command: string; args: string[] } {
  const tsx = join(courseRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const script = process.env[GRADER_SCRIPT_ENV] ? resolve(process.env[GRADER_SCRIPT_ENV]!) : join(courseRoot, 'grader', 'cli.ts');
  return { command: process.execPath, args: [tsx, script] };
}

/** Whether the grade CLI of this course lists a flag in its --help (e.g. --student). */
export async function graderSupports(flag: string, courseRoot = COURSE_ROOT): Promise<boolean> {
  const { command, args } = graderCommand(courseRoot);
  return new Promise((resolvePromise) => {
    execFile(command, [...args, '--help'], { cwd: courseRoot, timeout: 60_000 }, (error, stdout) => {
      resolvePromise(!error && new RegExp(`(^|\\s)${flag}(\\s|$|[ <=,])`, 'm').test(stdout));
    });
  });
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function lastLine(text: string): string {
  const lines = text.replace(ANSI, '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const line = lines.at(-1) ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

export async function gradeOne(options: GradeOneOptions): Promise<GradeOneOutcome> {
  const started = Date.now();
  const courseRoot = options.courseRoot ?? COURSE_ROOT;
  const scratch = mkdtempSync(join(tmpdir(), 'grade-class-'));
  try {
    let staged;
    try {
      staged = stageSubmission(options.submission, join(scratch, 'exercises'));
    } catch (error) {
      if (error instanceof SubmissionError) return { ok: false, reason: error.message, durationMs: Date.now() - started };
      throw error;
    }
    const resultsFile = join(scratch, 'results.json');
    const { command, args } = graderCommand(courseRoot);
    const gradeArgs = [...args, ...options.exercises, '--submission', staged.stagedDir, '--json', resultsFile, '--no-color'];
    if (options.seed !== undefined) gradeArgs.push('--seed', String(options.seed));
    if (options.passStudent) gradeArgs.push('--student', options.studentId);
    gradeArgs.push(...(options.extraArgs ?? []));

    const child = spawn(command, gradeArgs, {
      cwd: courseRoot,
      detached: true, // its own process group, killed as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let log = '';
    let stderr = '';
    const keep = (chunk: Buffer, isErr: boolean): void => {
      const text = chunk.toString('utf8');
      if (log.length < LOG_CAP) log += text.slice(0, LOG_CAP - log.length);
      if (isErr) stderr = (stderr + text).slice(-8192);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, false));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, true));

    let timedOut = false;
    let aborted = false;
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolveExit) => {
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid);
      }, options.timeoutMs);
      const onAbort = (): void => {
        aborted = true;
        killGroup(child.pid);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.once('error', (error) => {
        clearTimeout(timer);
        resolveExit({ code: null, signal: null, error });
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolveExit({ code, signal });
      });
    });
    // Whatever the grader left running (workers of a killed grader) goes with its group.
    killGroup(child.pid);
    if (options.logFile) {
      try {
        writeFileSync(options.logFile, log.replace(ANSI, ''));
      } catch {
        // The log is a convenience; grading does not depend on it.
      }
    }
    const durationMs = Date.now() - started;
    const layout = staged.layout;
    if (aborted) return { ok: false, reason: 'interrupted', layout, durationMs };
    if (timedOut) return { ok: false, reason: `time limit of ${Math.round(options.timeoutMs / 1000)} s`, layout, durationMs };
    if (exit.error) return { ok: false, reason: `the grader did not start: ${exit.error.message}`, layout, durationMs };
    if (exit.signal) return { ok: false, reason: `the grader was killed by ${exit.signal}`, layout, durationMs };
    if (exit.code !== 0 && exit.code !== 1) {
      const why = lastLine(stderr);
      return { ok: false, reason: `the grader exited with code ${exit.code}${why ? `: ${why}` : ''}`, layout, durationMs };
    }
    if (!existsSync(resultsFile)) return { ok: false, reason: 'the grader wrote no results.json', layout, durationMs };
    let results: Results;
    try {
      results = readResults(resultsFile);
    } catch (error) {
      return { ok: false, reason: (error as Error).message, layout, durationMs };
    }
    if (results.tests.length === 0 || !(maxScoreOf(results) > 0)) {
      // A run that found no checks is the grader's failure, not a score of zero.
      const why = (results.output ?? '').split('\n').find((line) => line.startsWith('warning:'));
      return { ok: false, reason: `the grader reported no checks${why ? ` (${why.slice(0, 160)})` : ''}`, layout, durationMs };
    }
    const note = staged.skipped.length > 0 ? `left out: ${staged.skipped.slice(0, 5).join(', ')}` : undefined;
    return { ok: true, results, layout, durationMs, ...(note ? { note } : {}) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
