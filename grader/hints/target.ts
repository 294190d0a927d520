// Which check `npm run hint` (and the watch's `h` key) gives the next hint for: the first failing
// check of the exercise that has hints, preferring one the learner has started (a check still at the
// starter's todo() shows no hint in the report, so a started check that fails comes first).
import type { CheckResult, ExerciseResult } from '../engine/types.ts';

/** The number a learner types for an exercise (`04` for 04-sine-prediction), else its whole id. */
export function shortId(exerciseId: string): string {
  return /^(\d+)-/.exec(exerciseId)?.[1] ?? exerciseId;
}

/** The command that reveals the next hint level of an exercise's first failing check. */
export function hintCommand(exerciseId: string): string {
  return `npm run hint -- ${shortId(exerciseId)}`;
}

export function hintTarget(exercise: Pick<ExerciseResult, 'checks'>): CheckResult | undefined {
  const failing = exercise.checks.filter((check) => check.status === 'failed' && (check.hintLevels ?? 0) > 0);
  return failing.find((check) => check.outcome !== 'not-started') ?? failing[0];
}
