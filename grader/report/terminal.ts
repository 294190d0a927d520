// The report a learner reads in the terminal: per exercise its points, each check with ✓ or ✗,
// a one-line reason and the hint level reached ("hint (k/n)"), and the total last. Text from graded
// code only ever appears indented under a check or inside the fenced output block, so it cannot pass for a grader line.
import { Chalk, type ChalkInstance } from 'chalk';
import type { GradeResult, CheckResult, ExerciseResult } from '../engine/types.ts';
import { hintCommand, hintTarget } from '../hints/target.ts';

export interface TerminalOptions {
  color: boolean;
  /** Show what the submission printed (fenced, sanitized). */
  showOutput: boolean;
  /**
   * The learner's own exercises are graded: under the check `npm run hint` would raise, point at it
   * when more hint levels exist (not for someone else's submission, solutions, class grading).
   */
  hintPointer?: boolean;
}

function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

function statusWord(exercise: ExerciseResult, c: ChalkInstance): string {
  if (exercise.status === 'passed') return c.green('done');
  if (exercise.status === 'not-started') return c.dim('not started');
  if (exercise.status === 'partial') return c.yellow('partly done');
  if (exercise.status === 'could-not-grade') return c.magenta('could not grade');
  return c.red('not passing yet');
}

/** "hint:" for a hint of one level, "hint (k/n):" when it has levels (k counted from 1). */
export function hintLabel(check: Pick<CheckResult, 'hintLevel' | 'hintLevels'>): string {
  const levels = check.hintLevels ?? 1;
  return levels > 1 ? `hint (${(check.hintLevel ?? 0) + 1}/${levels}):` : 'hint:';
}

/** Whether a failing check shows its hint (a check still at the starter's todo() does not). */
export function showsHint(check: CheckResult): boolean {
  return check.status === 'failed' && Boolean(check.hint) && check.outcome !== 'not-started';
}

function checkLines(check: CheckResult, c: ChalkInstance, pointer?: string): string[] {
  const hiddenTag = check.visibility === 'hidden' ? c.dim(' [hidden inputs]') : '';
  const points = `${formatPoints(check.points)}/${formatPoints(check.maxPoints)}`;
  if (check.status === 'passed') return [`  ${c.green('✓')} ${check.name}${hiddenTag} ${c.dim(points)}`];
  const mark = check.outcome === 'not-started' ? c.dim('○') : c.red('✗');
  const lines = [`  ${mark} ${check.name}${hiddenTag} ${c.dim(points)}`];
  const reasonColor = check.outcome === 'not-started' ? c.dim : c.red;
  lines.push(`      ${reasonColor(check.reason)}`);
  for (const detail of check.details) lines.push(`      ${c.dim('│')} ${detail}`);
  if (showsHint(check)) {
    lines.push(`      ${c.cyan(hintLabel(check))} ${check.hint}`);
    if (pointer && (check.hintLevel ?? 0) + 1 < (check.hintLevels ?? 1)) lines.push(`      ${c.dim(`${pointer} for the next hint`)}`);
  }
  return lines;
}

export function renderTerminal(result: GradeResult, options: TerminalOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(`Grading ${result.submissionLabel}`) + (result.student ? ` for ${result.student}` : '') + c.dim(` (seed ${result.seed})`));
  for (const note of result.notes) out.push(c.dim(note));
  out.push('');
  for (const exercise of result.exercises) {
    out.push(`${c.bold(exercise.id)}  ${formatPoints(exercise.points)}/${formatPoints(exercise.maxPoints)} points  ${statusWord(exercise, c)}`);
    const target = options.hintPointer ? hintTarget(exercise) : undefined;
    for (const check of exercise.checks) out.push(...checkLines(check, c, check === target ? hintCommand(exercise.id) : undefined));
    if (exercise.output.length > 0) {
      if (options.showOutput) {
        out.push(c.dim(`  ┌─ printed by the submission while ${exercise.id} was graded (not part of the grade)`));
        for (const line of exercise.output) out.push(c.dim('  │ ') + line);
        out.push(c.dim('  └─'));
      } else {
        out.push(c.dim(`  (the submission printed ${exercise.output.length} line${exercise.output.length === 1 ? '' : 's'}; --show-output shows them)`));
      }
    }
    out.push('');
  }
  for (const warning of result.warnings) out.push(c.yellow(`warning: ${warning}`));
  if (result.warnings.length > 0) out.push('');
  const total = `${formatPoints(result.score)}/${formatPoints(result.maxScore)}`;
  const percent = `${result.percent.toFixed(1)}%`;
  const colorTotal = result.maxScore > 0 && result.score === result.maxScore ? c.green : result.score > 0 ? c.yellow : c.red;
  out.push(c.bold('Total: ') + colorTotal.bold(`${total} points (${percent})`) + c.dim(`  in ${(result.executionTimeMs / 1000).toFixed(1)} s`));
  return out.join('\n') + '\n';
}
