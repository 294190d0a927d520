// What `npm run watch` shows, as text: the exercise graded last (its checks with ✓/✗ and points), its
// first failing check with the reason and the hint level reached, the course progress and the next
// step, what runs now, and the keys. A pure function of its model, so tests read it without a terminal;
// marks and words carry the meaning, colour only helps.
import type { ChalkInstance } from 'chalk';
import type { CheckResult, ExerciseResult } from '../engine/types.ts';
import { hintTarget } from '../hints/target.ts';
import { levelLines } from '../hints/levels-text.ts';
import type { Progress } from './progress.ts';

export interface Shown {
  exercise: ExerciseResult;
  /** When it was graded (ms since the epoch). */
  gradedAt: number;
  /** 'cache': the files are unchanged since this result (an earlier watch graded them). */
  source: 'save' | 'start' | 'cache';
}

export interface ScreenModel {
  /** The watched folder as the learner knows it ("exercises/"). */
  watching: string;
  seed: number;
  shown?: Shown;
  /** The hint levels of a check (from its suite), given the exercise id and the check's full name. */
  hintsOf(exerciseId: string, checkName: string): readonly string[];
  /** The level reached for a check with `levels` levels (from .grade/hints.json), clamped. */
  levelOf(exerciseId: string, checkName: string, levels: number): number;
  progress: Progress;
  /** What runs now ("grading 04-sine-prediction…"), if anything. */
  activity?: string;
  /** The answer to the last key press or a problem to report. */
  message?: string;
  /** Whether keys work (stdin is a terminal). */
  keys: boolean;
}

const MAX_DETAILS = 8;

function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

function shortName(exerciseId: string, name: string): string {
  const prefix = `${exerciseId} › `;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function statusWord(exercise: ExerciseResult, c: ChalkInstance): string {
  if (exercise.status === 'passed') return c.green('complete');
  if (exercise.status === 'not-started') return c.dim('not started');
  if (exercise.status === 'partial') return c.yellow('partly done');
  if (exercise.status === 'could-not-grade') return c.magenta('could not grade');
  return c.red('not passing yet');
}

function checkLine(exerciseId: string, check: CheckResult, c: ChalkInstance): string {
  const mark = check.status === 'passed' ? c.green('✓') : check.outcome === 'not-started' ? c.dim('○') : c.red('✗');
  return `  ${mark} ${shortName(exerciseId, check.name)} ${c.dim(`${formatPoints(check.points)}/${formatPoints(check.maxPoints)}`)}`;
}

/** Every check, except that a run of 3 or more not-started checks is one line (they all say "implement …"). */
function checkLines(exercise: ExerciseResult, c: ChalkInstance): string[] {
  const out: string[] = [];
  const checks = exercise.checks;
  for (let i = 0; i < checks.length;) {
    let end = i;
    while (end < checks.length && checks[end].outcome === 'not-started') end++;
    if (end - i >= 3) {
      const points = checks.slice(i, end).reduce((sum, check) => sum + check.maxPoints, 0);
      out.push(`  ${c.dim('○')} ${end - i} checks not started yet, the first: ${shortName(exercise.id, checks[i].name)} ${c.dim(`0/${formatPoints(points)}`)}`);
      i = end;
    } else {
      out.push(checkLine(exercise.id, checks[i], c));
      i++;
    }
  }
  return out;
}

/** The check the `h` key acts on: the first failing one with hints (else the first failing one). */
export function focusCheck(exercise: ExerciseResult): CheckResult | undefined {
  return hintTarget(exercise) ?? exercise.checks.find((check) => check.status === 'failed');
}

function exerciseLines(model: ScreenModel, shown: Shown, c: ChalkInstance): string[] {
  const exercise = shown.exercise;
  const when = shown.source === 'cache' ? `last graded ${clock(shown.gradedAt)}, files unchanged since` : `graded ${clock(shown.gradedAt)}`;
  const out = [`${c.bold(exercise.id)}  ${formatPoints(exercise.points)}/${formatPoints(exercise.maxPoints)} points  ${statusWord(exercise, c)}  ${c.dim(`(${when})`)}`];
  out.push(...checkLines(exercise, c));
  out.push('');
  const focus = focusCheck(exercise);
  if (!focus) {
    out.push(c.green(`Every check of ${exercise.id} passes.`));
    return out;
  }
  out.push(`${c.bold('First failing check:')} ${shortName(exercise.id, focus.name)}`);
  out.push(`    ${focus.outcome === 'not-started' ? c.dim(focus.reason) : c.red(focus.reason)}`);
  for (const detail of focus.details.slice(0, MAX_DETAILS)) out.push(`    ${c.dim('│')} ${detail}`);
  if (focus.details.length > MAX_DETAILS) out.push(`    ${c.dim(`│ … ${focus.details.length - MAX_DETAILS} more lines (npm run grade -- ${exercise.id})`)}`);
  const hints = model.hintsOf(exercise.id, focus.name);
  if (hints.length > 0) out.push(...levelLines(hints, model.levelOf(exercise.id, focus.name, hints.length), c, '  '));
  return out;
}

function progressLines(progress: Progress, c: ChalkInstance): string[] {
  const bar = `[${'#'.repeat(progress.complete)}${'-'.repeat(Math.max(0, progress.total - progress.complete))}]`;
  const pending = progress.unknown > 0 ? c.dim(`  (${progress.unknown} not graded yet)`) : '';
  const out = [`${c.bold('Progress:')} ${progress.complete}/${progress.total} exercises complete ${bar}${pending}`];
  const next = progress.next;
  if (!next) {
    out.push(c.green('Every exercise is complete.'));
    return out;
  }
  const where = next.known ? `${formatPoints(next.known.points)}/${formatPoints(next.known.maxPoints)} points` : 'not graded yet';
  out.push(next.row
    ? `${c.bold('Next:')} step ${next.row.step} · ${next.row.text} ${c.dim(`(${where})`)}`
    : `${c.bold('Next:')} ${next.exerciseId} ${c.dim(`(${where}; not in the table of lessons/README.md)`)}`);
  if (next.lesson) out.push(`      its lesson: step ${next.lesson.step} · ${next.lesson.title} ${c.dim(`(${next.lesson.path})`)}`);
  return out;
}

function keyLine(model: ScreenModel, c: ChalkInstance): string {
  if (!model.keys) return c.dim('keys are off (stdin is not a terminal); Ctrl-C quits');
  const focus = model.shown ? focusCheck(model.shown.exercise) : undefined;
  const hints = focus && model.shown ? model.hintsOf(model.shown.exercise.id, focus.name) : [];
  let h = 'h next hint';
  if (focus && hints.length > 0) {
    const level = model.levelOf(model.shown!.exercise.id, focus.name, hints.length);
    h = level + 1 < hints.length ? `h next hint (${level + 2}/${hints.length})` : 'h (last hint shown)';
  }
  return c.dim(`keys: ${h} · q quit`);
}

export function renderScreen(model: ScreenModel, c: ChalkInstance): string {
  const out = [c.bold('npm run watch') + c.dim(` — grades an exercise when you save one of its files in ${model.watching} (seed ${model.seed})`), ''];
  if (model.shown) out.push(...exerciseLines(model, model.shown, c));
  else out.push(c.dim(`Waiting for a save in ${model.watching}`));
  out.push('', ...progressLines(model.progress, c), '');
  if (model.activity) out.push(c.yellow(model.activity));
  if (model.message) out.push(model.message);
  out.push(keyLine(model, c));
  return out.join('\n') + '\n';
}
