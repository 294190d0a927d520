// What `npm run watch` shows, as text: the exercise graded last (its checks with ✓/✗ and points), its
// first failing check with the reason and the hint level reached, the course progress and the next
// step, what runs now, and the keys. A pure function of its model, so tests read it without a terminal;
// marks and words carry the meaning, colour only helps. On a terminal of known size the lines wrap to
// its width, and a screen taller than the terminal is made shorter (passing checks counted, then only
// the failing ones up to the first listed) so that the first failing check and the progress stay in view.
import type { ChalkInstance } from 'chalk';
import type { CheckResult, ExerciseResult } from '../engine/types.ts';
import { hintTarget, shortId } from '../hints/target.ts';
import { levelLines } from '../hints/levels-text.ts';
import { cutLine, wrapText } from './layout.ts';
import type { Progress } from './progress.ts';

export interface Shown {
  exercise: ExerciseResult;
  /** When it was graded (ms since the epoch). */
  gradedAt: number;
  /** 'cache': the files are unchanged since this result (an earlier watch graded them). */
  source: 'save' | 'start' | 'cache';
  /** How long the grading took (ms), when this watch graded it. */
  tookMs?: number;
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
  /** The terminal's columns and rows, when known: lines wrap to the width, the screen fits the height. */
  width?: number;
  height?: number;
}

/**
 * How much of the check list is shown: everything, passing runs counted, only the failing ones, or
 * one line of counts (the first failing check is named in full below the list in every form).
 */
type Detail = 'all' | 'count-passing' | 'failing-only' | 'counts';

/** One form of the screen, from the check list's detail down to the lines that only help. */
interface Form {
  detail: Detail;
  /** Every hint level reached, or the newest only. */
  allLevels: boolean;
  /** Lines of the failure's details. */
  details: number;
  /** Listed checks cut to one line with "…" instead of wrapped. */
  cut: boolean;
  /** The lesson of the next step and the pointer to npm run grade. */
  extras: boolean;
}

/** From the longest form to the shortest; the first that fits the terminal is shown. */
const FORMS: readonly Form[] = [
  { detail: 'all', allLevels: true, details: 8, cut: false, extras: true },
  { detail: 'count-passing', allLevels: true, details: 8, cut: false, extras: true },
  { detail: 'failing-only', allLevels: true, details: 8, cut: false, extras: true },
  { detail: 'failing-only', allLevels: false, details: 4, cut: true, extras: true },
  { detail: 'failing-only', allLevels: false, details: 1, cut: true, extras: false },
  { detail: 'counts', allLevels: false, details: 1, cut: true, extras: false },
  { detail: 'counts', allLevels: false, details: 0, cut: true, extras: false },
];

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

/**
 * The checks, except that a run of 3 or more not-started checks is one line (they all say "implement …");
 * with 'count-passing' a run of 2 or more passing checks is one line too; with 'failing-only' the
 * passing checks are one count and only the first few failing ones are listed.
 */
function checkLines(exercise: ExerciseResult, c: ChalkInstance, form: Form): string[] {
  const detail = form.detail;
  const out: string[] = [];
  const checks = exercise.checks;
  const sum = (list: readonly CheckResult[], key: 'points' | 'maxPoints') => list.reduce((total, check) => total + check[key], 0);
  if (detail === 'counts') {
    const passing = checks.filter((check) => check.status === 'passed').length;
    const notStarted = checks.filter((check) => check.status === 'failed' && check.outcome === 'not-started').length;
    const failing = checks.length - passing - notStarted;
    out.push(`  ${c.green('✓')} ${passing} pass · ${c.red('✗')} ${failing} failing · ${c.dim('○')} ${notStarted} not started`);
    return out;
  }
  if (detail === 'failing-only') {
    const passing = checks.filter((check) => check.status === 'passed');
    const failing = checks.filter((check) => check.status === 'failed');
    if (passing.length > 0) out.push(`  ${c.green('✓')} ${passing.length} check${passing.length === 1 ? '' : 's'} pass ${c.dim(`${formatPoints(sum(passing, 'points'))}/${formatPoints(sum(passing, 'maxPoints'))}`)}`);
    // The failing checks that ran come first (the first failing check shown below is among them).
    const ran = failing.filter((check) => check.outcome !== 'not-started');
    const listed = ran.length > 0 ? ran.slice(0, 2) : failing.slice(0, 1);
    for (const check of listed) out.push(checkLine(exercise.id, check, c));
    const rest = failing.filter((check) => !listed.includes(check));
    const failed = rest.filter((check) => check.outcome !== 'not-started');
    const notStarted = rest.filter((check) => check.outcome === 'not-started');
    const more = listed.length > 0 ? ' more' : '';
    if (failed.length > 0) out.push(`  ${c.red('✗')} ${failed.length}${more} check${failed.length === 1 ? '' : 's'} not passing ${c.dim(`${formatPoints(sum(failed, 'points'))}/${formatPoints(sum(failed, 'maxPoints'))}`)}`);
    if (notStarted.length > 0) out.push(`  ${c.dim('○')} ${notStarted.length}${failed.length > 0 ? '' : more} check${notStarted.length === 1 ? '' : 's'} not started yet ${c.dim(`0/${formatPoints(sum(notStarted, 'maxPoints'))}`)}`);
    if (rest.length > 0 && form.extras) out.push(c.dim(`    (npm run grade -- ${shortId(exercise.id)} lists every check)`));
    return out;
  }
  for (let i = 0; i < checks.length;) {
    let end = i;
    while (end < checks.length && checks[end].outcome === 'not-started') end++;
    if (end - i >= 3) {
      const points = checks.slice(i, end).reduce((total, check) => total + check.maxPoints, 0);
      out.push(`  ${c.dim('○')} ${end - i} checks not started yet, the first: ${shortName(exercise.id, checks[i].name)} ${c.dim(`0/${formatPoints(points)}`)}`);
      i = end;
      continue;
    }
    end = i;
    while (end < checks.length && checks[end].status === 'passed') end++;
    if (detail === 'count-passing' && end - i >= 2) {
      const run = checks.slice(i, end);
      out.push(`  ${c.green('✓')} ${run.length} checks pass ${c.dim(`${formatPoints(sum(run, 'points'))}/${formatPoints(sum(run, 'maxPoints'))}`)}`);
      i = end;
      continue;
    }
    out.push(checkLine(exercise.id, checks[i], c));
    i++;
  }
  return out;
}

/** The check the `h` key acts on: the first failing one with hints (else the first failing one). */
export function focusCheck(exercise: ExerciseResult): CheckResult | undefined {
  return hintTarget(exercise) ?? exercise.checks.find((check) => check.status === 'failed');
}

/** The first failing check's file does not load (a syntax error): its hints are for checks that run. */
export function notLoading(check: CheckResult | undefined): boolean {
  return check?.outcome === 'load-error';
}

function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

function exerciseLines(model: ScreenModel, shown: Shown, c: ChalkInstance, form: Form): string[] {
  const { allLevels, details: maxDetails } = form;
  const exercise = shown.exercise;
  const when = shown.source === 'cache'
    ? `graded ${clock(shown.gradedAt)}, unchanged since`
    : `graded ${clock(shown.gradedAt)}${shown.tookMs !== undefined ? ` in ${seconds(shown.tookMs)} s` : ''}`;
  const out = [`${c.bold(exercise.id)}  ${formatPoints(exercise.points)}/${formatPoints(exercise.maxPoints)} points  ${statusWord(exercise, c)}  ${c.dim(`(${when})`)}`];
  const listed = checkLines(exercise, c, form);
  out.push(...(form.cut && model.width ? listed.map((line) => cutLine(line, model.width!)) : listed));
  out.push('');
  const focus = focusCheck(exercise);
  if (!focus) {
    out.push(c.green(`Every check of ${exercise.id} passes.`));
    return out;
  }
  if (notLoading(focus)) {
    // Every check fails for the same reason; the hints speak of the step, not of the syntax.
    out.push(`${c.bold('Your file does not compile:')} ${c.red(focus.reason)}`);
    for (const line of focus.details.slice(0, maxDetails)) out.push(`    ${c.dim('│')} ${line}`);
    out.push(c.dim('    Fix it and save again; the checks and their hints come back once the file loads.'));
    return out;
  }
  out.push(`${c.bold('First failing check:')} ${shortName(exercise.id, focus.name)}`);
  out.push(`    ${focus.outcome === 'not-started' ? c.dim(focus.reason) : c.red(focus.reason)}`);
  for (const line of focus.details.slice(0, maxDetails)) out.push(`    ${c.dim('│')} ${line}`);
  if (focus.details.length > maxDetails) out.push(`    ${c.dim(`│ … ${focus.details.length - maxDetails} more lines (npm run grade -- ${shortId(exercise.id)})`)}`);
  const hints = model.hintsOf(exercise.id, focus.name);
  if (hints.length > 0) {
    const level = model.levelOf(exercise.id, focus.name, hints.length);
    const lines = levelLines(hints, level, c, '  ');
    // Short of room, the earlier levels give way to the newest one.
    out.push(...(allLevels ? lines : lines.slice(-1)));
  }
  return out;
}

function progressLines(progress: Progress, c: ChalkInstance, form: Form): string[] {
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
  if (next.lesson && form.extras) out.push(`      its lesson: step ${next.lesson.step} · ${next.lesson.title} ${c.dim(`(${next.lesson.path})`)}`);
  return out;
}

function keyLine(model: ScreenModel, c: ChalkInstance): string {
  if (!model.keys) return c.dim('keys are off (stdin is not a terminal); Ctrl-C quits');
  const focus = model.shown ? focusCheck(model.shown.exercise) : undefined;
  const hints = focus && model.shown ? model.hintsOf(model.shown.exercise.id, focus.name) : [];
  let h = 'h next hint';
  if (notLoading(focus)) h = 'h (no hint while the file does not compile)';
  else if (focus && hints.length > 0) {
    const level = model.levelOf(model.shown!.exercise.id, focus.name, hints.length);
    h = level + 1 < hints.length ? `h next hint (${level + 2}/${hints.length})` : 'h (last hint shown)';
  }
  return c.dim(`keys: ${h} · q quit`);
}

function screenLines(model: ScreenModel, c: ChalkInstance, form: Form): string[] {
  const out = [c.bold('npm run watch') + c.dim(` — save a file in ${model.watching} and its exercise is graded (seed ${model.seed})`), ''];
  if (model.shown) out.push(...exerciseLines(model, model.shown, c, form));
  else out.push(`Waiting for a save in ${model.watching}: edit a file of the next step's exercise (below) and save it.`);
  out.push('', ...progressLines(model.progress, c, form), '');
  if (model.activity) out.push(c.yellow(model.activity));
  if (model.message) out.push(...model.message.split('\n'));
  out.push(keyLine(model, c));
  return wrapText(out, model.width);
}

/** The screen as text; on a terminal of known height, the first of the shorter forms that fits (else the shortest). */
export function renderScreen(model: ScreenModel, c: ChalkInstance): string {
  let lines: string[] = [];
  for (const form of FORMS) {
    lines = screenLines(model, c, form);
    // One row stays free for the cursor, so the top line does not scroll away.
    if (!model.height || lines.length < model.height) break;
  }
  return lines.join('\n') + '\n';
}
