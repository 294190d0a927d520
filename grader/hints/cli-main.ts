// `npm run hint -- <id>`: grades one exercise of the learner's own exercises/, finds its first failing
// check, reveals that check's next hint level and remembers it in .grade/hints.json (see state.ts);
// the next `npm run grade` and `npm run watch` show that level. `--show` prints the levels reached,
// `--reset` returns the exercise to the first levels. As a function, so tests call it in-process.
// Exit codes: 0 done (whatever the grade), 2 the command could not run (bad id, unknown flag, …).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { Chalk, type ChalkInstance } from 'chalk';
import { join, relative, resolve } from 'node:path';
import { runGrade, loadExercises, COURSE_ROOT, GraderError, type GradeLimits, type ExerciseResult } from '../run.ts';
import { findSuites } from '../engine/suites.ts';
import { resolveId } from '../engine/resolve-id.ts';
import type { RegisteredCheck } from '../kit/check.ts';
import { checkKey, hintLevelsFrom, hintStateFile, raiseLevel, readHintState, resetExercise, shownLevel, updateHintState } from './state.ts';
import { hintCommand, hintTarget } from './target.ts';
import { levelLines } from './levels-text.ts';
import { lessonBefore, readToc, tocFile } from '../watch/toc.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 2;

export interface HintIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

interface HintFlags {
  reset?: boolean;
  show?: boolean;
  exercises?: string;
  color: boolean;
  seed?: number;
  suitesOnly?: string;
  toc?: string;
  limits?: Partial<GradeLimits>;
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return parsed;
}

function limitsJson(value: string): Partial<GradeLimits> {
  try {
    return JSON.parse(value) as Partial<GradeLimits>;
  } catch {
    throw new InvalidArgumentError(`expected JSON such as '{"callTimeoutMs": 2000}', got '${value}'`);
  }
}

function buildProgram(io: HintIo): Command {
  return new Command('hint')
    .description('Reveal the next hint level of the first failing check of an exercise (remembered in .grade/hints.json).')
    .argument('[exercise]', 'the exercise: an id number (4, 04) or part of a name (sine)')
    .option('--show', 'print the hint levels reached in this exercise, without grading or raising')
    .option('--reset', 'back to the first hint level for every check of this exercise')
    .option('--exercises <dir>', 'your copy of exercises/ (default: exercises/); the levels live in .grade/ beside it')
    .option('--no-color', 'plain text output')
    .addOption(new Option('--seed <n>', 'seed of the hidden checks\' inputs').argParser(integer).hideHelp())
    // Internal: the tests use fixture suites, a fixture table of contents and short limits.
    .addOption(new Option('--suites-only <dir>', 'use only the suites of <dir>').hideHelp())
    .addOption(new Option('--toc <file>', 'the table of contents (default lessons/README.md)').hideHelp())
    .addOption(new Option('--limits <json>', 'override time and memory limits').argParser(limitsJson).hideHelp())
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) });
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

/** Where to look once the last level is out: the exercise README's hints and the lesson it practises. */
export function afterLastLevel(exerciseId: string, tocPath: string): string {
  const lesson = lessonBefore(readToc(tocPath), exerciseId);
  const where = lesson ? `lesson ${lesson.path} (${lesson.title})` : 'its lesson (lessons/README.md lists which)';
  return `That was the last hint for this check. Read the step's hints in exercises/${exerciseId}/README.md and ${where}.`;
}

function showLevels(id: string, checks: RegisteredCheck[], file: string, c: ChalkInstance, io: HintIo): void {
  const { state, problem } = readHintState(file);
  if (problem) io.stderr.write(`hint: ${problem}\n`);
  const raised = checks.filter((check) => check.hints.length > 0 && shownLevel(state, id, check.path.join(' › '), check.hints.length) > 0);
  const withHints = checks.filter((check) => check.hints.length > 0).length;
  const out: string[] = [c.bold(`Hint levels reached in ${id}`) + c.dim(` (${display(file)})`)];
  for (const check of raised) {
    const level = shownLevel(state, id, check.path.join(' › '), check.hints.length);
    out.push(`${id} › ${check.path.join(' › ')}  ${c.dim(`hint ${level + 1}/${check.hints.length}`)}`);
    out.push(...levelLines(check.hints, level, c));
  }
  const rest = withHints - raised.length;
  out.push(raised.length === 0
    ? `Every check is at its first hint level (${withHints} check${withHints === 1 ? '' : 's'} with hints).`
    : `${rest} other check${rest === 1 ? '' : 's'} at the first level.`);
  io.stdout.write(out.join('\n') + '\n');
}

function revealNext(exercise: ExerciseResult, checks: RegisteredCheck[], file: string, tocPath: string, c: ChalkInstance, io: HintIo): void {
  const id = exercise.id;
  const failing = exercise.checks.filter((check) => check.status === 'failed');
  if (failing.length === 0) {
    io.stdout.write(`${c.green('✓')} every check of ${id} passes (${formatPoints(exercise.points)}/${formatPoints(exercise.maxPoints)} points): no hint needed.\n`);
    return;
  }
  const target = hintTarget(exercise);
  if (!target) {
    io.stdout.write(`The failing checks of ${id} have no hints. Read the steps in exercises/${id}/README.md.\n`);
    return;
  }
  if (target.outcome === 'load-error') {
    // A file that does not compile fails every check the same way: no level is spent on it.
    io.stdout.write(`${c.red('✗')} ${id} does not compile yet, so no hint level was raised:\n    ${target.reason}\nFix it, then ${hintCommand(id)} again.\n`);
    return;
  }
  const key = checkKey(id, target.name);
  const hints = checks.find((check) => check.path.join(' › ') === key)?.hints ?? [];
  const { result: outcome, problem } = updateHintState(file, (state) => raiseLevel(state, id, target.name, hints.length));
  if (problem) io.stderr.write(`hint: ${problem}\n`);
  const out = [
    `${c.red('✗')} ${target.name} ${c.dim(`${formatPoints(target.points)}/${formatPoints(target.maxPoints)}`)}`,
    `    ${target.reason}`,
    ...levelLines(hints, outcome.level, c, '  '),
  ];
  if (outcome.raised) {
    out.push(c.dim(outcome.level + 1 < hints.length
      ? `hint ${outcome.level + 1}/${hints.length} revealed; ${hintCommand(id)} again for the next one.`
      : `hint ${outcome.level + 1}/${hints.length} revealed: the last one.`));
  } else {
    out.push(afterLastLevel(id, tocPath));
  }
  io.stdout.write(out.join('\n') + '\n');
}

export async function main(argv: string[], io: HintIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_FAILED;
    throw error;
  }
  const flags = program.opts<HintFlags>();
  const c = new Chalk({ level: flags.color && (io.stdout.isTTY || Boolean(process.env.FORCE_COLOR)) ? 1 : 0 });
  try {
    if (flags.reset && flags.show) throw new GraderError('use either --reset or --show, not both');
    // Said in the learner's words rather than commander's "missing required argument".
    if (program.args[0] === undefined) throw new GraderError('which exercise? Name it after --, for example: npm run hint -- 01 (an id number or part of a name)');
    const exercisesDir = resolve(flags.exercises ?? join(COURSE_ROOT, 'exercises'));
    const file = hintStateFile(exercisesDir);
    const suiteDirs = [flags.suitesOnly ? resolve(flags.suitesOnly) : join(COURSE_ROOT, 'grader', 'suites')];
    const suites = findSuites(suiteDirs);
    const resolution = resolveId(program.args[0], [...new Set(suites.map((suite) => suite.exerciseId))], 'exercise');
    if (!resolution.ok) throw new GraderError(resolution.message);
    const id = resolution.id;
    if (flags.reset) {
      const { result: count, problem } = updateHintState(file, (state) => resetExercise(state, id));
      if (problem) io.stderr.write(`hint: ${problem}\n`);
      io.stdout.write(`Hints of ${id} are back at their first level${count > 0 ? ` (${count} check${count === 1 ? '' : 's'} had a higher one)` : ''}.\n`);
      return EXIT_OK;
    }
    const checks = (await loadExercises(suites.filter((suite) => suite.exerciseId === id))).get(id) ?? [];
    if (flags.show) {
      showLevels(id, checks, file, c, io);
      return EXIT_OK;
    }
    const { state, problem } = readHintState(file);
    if (problem) io.stderr.write(`hint: ${problem}\n`);
    io.stderr.write(c.dim(`grading ${id}…\n`));
    const result = await runGrade({
      filters: [id],
      submissionDir: exercisesDir,
      suiteDirs,
      hintLevel: hintLevelsFrom(state),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.limits ? { limits: flags.limits } : {}),
    });
    const exercise = result.exercises.find((candidate) => candidate.id === id);
    if (!exercise) throw new GraderError(`${id} was not graded`);
    revealNext(exercise, checks, file, flags.toc ? resolve(flags.toc) : tocFile(COURSE_ROOT), c, io);
    return EXIT_OK;
  } catch (error) {
    const message = error instanceof GraderError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error);
    io.stderr.write(`hint: could not run: ${message}\n`);
    return EXIT_FAILED;
  }
}
