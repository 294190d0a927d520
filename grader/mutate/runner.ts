// The runner: every mutant graded by the grader itself (runGrade() of grader/run.ts), in this one
// process, a few at a time. A mutant's submission is a temporary copy of solutions/<id> with the one
// file patched; it is graded with `bail` (the exercise stops at its first failed check) at the first
// grading seed, and only the survivors are graded again at the next seed. Killed = less than full
// marks: a failed check, a throw, a load error, and a timeout or crash, which the grader's own limits
// produce for endless loops and runaway memory.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadExercises, runGrade, type ExerciseResult, type GradeLimits } from '../run.ts';
import { findSuites } from '../engine/suites.ts';
import { CheckLoads, importGraph } from './affected.ts';
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
  /**
   * A mutant's probe calls get at most timeoutFactor × (the longest time the unchanged solution's check
   * took at any seed) + timeoutSlackMs (never more than the suite allows), as Stryker's timeoutFactor:
   * endless loops are cut in seconds. Defaults 4 and 3000 ms; 0 for timeoutFactor keeps the suite's limits.
   */
  timeoutFactor?: number;
  timeoutSlackMs?: number;
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
  /**
   * Files whose mutants are graded on every check, because grading only the checks that load them
   * did not give the unchanged solution full marks (those checks lean on state left by others).
   */
  fallbacks?: string[];
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
  /** Per exercise and mutated file: the checks (names without the exercise id) its mutants are graded on. */
  private readonly selections = new Map<string, string[]>();
  /** Per exercise and check (name without the exercise id): the longest baseline time, in ms. */
  private readonly checkMs = new Map<string, number>();

  constructor(private readonly options: RunnerOptions) {
    this.scratch = mkdtempSync(join(tmpdir(), 'rnn-mutate-'));
  }

  /** Grades the solution of `exerciseId` with at most one file patched, at one seed. */
  async grade(exerciseId: string, seed: number, mutant?: Mutant, only?: readonly string[], onProbe?: (check: string, source: string) => void): Promise<{ exercise: ExerciseResult; ms: number; full: boolean }> {
    const factor = this.options.timeoutFactor ?? 4;
    const slack = this.options.timeoutSlackMs ?? 3000;
    const started = Date.now();
    const selected = only ? new Set(only) : null;
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
        ...(only ? { onlyChecks: (_id: string, check: string) => selected!.has(check) } : {}),
        ...(mutant && factor > 0 ? {
          checkTimeoutMs: (_id: string, check: string) => {
            const ms = this.checkMs.get(`${exerciseId}\0${check}`);
            return ms === undefined ? undefined : Math.ceil(factor * ms + slack);
          },
        } : {}),
        ...(onProbe ? { onProbe: (_id: string, check: string, source: string) => onProbe(check, source) } : {}),
        ...(this.options.limits ? { limits: this.options.limits } : {}),
        ...(this.options.isolation ? { isolation: this.options.isolation } : {}),
      });
      const exercise = result.exercises.find((e) => e.id === exerciseId);
      if (!exercise) throw new Error(`the grader returned no result for ${exerciseId}`);
      // Full marks on the checks graded: every check, or the selected ones (the rest are not run).
      const prefix = `${exerciseId} › `;
      const graded = exercise.checks.filter((check) => !selected || selected.has(check.name.slice(prefix.length)));
      const full = graded.every((check) => check.status === 'passed');
      return { exercise, ms: Date.now() - started, full };
    } finally {
      rmSync(submission, { recursive: true, force: true });
    }
  }

  /**
   * The unchanged solutions must get full marks at every seed, or no mutant of theirs means anything.
   * These gradings also record which files each check's probes load; then, for each file in
   * `mutatedFiles`, the checks that can reach it are graded alone on the unchanged solution at every
   * seed, which must again give full marks before that file's mutants are graded on those checks only.
   */
  async baselines(exerciseIds: string[], mutatedFiles: Map<string, string[]> = new Map()): Promise<Baseline[]> {
    const checksOf = await loadExercises(findSuites(this.options.suiteDirs).filter((suite) => exerciseIds.includes(suite.exerciseId)));
    const tasks = exerciseIds.map((exerciseId) => async (): Promise<Baseline> => {
      let ms = 0;
      const names = (checksOf.get(exerciseId) ?? []).map((check) => check.path.join(' › '));
      const loads = new CheckLoads(names, importGraph(join(this.options.solutionsDir, exerciseId)));
      for (const seed of this.options.seeds) {
        const { exercise, ms: took, full } = await this.grade(exerciseId, seed, undefined, undefined, (check, source) => loads.record(check, source));
        ms += took;
        for (const check of exercise.checks) {
          const key = `${exerciseId}\0${check.name.slice(exerciseId.length + 3)}`;
          this.checkMs.set(key, Math.max(this.checkMs.get(key) ?? 0, check.durationMs));
        }
        this.options.onGraded?.({ kind: 'baseline', exerciseId, seed, ms: took, full });
        if (!full) {
          const failure = firstFailure(exercise);
          return { exerciseId, ok: false, ms, failure: `seed ${seed}: ${failure ? `${failure.check}: ${failure.reason}` : `${exercise.points}/${exercise.maxPoints}`}` };
        }
      }
      const fallbacks: string[] = [];
      const proven = new Map<string, boolean>();
      for (const file of mutatedFiles.get(exerciseId) ?? []) {
        let only = loads.affectedBy(file);
        if (only.length > 0 && only.length < names.length) {
          const key = only.join('\0');
          if (!proven.has(key)) {
            let holds = true;
            for (const seed of this.options.seeds) {
              const { ms: took, full } = await this.grade(exerciseId, seed, undefined, only);
              ms += took;
              if (!full) { holds = false; break; }
            }
            proven.set(key, holds);
          }
          if (!proven.get(key)) {
            fallbacks.push(file);
            only = names;
          }
        }
        this.selections.set(`${exerciseId}\0${file}`, only);
      }
      return { exerciseId, ok: true, ms, ...(fallbacks.length > 0 ? { fallbacks } : {}) };
    });
    return pool(this.options.concurrency, tasks);
  }

  /** The checks (names without the exercise id) a mutant is graded on; undefined = every check. */
  checksFor(mutant: Mutant): readonly string[] | undefined {
    return this.selections.get(`${mutant.exerciseId}\0${mutant.file}`);
  }

  /** Grades every mutant: all at the first seed, the survivors at the next, and so on. */
  async run(mutants: Mutant[]): Promise<MutantResult[]> {
    const results = new Map<string, MutantResult>(mutants.map((mutant) => [mutant.id, { ...mutant, status: 'survived', ms: 0 }]));
    let alive = [...mutants];
    for (const seed of this.options.seeds) {
      if (alive.length === 0) break;
      this.options.onRound?.(seed, alive);
      const killed = await pool(this.options.concurrency, alive.map((mutant) => async () => {
        const result = results.get(mutant.id)!;
        const only = this.checksFor(mutant);
        if (only !== undefined && only.length === 0) {
          // No check loads this file: nothing the suite grades can change, so it survives ungraded.
          this.options.onGraded?.({ kind: 'mutant', mutant: result, seed, killed: false });
          return false;
        }
        const { exercise, ms, full } = await this.grade(mutant.exerciseId, seed, mutant, only);
        result.ms += ms;
        const dead = !full;
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
