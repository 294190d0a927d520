// One grading of `npm run watch`, in a child process (worker.ts): started with the exercises to
// grade, it resolves with the grader's result; `stop()` ends it and everything it started
// (process-tree.ts). The child is node with tsx's loader, so the pid we hold is the grader itself.
import { spawn } from 'node:child_process';
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

export function startGrading(request: WorkerRequest): Grading {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(request)], {
    cwd: COURSE_ROOT, // where `--import tsx` resolves
    detached: true, // not in the terminal's process group: a Ctrl-C reaches the watch, which ends it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-KEEP); });
  let stopped = false;
  const done = new Promise<GradeResult | Error>((resolve) => {
    child.once('error', (error) => resolve(new Error(`the grader did not start: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (stopped) return resolve(new Error('stopped'));
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_MARK));
      if (!line) {
        const why = stderr.trim().split('\n').slice(-3).join(' | ');
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
  return {
    done,
    stop: async () => {
      stopped = true;
      await endProcessTree(child);
    },
  };
}
