// The runner: every mutant graded by the grader itself (runGrade() of grader/run.ts), in this one
// process, a few at a time. A mutant's submission is a temporary copy of solutions/<id> with the one
// file patched; it is graded with `bail` (the exercise stops at its first failed check) at the first
// grading seed, and only the survivors are graded again at the next seed. Killed = less than full
// marks: a failed check, a throw, a load error, and a timeout or crash, which the grader's own limits
// produce for endless loops and runaway memory.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runGrade, type ExerciseResult, type GradeLimits } from '../run.ts';
import { applyPatch } from './mutants.ts';
import type { Mutant, MutantResult } from './types.ts';

export interface RunnerOptions {
  /** Folder holding the solution folders (solutions/). */
  solutionsDir: string;
  /** Suite directories, as runGrade's suiteDirs. */
  suiteDirs: string[];
  /** Grading seeds, in order (default [1, 2]). */
  seeds: number[];
  /** Mutants graded at the same time. */
  concurrency: number;
  limits?: Partial<GradeLimits>;
  isolation?: string;
  /** Called after each graded mutant (and baseline). */
  onGraded?: (event: GradedEvent) => void;
  /** Called when a seed's round starts, with the mutants it grades. */
  onRound?: (seed: number, mutants: readonly Mutant[]) => void;
}

export type GradedEvent =
  | { kind: 'baseline'; exerciseId: string; seed: number; ms: number; full: boolean }
  | { kind: 'mutant'; mutant: MutantResult; seed: number; killed: boolean };

export interface Baseline {
  exerciseId: string;
  /** Full marks at every seed. */
  ok: boolean;
  /** When not: the seed and the first failed check. */
  failure?: string;
  ms: number;
}

/** Runs `tasks` with at most `limit` at a time, keeping their order in the result. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

/** The first check that did not pass, in a line. */
function firstFailure(exercise: ExerciseResult): { check: string; outcome: string; reason: string } | undefined {
  const failed = exercise.checks.find((check) => check.status === 'failed' && check.outcome !== 'not-run') ?? exercise.checks.find((check) => check.status === 'failed');
  return failed ? { check: failed.name, outcome: failed.outcome, reason: failed.reason } : undefined;
}

export class MutationRunner {
  private readonly scratch: string;
  private counter = 0;

  constructor(private readonly options: RunnerOptions) {
    this.scratch = mkdtempSync(join(tmpdir(), 'rnn-mutate-'));
  }

  /** Grades the solution of `exerciseId` with at most one file patched, at one seed. */
  async grade(exerciseId: string, seed: number, mutant?: Mutant): Promise<{ exercise: ExerciseResult; ms: number }> {
    const started = Date.now();
    const submission = join(this.scratch, String(++this.counter));
    const target = join(submission, exerciseId);
    mkdirSync(submission, { recursive: true });
    cpSync(join(this.options.solutionsDir, exerciseId), target, { recursive: true });
    if (mutant) {
      const file = join(target, mutant.file);
      writeFileSync(file, applyPatch(readFileSync(file, 'utf8'), mutant));
    }
    try {
      const result = await runGrade({
        submissionDir: submission,
        submissionLabel: mutant ? `mutant ${mutant.id}` : 'solutions',
        suiteDirs: this.options.suiteDirs,
        filters: [exerciseId],
        seed,
        workers: 1,
        bail: true,
        ...(this.options.limits ? { limits: this.options.limits } : {}),
        ...(this.options.isolation ? { isolation: this.options.isolation } : {}),
      });
      const exercise = result.exercises.find((e) => e.id === exerciseId);
      if (!exercise) throw new Error(`the grader returned no result for ${exerciseId}`);
      return { exercise, ms: Date.now() - started };
    } finally {
      rmSync(submission, { recursive: true, force: true });
    }
  }

  /** The unchanged solutions must get full marks at every seed, or no mutant of theirs means anything. */
  async baselines(exerciseIds: string[]): Promise<Baseline[]> {
    const tasks = exerciseIds.map((exerciseId) => async (): Promise<Baseline> => {
      let ms = 0;
      for (const seed of this.options.seeds) {
        const { exercise, ms: took } = await this.grade(exerciseId, seed);
        ms += took;
        const full = exercise.points === exercise.maxPoints;
        this.options.onGraded?.({ kind: 'baseline', exerciseId, seed, ms: took, full });
        if (!full) {
          const failure = firstFailure(exercise);
          return { exerciseId, ok: false, ms, failure: `seed ${seed}: ${failure ? `${failure.check}: ${failure.reason}` : `${exercise.points}/${exercise.maxPoints}`}` };
        }
      }
      return { exerciseId, ok: true, ms };
    });
    return pool(this.options.concurrency, tasks);
  }

  /** Grades every mutant: all at the first seed, the survivors at the next, and so on. */
  async run(mutants: Mutant[]): Promise<MutantResult[]> {
    const results = new Map<string, MutantResult>(mutants.map((mutant) => [mutant.id, { ...mutant, status: 'survived', ms: 0 }]));
    let alive = [...mutants];
    for (const seed of this.options.seeds) {
      if (alive.length === 0) break;
      this.options.onRound?.(seed, alive);
      const killed = await pool(this.options.concurrency, alive.map((mutant) => async () => {
        const { exercise, ms } = await this.grade(mutant.exerciseId, seed, mutant);
        const result = results.get(mutant.id)!;
        result.ms += ms;
        const dead = exercise.points < exercise.maxPoints;
        if (dead) {
          result.status = 'killed';
          const failure = firstFailure(exercise);
          result.killedBy = { seed, check: failure?.check ?? '', outcome: failure?.outcome ?? '', reason: failure?.reason ?? `${exercise.points}/${exercise.maxPoints}` };
        }
        this.options.onGraded?.({ kind: 'mutant', mutant: result, seed, killed: dead });
        return dead;
      }));
      alive = alive.filter((_, index) => !killed[index]);
    }
    return mutants.map((mutant) => results.get(mutant.id)!);
  }

  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
