// Gradescope's results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
import type { GradeResult } from '../engine/types.ts';
import { hintLabel, showsHint } from './terminal.ts';

export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'text';
  tags: string[];
  visibility: GradescopeVisibility;
}

export interface GradescopeResults {
  score: number;
  /** Not read by Gradescope (it uses the assignment's points) but what other tools and people look for first. */
  max_score: number;
  execution_time: number;
  output: string;
  output_format: 'text';
  visibility: GradescopeVisibility;
  stdout_visibility: GradescopeVisibility;
  extra_data: Record<string, unknown>;
  tests: GradescopeTest[];
}

function exerciseNumber(id: string, fallback: number): number {
  const match = /^(\d+)/.exec(id);
  return match ? Number(match[1]) : fallback;
}

export function toGradescope(result: GradeResult, options: { hiddenVisibility?: GradescopeVisibility } = {}): GradescopeResults {
  const tests: GradescopeTest[] = [];
  result.exercises.forEach((exercise, position) => {
    const number = exerciseNumber(exercise.id, position + 1);
    for (const check of exercise.checks) {
      const lines = check.status === 'passed' ? [] : [check.reason, ...check.details];
      // The level shown is the one the grading used: the first for a submission graded here (no local state).
      if (showsHint(check)) lines.push(`${hintLabel(check)} ${check.hint}`);
      tests.push({
        name: check.name,
        number: `${number}.${check.index}`,
        score: check.points,
        max_score: check.maxPoints,
        status: check.status,
        output: lines.join('\n'),
        output_format: 'text',
        tags: [exercise.id, ...(check.visibility === 'hidden' ? ['hidden-inputs'] : [])],
        visibility: check.visibility === 'hidden' ? options.hiddenVisibility ?? 'visible' : 'visible',
      });
    }
  });
  const summary = result.exercises.map((exercise) => `${exercise.id}: ${exercise.points}/${exercise.maxPoints}`);
  return {
    score: result.score,
    max_score: result.maxScore,
    execution_time: Math.max(1, Math.round(result.executionTimeMs / 1000)),
    output: [...(result.student ? [`Student: ${result.student}`] : []), ...summary, ...result.notes, ...result.warnings.map((warning) => `warning: ${warning}`), `Total: ${result.score}/${result.maxScore}`].join('\n'),
    output_format: 'text',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    extra_data: {
      max_score: result.maxScore,
      seed: result.seed,
      percent: Number(result.percent.toFixed(2)),
      isolation: result.isolation,
      backend: result.backend,
      ...(result.student ? { student: result.student } : {}),
      exercises: result.exercises.map((exercise) => ({ id: exercise.id, points: exercise.points, max_points: exercise.maxPoints, status: exercise.status })),
    },
    tests,
  };
}
