// The course progress the watch shows: how many exercises are complete (every check passes) out of
// all, and the next step — the first exercise row of the table of contents (toc.ts) that is not
// complete, with the lesson row before it. Exercises the grader knows but the table does not list
// come after the table's, in id order.
import type { ExerciseResult } from '../engine/types.ts';
import { lessonBefore, type TocStep } from './toc.ts';

export type Known = Pick<ExerciseResult, 'status' | 'points' | 'maxPoints'>;

export interface NextStep {
  exerciseId: string;
  /** Its row in the table of contents (absent for an exercise the table does not list). */
  row?: TocStep;
  /** The lesson row before it. */
  lesson?: TocStep;
  /** Its last known result; absent while it has not been graded. */
  known?: Known;
}

export interface Progress {
  complete: number;
  total: number;
  /** Exercises with no result yet (being graded). */
  unknown: number;
  /** Absent when every exercise is complete. */
  next?: NextStep;
}

/** `gradable`: the exercise ids the suites grade; `known`: the last result of each graded one. */
export function progressOf(gradable: readonly string[], known: ReadonlyMap<string, Known>, toc: readonly TocStep[]): Progress {
  const listed = toc.filter((step) => step.kind === 'exercise').map((step) => step.id);
  const order = [...new Set([...listed, ...[...gradable].sort().filter((id) => !listed.includes(id))])];
  const complete = order.filter((id) => known.get(id)?.status === 'passed').length;
  const unknown = order.filter((id) => !known.has(id)).length;
  const nextId = order.find((id) => known.get(id)?.status !== 'passed');
  if (nextId === undefined) return { complete, total: order.length, unknown };
  const known_ = known.get(nextId);
  const row = toc.find((step) => step.kind === 'exercise' && step.id === nextId);
  const lesson = lessonBefore(toc, nextId);
  return {
    complete,
    total: order.length,
    unknown,
    next: { exerciseId: nextId, ...(row ? { row } : {}), ...(lesson ? { lesson } : {}), ...(known_ ? { known: known_ } : {}) },
  };
}
