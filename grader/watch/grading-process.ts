// One grading of `npm run watch`, in a child process (worker.ts): started with the exercises to
// grade, it resolves with the grader's result; `stop()` ends it and everything it started
// (process-tree.ts). The child is node with tsx's loader, so the pid we hold is the grader itself.
//
// Starting node with tsx and importing the grader and the library takes seconds of a re-grade on a
// busy machine, so a process is started ahead: it loads all that and waits for its one request on
// stdin. A save hands the request to that spare process, and once the grading is over the next spare
// starts while the learner reads. Each grading still has a process of its own (a stop ends it whole,
// nothing carries over from one grading to the next), and the suites are imported when the request
// comes, so a suite edited in between is the one graded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COURSE_ROOT, type GradeLimits, type GradeResult } from '../run.ts';
import { endProcessTree } from './process-tree.ts';

export interface WorkerRequest {
  ids: string[];
  exercisesDir: string;
  suiteDirs: string[];
  seed: number;
  limits?: Partial<GradeLimits>;
}

export interface Grading {
  /** The result, or an Error saying why the grader could not run; never rejects. */
  done: Promise<GradeResult | Error>;
  /** Ends the grading and every process it started; `done` then resolves with an Error. */
  stop(): Promise<void>;
}

const WORKER = join(fileURLToPath(new URL('.', import.meta.url)), 'worker.ts');
/** Starts the worker's one line of output (the rest of its stdout is ignored). */
export const RESULT_MARK = 'watch-result ';
const KEEP = 64 * 1024;

function spawnWorker(): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: COURSE_ROOT, // where `--import tsx` resolves
    detached: true, // not in the terminal's process group: a Ctrl-C reaches the watch, which ends it
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
}

/** Hands `request` to `child` (started by spawnWorker, ready or not: it reads stdin once it is). */
function gradeIn(child: ChildProcessWithoutNullStreams, request: WorkerRequest, output: { stdout: string; stderr: string }): Grading {
  let stopped = false;
  const done = new Promise<GradeResult | Error>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return resolve(new Error(`the grader ended (${child.signalCode ?? `code ${child.exitCode}`}) before its request${output.stderr.trim() ? `: ${output.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`));
    }
    child.once('error', (error) => resolve(new Error(`the grader did not start: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (stopped) return resolve(new Error('stopped'));
      const line = output.stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARK));
      if (!line) {
        const why = output.stderr.trim().split('\n').slice(-3).join(' | ');
        return resolve(new Error(`the grader ended (${signal ?? `code ${code}`}) without a result${why ? `: ${why}` : ''}`));
      }
      try {
        const parsed = JSON.parse(line.slice(RESULT_MARK.length)) as { result: GradeResult } | { error: string };
        resolve('result' in parsed ? parsed.result : new Error(parsed.error));
      } catch {
        resolve(new Error('the grader\'s result could not be read'));
      }
    });
  });
  child.stdin.on('error', () => undefined); // a worker that died first: `close` says why
  child.stdin.end(JSON.stringify(request) + '\n');
  return {
    done,
    stop: async () => {
      stopped = true;
      await endProcessTree(child);
    },
  };
}

interface Spare {
  child: ChildProcessWithoutNullStreams;
  output: { stdout: string; stderr: string };
}

/** The grading processes of one watch: at most one spare waiting, started again after each grading. */
export class GradingProcesses {
  private spare: Spare | undefined;
  private closed = false;

  /** Starts the spare now (at watch start, so the first save finds it ready). */
  warm(): void {
    if (this.closed || this.spare) return;
    const child = spawnWorker();
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => { output.stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { output.stderr = (output.stderr + chunk.toString('utf8')).slice(-KEEP); });
    child.on('error', () => undefined); // reported by the grading that uses it
    this.spare = { child, output };
  }

  /** A grading of `request` in the spare process (started now if there is none); the next spare starts after it. */
  start(request: WorkerRequest): Grading {
    this.warm();
    const { child, output } = this.spare!;
    this.spare = undefined;
    const grading = gradeIn(child, request, output);
    void grading.done.then(() => this.warm());
    return grading;
  }

  /** Ends the spare; no other starts. The running grading is the scheduler's to stop. */
  async close(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = undefined;
    if (spare) await endProcessTree(spare.child);
  }
}

/** One grading in a process of its own, started now (no spare kept). */
export function startGrading(request: WorkerRequest): Grading {
  const processes = new GradingProcesses();
  const grading = processes.start(request);
  void processes.close();
  return grading;
}
